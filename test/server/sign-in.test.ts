// createSignIn end to end against the fake: start, the consent page, finish; the cookies each step leaves.
import { describe, expect, it, vi } from "vitest";
import { AuthorizationDeniedError, ForbiddenResponseError, InvalidRequestError } from "../../src/index.js";
import { createFakeOpenRouter, FAKE_USER_ID, simulateUser } from "../../src/testing/index.js";
import { rejectionOf } from "../support/fixtures.js";
import { APP, CookieJar, OLD_SECRET, SECRET, signInWith, startAndDecide, testApp } from "./support.js";

const exchanges = (app: ReturnType<typeof testApp>) => app.fake.calls.exchangeAuthCodeForAPIKey;

describe("start", () => {
  it("redirects to OpenRouter with an S256 challenge, a state in the callback URL and the key label", async () => {
    const app = testApp({ keyLabel: "My app" });
    const response = await app.signIn.start(new Request(`${APP}/start`), { returnTo: "/settings" });
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get("location")!);
    expect(location.origin + location.pathname).toBe("https://openrouter.test/auth");
    expect(location.searchParams.get("code_challenge")).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(location.searchParams.get("code_challenge_method")).toBe("S256");
    expect(location.searchParams.get("key_label")).toBe("My app");
    const callback = new URL(location.searchParams.get("callback_url")!);
    expect(callback.origin + callback.pathname).toBe(`${APP}/auth/openrouter/callback`);
    expect(callback.searchParams.get("state")).toMatch(/^[0-9a-f]{32}$/);
  });

  it("sets one sealed cookie: __Host-, Secure, HttpOnly, SameSite=Lax, Path=/, ten minutes; never cached", async () => {
    const response = await testApp().signIn.start(new Request(`${APP}/start`));
    const [cookie, ...others] = response.headers.getSetCookie();
    expect(others).toEqual([]);
    expect(cookie).toMatch(/^__Host-openrouter-sign-in-[0-9a-f]{16}=v1\.[A-Za-z0-9_-]+; /);
    expect(cookie!.split("; ").slice(1).sort()).toEqual(["HttpOnly", "Max-Age=600", "Path=/", "SameSite=Lax", "Secure"]);
    expect(response.headers.get("cache-control")).toBe("no-store");
  });

  it("keeps the verifier out of the cookie's readable text and out of the URL", async () => {
    const app = testApp();
    const jar = new CookieJar();
    const callback = await startAndDecide(app, jar);
    const cookie = jar.header();
    await app.signIn.finish(jar.request(callback));
    const verifier = app.exchanged[0]!.code_verifier;
    expect(verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(callback).not.toContain(verifier);
    // Neither as text nor once its value is decoded from base64url: the cookie is sealed, not merely encoded.
    const sealed = /=v1\.([A-Za-z0-9_-]+)/.exec(cookie)![1]!;
    for (const text of [cookie, atob(sealed.replace(/-/g, "+").replace(/_/g, "/"))]) expect(text).not.toContain(verifier);
  });

  it("makes a fresh PKCE pair and state for every sign-in", async () => {
    const app = testApp();
    const locations = await Promise.all([1, 2, 3].map(async () => new URL((await app.signIn.start(new Request(`${APP}/start`))).headers.get("location")!)));
    expect(new Set(locations.map((url) => url.searchParams.get("code_challenge"))).size).toBe(3);
    expect(new Set(locations.map((url) => url.searchParams.get("callback_url"))).size).toBe(3);
  });

  it("on a loopback http callback URL, names the cookie without __Host- and leaves out Secure", async () => {
    const app = testApp({ callbackUrl: "http://127.0.0.1:3000/callback" });
    const [cookie] = (await app.signIn.start(new Request("http://127.0.0.1:3000/start"))).headers.getSetCookie();
    expect(cookie).toMatch(/^openrouter-sign-in-[0-9a-f]{16}=/);
    expect(cookie).not.toContain("Secure");
    expect(cookie).toContain("HttpOnly");
  });

  it("warns once, naming both hosts, when started on another host than the callback URL's, whose cookies differ", async () => {
    const warnings: string[] = [];
    const app = testApp({ callbackUrl: "http://localhost:3000/callback", onWarning: (message) => void warnings.push(message) });
    await app.signIn.start(new Request("http://127.0.0.1:3000/start"));
    await app.signIn.start(new Request("http://127.0.0.1:3000/start"));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain("127.0.0.1");
    expect(warnings[0]).toContain("localhost");
  });

  it("does not warn on the callback URL's host, whatever the scheme or port (cookies ignore both)", async () => {
    const warnings: string[] = [];
    const app = testApp({ callbackUrl: "http://localhost:3000/callback", onWarning: (message) => void warnings.push(message) });
    await app.signIn.start(new Request("http://localhost:3000/start"));
    await app.signIn.start(new Request("http://localhost:4000/start"));
    await testApp({ onWarning: (message) => void warnings.push(message) }).signIn.start(new Request(`${APP.replace("https:", "http:")}/start`));
    expect(warnings).toEqual([]);
  });

  it("warns through console.warn unless onWarning is set", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      await testApp({ callbackUrl: "http://localhost:3000/callback" }).signIn.start(new Request("http://127.0.0.1:3000/start"));
      expect(warn).toHaveBeenCalledTimes(1);
    } finally {
      warn.mockRestore();
    }
  });

});

describe("the cookies one browser holds", () => {
  /** The bytes of the browser's cookies for the app, `name=value` each, as a request carries them. */
  const bytesIn = (jar: CookieJar) => [...jar.cookies].reduce((sum, [name, value]) => sum + name.length + 1 + value.length, 0);
  /** The longest returnTo start takes. */
  const LONGEST = `/${"a".repeat(1999)}`;
  const pendingNames = (jar: CookieJar) => [...jar.cookies.keys()].filter((name) => name.startsWith("__Host-openrouter-sign-in-"));

  it("keeps at least ten short pending sign-ins, then drops the oldest first, one for each new one", async () => {
    const app = testApp();
    const jar = new CookieJar();
    const started: string[] = [];
    let most = 0;
    for (let i = 0; i < 20; i++) {
      const [cookie] = jar.take(await app.signIn.start(jar.request(`${APP}/start`))).headers.getSetCookie().slice(-1);
      started.push(cookie!.slice(0, cookie!.indexOf("=")));
      const held = pendingNames(jar);
      // The newest ones, in the order they were started: none newer dropped before an older one.
      expect(held).toEqual(started.slice(-held.length));
      expect(held.length).toBeGreaterThanOrEqual(most);
      most = Math.max(most, held.length);
      expect(bytesIn(jar)).toBeLessThan(4096);
    }
    expect(most).toBeGreaterThanOrEqual(10);
    expect(most).toBeLessThan(20);
  });

  it("stays under 4 KB through many starts with the longest returnTo: the session is kept, the newest completes, the oldest is refused", async () => {
    const app = testApp();
    const jar = new CookieJar();
    const signedIn = await signInWith(app, jar);
    const callbacks: string[] = [];
    for (let i = 0; i < 12; i++) {
      callbacks.push(await startAndDecide(app, jar, "approve", LONGEST));
      expect(bytesIn(jar)).toBeLessThan(4096);
      expect(jar.cookies.has("__Host-openrouter-session")).toBe(true);
      expect(pendingNames(jar)).toHaveLength(1);
    }
    expect(await app.signIn.keyOf(jar.request(`${APP}/`))).toBe(signedIn.key);
    const oldest = await rejectionOf(app.signIn.finish(jar.request(callbacks[0]!)));
    expect(oldest).toBeInstanceOf(InvalidRequestError);
    // Others are still pending in this browser, so the dropped one's state matches none of them.
    expect(oldest.field).toBe("state");
    const newest = await app.signIn.finish(jar.request(callbacks.at(-1)!));
    expect(newest.returnTo).toBe(LONGEST);
    expect(newest.key).toBe(app.minted.at(-1));
    expect(exchanges(app)).toBe(2);
  });

  it("two tabs whose returnTo is short both complete beside a session", async () => {
    const app = testApp();
    const jar = new CookieJar();
    await signInWith(app, jar);
    const first = await startAndDecide(app, jar, "approve", `/${"b".repeat(500)}`);
    const second = await startAndDecide(app, jar, "approve", `/${"c".repeat(500)}`);
    expect(pendingNames(jar)).toHaveLength(2);
    jar.take((await app.signIn.finish(jar.request(first))).response);
    jar.take((await app.signIn.finish(jar.request(second))).response);
    expect([...jar.cookies.keys()]).toEqual(["__Host-openrouter-session"]);
  });

  it("clears a pile of pending sign-ins down to under 4 KB at the next start, which completes", async () => {
    const app = testApp();
    const jar = new CookieJar();
    // Nine, started by requests that carried none of them (tabs racing each other): about 26 KB.
    for (let i = 0; i < 9; i++) jar.take(await app.signIn.start(new Request(`${APP}/start`), { returnTo: LONGEST }));
    expect(bytesIn(jar)).toBeGreaterThan(16_000);
    const callback = await startAndDecide(app, jar);
    expect(bytesIn(jar)).toBeLessThan(4096);
    expect((await app.signIn.finish(jar.request(callback))).returnTo).toBe("/");
  });
});

describe("finish", () => {
  it("exchanges the code once and answers a redirect to returnTo that clears the sign-in's cookie and sets the session", async () => {
    const app = testApp();
    const jar = new CookieJar();
    const callback = await startAndDecide(app, jar, "approve", "/settings?tab=keys");
    const pendingName = [...jar.cookies.keys()][0]!;
    const finished = await app.signIn.finish(jar.request(callback));
    expect(finished.key).toBe(app.minted[0]);
    expect(finished.user_id).toBe(FAKE_USER_ID);
    expect(finished.returnTo).toBe("/settings?tab=keys");
    expect(finished.response.status).toBe(302);
    expect(finished.response.headers.get("location")).toBe(`${APP}/settings?tab=keys`);
    expect(finished.response.headers.get("cache-control")).toBe("no-store");
    expect(finished.response.headers.get("referrer-policy")).toBe("no-referrer");
    const cookies = finished.response.headers.getSetCookie();
    expect(cookies[0]).toBe(`${pendingName}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax; Secure`);
    expect(cookies[1]).toMatch(/^__Host-openrouter-session=v1\.[A-Za-z0-9_-]+; Path=\/; Max-Age=2592000; HttpOnly; SameSite=Lax; Secure$/);
    expect(exchanges(app)).toBe(1);
    jar.take(finished.response);
    expect(await app.signIn.keyOf(jar.request(`${APP}/`))).toBe(finished.key);
    expect(await app.signIn.sessionOf(jar.request(`${APP}/`))).toEqual({ key: finished.key, user_id: FAKE_USER_ID });
  });

  it("without session, sets no session cookie and leaves the key to the app", async () => {
    const app = testApp({ session: false });
    const jar = new CookieJar();
    const finished = await signInWith(app, jar);
    expect(finished.key).toBe(app.minted[0]);
    expect(finished.response.headers.getSetCookie()).toHaveLength(1);
    expect(jar.cookies.size).toBe(0);
    await expect(app.signIn.keyOf(jar.request(`${APP}/`))).rejects.toThrow(InvalidRequestError);
    await expect(app.signIn.keyOf(jar.request(`${APP}/`))).rejects.toMatchObject({ field: "session" });
  });

  it("a reloaded callback is refused without a second exchange, once the browser has dropped the cookie", async () => {
    const app = testApp();
    const jar = new CookieJar();
    const callback = await startAndDecide(app, jar);
    jar.take((await app.signIn.finish(jar.request(callback))).response);
    const err = await rejectionOf(app.signIn.finish(jar.request(callback)));
    expect(err).toBeInstanceOf(InvalidRequestError);
    expect(err.field).toBe("cookie");
    expect(exchanges(app)).toBe(1);
  });

  it("a reload before the first answer arrived gets that exchange's key, and the code is sent once", async () => {
    const app = testApp();
    const jar = new CookieJar();
    const callback = await startAndDecide(app, jar);
    // The browser leaves the first request for the reload, so only the second answer reaches it.
    const [first, second] = await Promise.all([app.signIn.finish(jar.request(callback)), app.signIn.finish(jar.request(callback))]);
    expect(second.key).toBe(first.key);
    jar.take(second.response);
    expect(await app.signIn.keyOf(jar.request(`${APP}/`))).toBe(first.key);
    expect(exchanges(app)).toBe(1);
  });

  it("a code that never reached OpenRouter is sent again when the callback is reloaded", async () => {
    const fake = createFakeOpenRouter();
    let refused = 0;
    const app = testApp({
      async fetch(request) {
        // The first exchange finds nobody listening: nothing was sent, so the code is unspent.
        if (refused++ === 0) throw Object.assign(new TypeError("fetch failed"), { cause: { code: "ECONNREFUSED" } });
        return fake.fetch(request);
      },
    }, fake);
    const jar = new CookieJar();
    const callback = await startAndDecide(app, jar);
    const failed = await rejectionOf(app.signIn.finish(jar.request(callback)));
    expect(failed).toMatchObject({ name: "ConnectionError", notSent: true });
    expect((await app.signIn.finish(jar.request(callback))).key).toMatch(/^sk-or-v1-/);
    expect(exchanges(app)).toBe(1);
  });

  it("a denial is AuthorizationDeniedError, with no exchange", async () => {
    const app = testApp();
    const jar = new CookieJar();
    const callback = await startAndDecide(app, jar, "deny");
    const err = await rejectionOf(app.signIn.finish(jar.request(callback)));
    expect(err).toBeInstanceOf(AuthorizationDeniedError);
    expect(err.error).toBe("access_denied");
    expect(exchanges(app)).toBe(0);
  });

  it("refuses the callback of a sign-in started on another host, naming the callback URL's host", async () => {
    const app = testApp({ callbackUrl: "http://localhost:3000/callback", onWarning: () => {} });
    // Two browsers' worth of cookies: the browser keeps 127.0.0.1's apart from localhost's.
    const onLoopbackAddress = new CookieJar();
    const started = onLoopbackAddress.take(await app.signIn.start(onLoopbackAddress.request("http://127.0.0.1:3000/start")));
    const user = await simulateUser(started.headers.get("location")!, "approve", { fetch: app.fake.fetch, follow: false });
    const err = await rejectionOf(app.signIn.finish(new CookieJar().request(user.redirectedTo!)));
    expect(err).toBeInstanceOf(InvalidRequestError);
    expect(err.field).toBe("cookie");
    expect(err.message).toContain("localhost:3000");
    expect(exchanges(app)).toBe(0);
  });

  it("refuses a callback with no pending sign-in in the browser (a forgery, or another browser's link)", async () => {
    const app = testApp();
    const callback = await startAndDecide(app, new CookieJar());
    const err = await rejectionOf(app.signIn.finish(new CookieJar().request(callback)));
    expect(err).toBeInstanceOf(InvalidRequestError);
    expect(err.field).toBe("cookie");
    expect(exchanges(app)).toBe(0);
  });

  it("a forged callback (another state, or none) is refused for its state and leaves the real pending sign-in to complete", async () => {
    const app = testApp();
    const jar = new CookieJar();
    const callback = await startAndDecide(app, jar);
    const forged = new URL(callback);
    forged.searchParams.set("state", "0".repeat(32));
    forged.searchParams.set("code", "attacker-code");
    expect(await rejectionOf(app.signIn.finish(jar.request(forged.href)))).toMatchObject({ field: "state", code: "state_mismatch" });
    forged.searchParams.delete("state");
    expect(await rejectionOf(app.signIn.finish(jar.request(forged.href)))).toMatchObject({ field: "state", code: "state_mismatch" });
    // The start of the real state (which names its cookie) with another end: found, and refused by the sealed state.
    const real = new URL(callback).searchParams.get("state")!;
    forged.searchParams.set("state", `${real.slice(0, 16)}${"0".repeat(16)}`);
    expect(await rejectionOf(app.signIn.finish(jar.request(forged.href)))).toMatchObject({ field: "state", code: "state_mismatch" });
    expect(exchanges(app)).toBe(0);
    const finished = await app.signIn.finish(jar.request(callback));
    expect(finished.key).toBe(app.minted[0]);
  });

  it("refuses a sign-in's cookie presented under another sign-in's name (the name is bound into the seal)", async () => {
    const app = testApp();
    const jar = new CookieJar();
    const first = await startAndDecide(app, jar);
    const [firstName, firstValue] = [...jar.cookies][0]!;
    const other = new CookieJar();
    const second = await startAndDecide(app, other);
    const [secondName] = [...other.cookies][0]!;
    const moved = new CookieJar();
    moved.cookies.set(secondName!, firstValue!);
    expect((await rejectionOf(app.signIn.finish(moved.request(second)))).field).toBe("cookie");
    expect(firstName).not.toBe(secondName);
    expect((await app.signIn.finish(jar.request(first))).key).toBe(app.minted[0]);
  });

  it("a callback with the right state but no code is refused", async () => {
    const app = testApp();
    const jar = new CookieJar();
    const callback = new URL(await startAndDecide(app, jar));
    callback.searchParams.delete("code");
    expect((await rejectionOf(app.signIn.finish(jar.request(callback.href)))).field).toBe("code");
  });

  it("a pending sign-in older than ten minutes is refused", async () => {
    let time = Date.now();
    const app = testApp({ now: () => time });
    const jar = new CookieJar();
    const callback = await startAndDecide(app, jar);
    time += 10 * 60 * 1000;
    expect((await rejectionOf(app.signIn.finish(jar.request(callback)))).field).toBe("cookie");
    expect(exchanges(app)).toBe(0);
  });

  it("an exchange OpenRouter refuses is its typed error, and the callback is not exchanged again on reload", async () => {
    const app = testApp();
    const jar = new CookieJar();
    const callback = await startAndDecide(app, jar);
    app.fake.failNext("exchangeAuthCodeForAPIKey", 403);
    expect(await rejectionOf(app.signIn.finish(jar.request(callback)))).toBeInstanceOf(ForbiddenResponseError);
    // The reload gets the same refusal, without a second exchange.
    expect(await rejectionOf(app.signIn.finish(jar.request(callback)))).toBeInstanceOf(ForbiddenResponseError);
    expect(exchanges(app)).toBe(1);
  });

  it("a key in an exchange answer that otherwise breaks the spec still signs the user in", async () => {
    const fake = createFakeOpenRouter();
    const app = testApp({
      // The fake's answer with a user_id of the wrong type: the key was minted, and its code is spent.
      async fetch(request) {
        const { key } = await (await fake.fetch(request)).json();
        return Response.json({ key, user_id: 5 });
      },
    }, fake);
    const jar = new CookieJar();
    const finished = await signInWith(app, jar);
    expect(finished.key).toMatch(/^sk-or-v1-/);
    expect(finished.user_id).toBeNull();
    expect(await app.signIn.keyOf(jar.request(`${APP}/`))).toBe(finished.key);
  });

  it("refuses a request whose URL is not absolute", async () => {
    const app = testApp();
    const request = { url: "/callback?code=x", headers: new Headers() } as unknown as Request;
    expect((await rejectionOf(app.signIn.finish(request))).field).toBe("url");
  });
});

describe("two tabs of one browser", () => {
  it("both sign-ins complete, in either order, each with its own key", async () => {
    const app = testApp();
    const jar = new CookieJar();
    const first = await startAndDecide(app, jar, "approve", "/first");
    const second = await startAndDecide(app, jar, "approve", "/second");
    expect(jar.cookies.size).toBe(2);
    const b = await app.signIn.finish(jar.request(second));
    jar.take(b.response);
    const a = await app.signIn.finish(jar.request(first));
    jar.take(a.response);
    expect([a.returnTo, b.returnTo]).toEqual(["/first", "/second"]);
    expect(a.key).not.toBe(b.key);
    expect(new Set(app.minted)).toEqual(new Set([a.key, b.key]));
    // The last to finish holds the session; no pending sign-in is left.
    expect(await app.signIn.keyOf(jar.request(`${APP}/`))).toBe(a.key);
    expect([...jar.cookies.keys()]).toEqual(["__Host-openrouter-session"]);
  });
});

describe("instances and rotation", () => {
  it("an instance with the same secret finishes what another started (nothing is kept on the server)", async () => {
    const first = testApp();
    const second = testApp({}, first.fake);
    const jar = new CookieJar();
    const callback = await startAndDecide(first, jar);
    expect((await second.signIn.finish(jar.request(callback))).key).toBe(second.minted[0]);
  });

  it("a sign-in started before the secret was rotated finishes after it; one sealed with a dropped secret does not", async () => {
    const before = testApp({ secret: OLD_SECRET });
    const after = testApp({ secret: [SECRET, OLD_SECRET] }, before.fake);
    const dropped = testApp({ secret: SECRET }, before.fake);
    const jar = new CookieJar();
    const callback = await startAndDecide(before, jar);
    expect((await rejectionOf(dropped.signIn.finish(jar.request(callback)))).field).toBe("cookie");
    expect((await after.signIn.finish(jar.request(callback))).key).toBe(after.minted[0]);
  });
});
