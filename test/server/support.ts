// What the server sign-in tests share: an app on https://app.test signing in against the embedded fake
// OpenRouter (in memory, through its fetch handler), and a browser's cookie jar.
import { createSignIn, type SignIn, type SignInOptions } from "../../src/server/index.js";
import { createFakeOpenRouter, simulateUser, type FakeOpenRouter } from "../../src/testing/index.js";

export const APP = "https://app.test";
export const CALLBACK_URL = `${APP}/auth/openrouter/callback`;
export const FAKE = "https://openrouter.test";
export const SECRET = "a-sealing-secret-of-at-least-32-characters!";
export const OLD_SECRET = "an-older-sealing-secret-still-being-honoured";

/** One browser's cookies for the app: what Set-Cookie stores, and what a request then carries. */
export class CookieJar {
  readonly cookies = new Map<string, string>();

  /** Stores the response's cookies (Max-Age=0 deletes) and returns the response. */
  take(response: Response): Response {
    for (const line of response.headers.getSetCookie()) {
      const [pair = ""] = line.split(";");
      const at = pair.indexOf("=");
      const name = pair.slice(0, at);
      if (/;\s*Max-Age=0(;|$)/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, pair.slice(at + 1));
    }
    return response;
  }

  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }

  /** A request from this browser to the app. */
  request(url: string, init: RequestInit = {}): Request {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set("cookie", this.header());
    return new Request(url, { ...init, headers });
  }
}

export interface TestApp {
  signIn: SignIn;
  fake: FakeOpenRouter;
  /** The bodies of every exchange the fake received, and the keys it minted: the secrets no error may show. */
  exchanged: { code: string; code_verifier: string }[];
  minted: string[];
}

export function testApp(options: Partial<SignInOptions> = {}, fake: FakeOpenRouter = createFakeOpenRouter()): TestApp {
  const exchanged: TestApp["exchanged"] = [];
  const minted: string[] = [];
  const signIn = createSignIn({
    secret: SECRET,
    callbackUrl: CALLBACK_URL,
    session: true,
    authUrl: `${FAKE}/auth`,
    baseUrl: `${FAKE}/api/v1`,
    async fetch(request) {
      exchanged.push(await request.clone().json());
      const response = await fake.fetch(request);
      if (response.ok) minted.push((await response.clone().json()).key);
      return response;
    },
    ...options,
  });
  return { signIn, fake, exchanged, minted };
}

/** start in `jar`'s browser, then the user's decision on the fake's consent page: the callback URL it sent back to. */
export async function startAndDecide(app: TestApp, jar: CookieJar, decision: "approve" | "deny" = "approve", returnTo?: string): Promise<string> {
  const started = jar.take(await app.signIn.start(jar.request(`${APP}/auth/openrouter/start`), { returnTo }));
  const location = started.headers.get("location")!;
  const user = await simulateUser(location, decision, { fetch: (request) => app.fake.fetch(request), follow: false });
  return user.redirectedTo!;
}

/** A whole sign-in in `jar`'s browser; the result of finish. */
export async function signInWith(app: TestApp, jar: CookieJar, returnTo = "/") {
  const callback = await startAndDecide(app, jar, "approve", returnTo);
  const finished = await app.signIn.finish(jar.request(callback));
  jar.take(finished.response);
  return finished;
}
