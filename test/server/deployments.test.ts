// What frameworks and hosts need of createSignIn: a secret known only at run time (a Worker's binding, an
// environment `next build` does not have), the session read from headers alone (a Next.js server component),
// and an app behind a proxy that speaks https while the app itself sees plain http.
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { rejectionOf } from "../support/fixtures.js";
import { InvalidRequestError } from "../../src/index.js";
import { APP, CookieJar, OLD_SECRET, SECRET, signInWith, startAndDecide, testApp } from "./support.js";

describe("a secret given as a function", () => {
  it("is not asked for when createSignIn is called, only when a sign-in first needs it, and then once", async () => {
    let asked = 0;
    let secret: string | undefined;
    const app = testApp({
      secret: () => {
        asked++;
        return secret!;
      },
    });
    expect(asked).toBe(0);
    secret = SECRET;
    const jar = new CookieJar();
    await signInWith(app, jar);
    expect(await app.signIn.keyOf(jar.request(`${APP}/`))).toBe(app.minted[0]);
    expect(asked).toBe(1);
  });

  it("seals as the same secret given directly does, so either opens the other's cookies", async () => {
    const lazy = testApp({ secret: () => SECRET });
    const jar = new CookieJar();
    await signInWith(lazy, jar);
    const direct = testApp({ secret: [OLD_SECRET, SECRET] });
    expect(await direct.signIn.keyOf(jar.request(`${APP}/`))).toBe(lazy.minted[0]);
  });

  it("takes a list, newest first", async () => {
    const app = testApp({ secret: () => [OLD_SECRET, SECRET] });
    const jar = new CookieJar();
    await signInWith(app, jar);
    expect(await testApp({ secret: OLD_SECRET }).signIn.keyOf(jar.request(`${APP}/`))).toBe(app.minted[0]);
  });

  it("refuses what it returns when it is too short, at the first use, never quoting it, and asks again next time", async () => {
    let secret = "short-but-real-secret";
    const app = testApp({ secret: () => secret });
    const err = await rejectionOf(app.signIn.start(new Request(`${APP}/start`)));
    expect(err).toBeInstanceOf(InvalidRequestError);
    expect((err as InvalidRequestError).field).toBe("secret");
    expect((err as Error).message).toBe(
      "createSignIn: secret() must be a string of at least 32 characters (make one with `openssl rand -base64 32`).",
    );
    expect(JSON.stringify(err) + String(err) + inspect(err, { showHidden: true, depth: Infinity })).not.toContain(secret);
    secret = SECRET;
    expect((await app.signIn.start(new Request(`${APP}/start`))).status).toBe(302);
  });

  it("names a function that throws, without passing on what it threw", async () => {
    const app = testApp({
      secret: () => {
        throw new TypeError("Cannot read properties of undefined (reading 'SIGN_IN_SECRET') near hunter2-hunter2");
      },
    });
    const err = await rejectionOf(app.signIn.start(new Request(`${APP}/start`)));
    expect(err).toBeInstanceOf(InvalidRequestError);
    expect((err as Error).message).toBe("createSignIn: the secret function threw; it must return the secret (or a list, newest first).");
    expect(inspect(err, { showHidden: true, depth: Infinity })).not.toContain("hunter2");
  });

  it("refuses a function that returns nothing, naming secret()", async () => {
    const err = await rejectionOf(testApp({ secret: () => undefined as unknown as string }).signIn.start(new Request(`${APP}/start`)));
    expect(err).toBeInstanceOf(InvalidRequestError);
    expect(err.field).toBe("secret");
    expect((err as Error).message).toMatch(/^createSignIn: secret\(\) must be a string/);
  });
});

describe("keyOf and sessionOf from headers alone", () => {
  it("read the session from the request's headers, as from the request", async () => {
    const app = testApp();
    const jar = new CookieJar();
    const { key, user_id } = await signInWith(app, jar);
    const request = jar.request(`${APP}/`);
    expect(await app.signIn.keyOf(request.headers)).toBe(key);
    expect(await app.signIn.sessionOf(new Headers(request.headers))).toEqual({ key, user_id });
  });

  it("take a Headers subclass, as Next.js's headers() gives", async () => {
    class ReadonlyHeaders extends Headers {
      override set(): void {
        throw new Error("read-only");
      }
    }
    const app = testApp();
    const jar = new CookieJar();
    const { key } = await signInWith(app, jar);
    expect(await app.signIn.keyOf(new ReadonlyHeaders({ cookie: jar.header() }))).toBe(key);
    expect(await app.signIn.keyOf(new ReadonlyHeaders())).toBeUndefined();
  });

  it("refuse what is neither a request nor headers, in their own words", async () => {
    for (const given of [undefined, {}, "cookie=x"]) {
      const err = await rejectionOf(testApp().signIn.keyOf(given as unknown as Headers));
      expect(err).toBeInstanceOf(InvalidRequestError);
      expect((err as Error).message).toBe("keyOf: expects the Request your framework received, or its headers.");
    }
  });
});

describe("behind a proxy that speaks https", () => {
  // The app sees plain http from the proxy (x-forwarded-proto: https); its users see https://app.test.
  const behindProxy = (jar: CookieJar, path: string, init?: RequestInit) => {
    const request = jar.request(`http://10.0.0.5:3000${path}`, init);
    request.headers.set("x-forwarded-proto", "https");
    return request;
  };

  it("sets Secure __Host- cookies and sends the user back to the https callback and returnTo, from callbackUrl", async () => {
    const app = testApp();
    const jar = new CookieJar();
    const started = await app.signIn.start(behindProxy(jar, "/auth/openrouter/start"), { returnTo: "/settings" });
    const [pending] = started.headers.getSetCookie();
    expect(pending).toMatch(/^__Host-openrouter-sign-in-.*; Secure$/);
    const authorization = new URL(started.headers.get("location")!);
    expect(new URL(authorization.searchParams.get("callback_url")!).origin).toBe(APP);
    jar.take(started);

    const callback = new URL(await startAndDecide(app, new CookieJar()));
    expect(callback.origin).toBe(APP);
    // The user's own callback, as the proxy hands it on over http.
    const user = new URL(await startAndDecide(app, jar, "approve", "/settings"));
    const finished = await app.signIn.finish(behindProxy(jar, user.pathname + user.search));
    expect(finished.response.headers.get("location")).toBe(`${APP}/settings`);
    expect(finished.response.headers.getSetCookie().every((cookie) => cookie.startsWith("__Host-") && cookie.endsWith("; Secure"))).toBe(true);
  });

  it("signs out on a same-origin POST whose Origin is the https one the browser saw", async () => {
    const app = testApp();
    const jar = new CookieJar();
    await signInWith(app, jar);
    const response = await app.signIn.signOut(behindProxy(jar, "/sign-out", { method: "POST", headers: { origin: APP } }));
    expect(response.headers.getSetCookie()).toEqual(["__Host-openrouter-session=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax; Secure"]);
  });
});
