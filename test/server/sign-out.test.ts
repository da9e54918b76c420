// signOut: only a POST from the app's own pages; it clears the session and says the key still exists.
import { describe, expect, it } from "vitest";
import { rejectionOf } from "../support/fixtures.js";
import { InvalidRequestError, keyLinks, maskKey } from "../../src/index.js";
import { APP, CookieJar, FAKE, signInWith, testApp } from "./support.js";

async function signedIn() {
  const app = testApp();
  const jar = new CookieJar();
  const { key } = await signInWith(app, jar);
  return { app, jar, key };
}

const post = (jar: CookieJar, headers: Record<string, string>) => jar.request(`${APP}/sign-out`, { method: "POST", headers });

describe("signOut", () => {
  it("a same-origin POST clears the session and answers a page saying the key still exists, with its settings link", async () => {
    const { app, jar, key } = await signedIn();
    const response = jar.take(await app.signIn.signOut(post(jar, { "sec-fetch-site": "same-origin", origin: APP })));
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.getSetCookie()).toEqual(["__Host-openrouter-session=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax; Secure"]);
    const page = await response.text();
    expect(page).toContain("You are signed out of this app.");
    expect(page).toContain("still exists on OpenRouter");
    expect(page).toContain(`href="${(await keyLinks(key, FAKE)).settings}"`);
    expect(page).not.toContain(key);
    expect(await app.signIn.keyOf(jar.request(`${APP}/`))).toBeUndefined();
  });

  it("with returnTo, redirects there instead (303)", async () => {
    const { app, jar } = await signedIn();
    const response = await app.signIn.signOut(post(jar, { origin: APP }), { returnTo: "/bye" });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(`${APP}/bye`);
    expect(response.headers.getSetCookie()[0]).toMatch(/Max-Age=0/);
    expect((await rejectionOf(app.signIn.signOut(post(jar, { origin: APP }), { returnTo: "//evil.example" }))).field).toBe("returnTo");
  });

  it("without a session, still answers the page, with no key link", async () => {
    const app = testApp();
    const page = await (await app.signIn.signOut(post(new CookieJar(), { "sec-fetch-site": "same-origin" }))).text();
    expect(page).toContain("You are signed out of this app.");
    expect(page).not.toContain("/keys/");
  });

  it.each([
    ["a GET (a link or an image)", "GET", { "sec-fetch-site": "same-origin" }, "method"],
    ["a cross-site POST", "POST", { "sec-fetch-site": "cross-site", origin: "https://evil.example" }, "origin"],
    ["a POST from a sibling site (another subdomain)", "POST", { "sec-fetch-site": "same-site", origin: "https://blog.app.test" }, "origin"],
    ["a POST from a typed URL or bookmark", "POST", { "sec-fetch-site": "none" }, "origin"],
    ["a POST of another Origin without Sec-Fetch-Site", "POST", { origin: "https://evil.example" }, "origin"],
    ["a POST with neither header", "POST", {}, "origin"],
  ])("refuses %s and keeps the session", async (_, method, headers, field) => {
    const { app, jar, key } = await signedIn();
    const err = await rejectionOf(app.signIn.signOut(jar.request(`${APP}/sign-out`, { method, headers })));
    expect(err).toBeInstanceOf(InvalidRequestError);
    expect(err.field).toBe(field);
    expect(await app.signIn.keyOf(jar.request(`${APP}/`))).toBe(key);
  });

  it("needs session", async () => {
    const app = testApp({ session: false });
    expect((await rejectionOf(app.signIn.signOut(post(new CookieJar(), { origin: APP })))).field).toBe("session");
    expect((await rejectionOf(app.signIn.sessionOf(new CookieJar().request(APP)))).field).toBe("session");
  });
});

describe("the session cookie", () => {
  it("tampered, from another secret, expired or from another purpose is no session", async () => {
    let time = Date.now();
    const app = testApp({ now: () => time });
    const jar = new CookieJar();
    const { key } = await signInWith(app, jar);
    const value = jar.cookies.get("__Host-openrouter-session")!;
    const withSession = (session: string) => new Request(APP, { headers: { cookie: `__Host-openrouter-session=${session}` } });
    expect(await app.signIn.keyOf(withSession(value))).toBe(key);
    const flipped = value.slice(0, 10) + (value[10] === "A" ? "B" : "A") + value.slice(11);
    expect(await app.signIn.keyOf(withSession(flipped))).toBeUndefined();
    expect(await app.signIn.keyOf(withSession(value.slice(0, -4)))).toBeUndefined();
    expect(await app.signIn.keyOf(withSession("not-a-seal"))).toBeUndefined();
    const other = testApp({ secret: "another-secret-of-more-than-32-characters" });
    expect(await other.signIn.keyOf(withSession(value))).toBeUndefined();
    // A pending sign-in's cookie, renamed to the session's name.
    const pending = new CookieJar();
    pending.take(await app.signIn.start(pending.request(`${APP}/start`)));
    expect(await app.signIn.keyOf(withSession([...pending.cookies.values()][0]!))).toBeUndefined();
    time += 30 * 24 * 60 * 60 * 1000;
    expect(await app.signIn.keyOf(withSession(value))).toBeUndefined();
  });

  it("opens after the secret is rotated, and lasts as long as session.maxAgeSeconds says", async () => {
    const before = testApp();
    const jar = new CookieJar();
    const { key } = await signInWith(before, jar);
    const after = testApp({ secret: ["a-brand-new-secret-of-more-than-32-characters", "a-sealing-secret-of-at-least-32-characters!"] });
    expect(await after.signIn.keyOf(jar.request(APP))).toBe(key);
    const short = testApp({ session: { maxAgeSeconds: 3600 } });
    const finished = await signInWith(short, new CookieJar());
    expect(finished.response.headers.getSetCookie()[1]).toContain("Max-Age=3600;");
  });
});

describe("key links", () => {
  it("name the key by the hex SHA-256 of its bytes, on the OpenRouter the sign-in uses", async () => {
    const hash = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    expect(await testApp().signIn.keyLinks("abc")).toEqual({ settings: `${FAKE}/keys/${hash}`, activity: `${FAKE}/logs?api_key_hash=${hash}` });
  });

  it("maskKey, the main entry's, shows the start and the end only", () => {
    expect(maskKey("sk-or-v1-au7e0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1890")).toBe("sk-or-v1-au7...1890");
    expect(maskKey("short")).toBe("...");
  });
});
