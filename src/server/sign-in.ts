import { buildAuthorizationUrl, checkAuthorizationOptions, DEFAULT_AUTH_URL } from "../sign-in/authorization-url.js";
import { checkCallback, completeSignIn } from "../sign-in/callback.js";
import { isOpenRouterOAuthError } from "../errors/openrouter-oauth-error.js";
import type { FetchLike } from "../index.js";
import { checkConnectionOptions, checkField, fail, refuseUnknownOptions } from "../transport/options.js";
import { nowProblem } from "../checks/option-checks.js";
import { pageHeaders } from "../base/page.js";
import { createPkcePair } from "../sign-in/pkce.js";
import { authUrlProblem, isObject } from "../checks/validate.js";
import { clearCookie, cookieBytes, cookiePolicy, COOKIES_BUDGET_BYTES, readCookies, setCookie } from "./cookies.js";
import { keyLinks, type KeyLinks } from "../key/key-links.js";
import { checkReturnTo } from "./return-to.js";
import { checkSecrets, lazySealer } from "./seal.js";
import { signOutPage } from "./sign-out-page.js";

/** The session cookie, when `session` is an object. */
export interface SessionOptions {
  /** How long the session cookie lasts; 30 days unless set. Every sign-in mints a new key, so keep it long. */
  maxAgeSeconds?: number | undefined;
}

/** The options of createSignIn. */
export interface SignInOptions {
  /**
   * At least 32 characters; or a list, newest first, to rotate: the first seals, every one opens. Or a function
   * giving either, called when a sign-in first needs it: for a secret known only at run time (a Worker's binding,
   * an environment that `next build` does not have).
   */
  secret: string | readonly string[] | (() => string | readonly string[]);
  /** This app's callback route, absolute: https, or http on localhost, 127.0.0.1 or [::1] for development. */
  callbackUrl: string;
  /** A label for the key, shown to the user on OpenRouter; at most 100 characters. */
  keyLabel?: string | undefined;
  /** Keep the user's key in a sealed session cookie (keyOf, signOut). Off unless set. */
  session?: boolean | SessionOptions | undefined;
  /** OpenRouter's authorization page; https://openrouter.ai/auth unless set (other deployments, the fake). */
  authUrl?: string | undefined;
  /** OpenRouter's API; https://openrouter.ai/api/v1 unless set. */
  baseUrl?: string | undefined;
  /** The fetch the exchange is sent with; the global fetch unless set. */
  fetch?: FetchLike | undefined;
  /** The clock, in milliseconds since the epoch; Date.now unless set (for tests of expiry). */
  now?: (() => number) | undefined;
  /**
   * Told, once, of a set-up that will make sign-ins fail: `start` called on another host than the callback URL's,
   * whose cookies the browser keeps apart. console.warn unless set.
   */
  onWarning?: ((message: string) => void) | undefined;
}

/** The options of `start`. */
export interface StartOptions {
  /** Where the user lands after signing in: a path on this site, "/" unless set. */
  returnTo?: string | undefined;
}

/** The options of `signOut`. */
export interface SignOutOptions {
  /** Redirect here (a path on this site) instead of answering with the signed-out page. */
  returnTo?: string | undefined;
}

/** What `finish` gives for a sign-in that completed. */
export interface FinishedSignIn {
  /** The user's new OpenRouter API key. */
  key: string;
  /** The OpenRouter user the key belongs to, as the exchange returned it. */
  user_id: string | null;
  /** The path given to start. */
  returnTo: string;
  /** A redirect to returnTo that clears this sign-in's cookie (and sets the session cookie with `session`). */
  response: Response;
}

/** What the session cookie holds. */
export interface SignedInSession {
  /** The signed-in user's OpenRouter API key. */
  key: string;
  /** The OpenRouter user the key belongs to. */
  user_id: string | null;
}

/** The sign-in routes and session helpers that createSignIn returns. */
export interface SignIn {
  /** A redirect to OpenRouter's authorization page, setting this sign-in's sealed cookie. */
  start(request: Request, options?: StartOptions): Promise<Response>;
  /** Checks the callback and exchanges its code, once. Throws an error of ours for any callback it refuses. */
  finish(request: Request): Promise<FinishedSignIn>;
  /**
   * With `session`: the signed-in user's key, or undefined. Takes the request, or only its headers (what Next.js's
   * `headers()` gives a server component).
   */
  keyOf(request: Request | Headers): Promise<string | undefined>;
  /** With `session`: the signed-in user's key and user_id, or undefined; from the request or its headers. */
  sessionOf(request: Request | Headers): Promise<SignedInSession | undefined>;
  /** With `session`: clears it. Answers only a POST from this site's own pages. */
  signOut(request: Request, options?: SignOutOptions): Promise<Response>;
  /** The key's settings and activity pages on the OpenRouter this sign-in uses, where the user revokes or limits it. */
  keyLinks(key: string): Promise<KeyLinks>;
}

/** A code lives 10 minutes, so a pending sign-in does too. */
export const PENDING_SIGN_IN_MS = 10 * 60 * 1000;
const DEFAULT_SESSION_SECONDS = 30 * 24 * 60 * 60;
const NO_STORE = { "cache-control": "no-store", "referrer-policy": "no-referrer" };

interface PendingSignIn {
  state: string;
  verifier: string;
  returnTo: string;
}

const isPending = (data: unknown): data is PendingSignIn =>
  isObject(data) && typeof data.state === "string" && typeof data.verifier === "string" && typeof data.returnTo === "string";

const isSession = (data: unknown): data is SignedInSession =>
  isObject(data) && typeof data.key === "string" && (data.user_id === null || typeof data.user_id === "string");

function redirect(location: string, status: number, cookies: string[]): Response {
  const headers = new Headers({ ...NO_STORE, location });
  for (const cookie of cookies) headers.append("set-cookie", cookie);
  return new Response(null, { status, headers });
}

/** Every option createSignIn takes: any other is refused as most likely mistyped. */
const SIGN_IN_OPTIONS = {
  secret: 1, callbackUrl: 1, keyLabel: 1, session: 1, authUrl: 1, baseUrl: 1, fetch: 1, now: 1, onWarning: 1,
} satisfies Record<keyof SignInOptions, 1>;

function checkOptions(options: SignInOptions) {
  if (typeof options !== "object" || options === null) fail("createSignIn", "options", "expects an options object with secret and callbackUrl");
  refuseUnknownOptions(options, SIGN_IN_OPTIONS, "createSignIn");
  const { callbackUrl, keyLabel, authUrl = DEFAULT_AUTH_URL, baseUrl, fetch, now = Date.now, session, onWarning = console.warn } = options;
  const { secret } = options;
  // A function is called, and what it gives checked, when a sign-in first needs the secret.
  const secrets = typeof secret === "function" ? secret : checkSecrets(secret);
  if (typeof callbackUrl !== "string") fail("createSignIn", "callbackUrl", "callbackUrl is required: the absolute URL of your callback route");
  // This server serves the callback itself, so it is on the web: https, or http on a loopback host (the rule of a page of ours).
  checkField("createSignIn", "callbackUrl", callbackUrl, authUrlProblem);
  // The same checks start will meet, made now, so that a wrong option fails at startup rather than per user.
  checkAuthorizationOptions({ callbackUrl, keyLabel, authUrl }, "createSignIn");
  checkConnectionOptions({ baseUrl, fetch }, "createSignIn");
  checkField("createSignIn", "now", now, nowProblem);
  if (typeof onWarning !== "function") fail("createSignIn", "onWarning", "onWarning must be a function taking the warning's text");
  let sessionSeconds: number | undefined;
  if (session === true || (typeof session === "object" && session !== null)) {
    if (session !== true) refuseUnknownOptions(session, { maxAgeSeconds: 1 } satisfies Record<keyof SessionOptions, 1>, "createSignIn: session");
    sessionSeconds = session === true ? DEFAULT_SESSION_SECONDS : session.maxAgeSeconds ?? DEFAULT_SESSION_SECONDS;
    if (typeof sessionSeconds !== "number" || !Number.isInteger(sessionSeconds) || sessionSeconds <= 0) {
      fail("createSignIn", "session", "session.maxAgeSeconds must be a positive whole number of seconds");
    }
  } else if (session !== undefined && session !== false) {
    fail("createSignIn", "session", "session must be true, false or { maxAgeSeconds }");
  }
  return { secrets, callbackUrl, keyLabel, authUrl, baseUrl, fetch, now, sessionSeconds, onWarning };
}

/** The request's headers, or the headers given in its place; anything else is named, rather than left to fail as a TypeError. */
function headersOf(request: unknown, where: string): Headers {
  // Duck-typed, as Headers may come from another realm (or a framework's subclass): a Request has no get.
  const headers = typeof (request as Headers | undefined)?.get === "function" ? (request as Headers) : (request as Request | undefined)?.headers;
  if (typeof headers?.get !== "function") fail(where, "request", "expects the Request your framework received, or its headers");
  return headers;
}

/** The Request a method was given; anything else is named, rather than left to fail as a TypeError. */
function checkIncoming(request: unknown, where: string): asserts request is Request {
  if (typeof (request as Request | undefined)?.headers?.get !== "function" || typeof (request as Request).url !== "string") {
    fail(where, "request", "expects the Request your framework received");
  }
}

/**
 * Server-side "Sign in with OpenRouter" with no store of its own: each sign-in's verifier, state and returnTo
 * travel in a sealed cookie of their own, so two tabs can sign in at once and any instance can finish what
 * another started. Web-standard Request and Response only.
 */
export function createSignIn(options: SignInOptions): SignIn {
  const { secrets, callbackUrl, keyLabel, authUrl, baseUrl, fetch, now, sessionSeconds, onWarning } = checkOptions(options);
  const app = new URL(callbackUrl);
  const policy = cookiePolicy(app);
  const sealer = lazySealer(secrets);
  const pendingPrefix = `${policy.prefix}openrouter-sign-in-`;
  const sessionName = `${policy.prefix}openrouter-session`;
  const openRouterOrigin = new URL(authUrl).origin;
  /**
   * Each exchange made here, by state, until its sign-in would have expired: a reload of the callback that still
   * carries the pending cookie (the browser left before the first answer came) gets that exchange's outcome, and
   * the code is never sent twice.
   */
  const exchanges = new Map<string, { until: number; outcome: Promise<SignedInSession> }>();
  let warnedOfHost = false;

  // Named after the start of the state (which the callback URL carries back), so each sign-in has a cookie of its
  // own and finish finds it; the whole state is then checked inside the seal.
  const pendingName = (state: string) => `${pendingPrefix}${state.slice(0, 16)}`;

  function needSession(where: string): number {
    if (sessionSeconds === undefined) fail(where, "session", "needs createSignIn({ session: true }), which keeps the key in a cookie");
    return sessionSeconds;
  }

  async function findPending(url: URL, cookies: Map<string, string>): Promise<{ name: string; pending: PendingSignIn } | undefined> {
    const state = url.searchParams.get("state");
    const named = state ? pendingName(state) : undefined;
    // The sign-in the state names, when this browser has its cookie. Otherwise (no state, or one no pending sign-in
    // of this browser has) any pending sign-in is a candidate, so that the state check refuses the callback for
    // its state, and only a browser with no sign-in pending at all is told so.
    const names = named && cookies.has(named) ? [named] : [...cookies.keys()].filter((name) => name.startsWith(pendingPrefix));
    for (const name of names) {
      const value = cookies.get(name);
      const pending = value === undefined ? undefined : await sealer.open("pending sign-in", name, value, now());
      if (isPending(pending)) return { name, pending };
    }
    return undefined;
  }

  function exchangeOnce(state: string, exchange: () => Promise<SignedInSession>): Promise<SignedInSession> {
    const time = now();
    // Oldest first (every entry lives as long), so the sweep stops at the first that is still fresh.
    for (const [done, { until }] of exchanges) {
      if (until > time) break;
      exchanges.delete(done);
    }
    const known = exchanges.get(state);
    if (known) return known.outcome;
    const outcome = exchange();
    exchanges.set(state, { until: time + PENDING_SIGN_IN_MS, outcome });
    // A code that never reached OpenRouter is unspent: the next load of the callback may send it.
    outcome.catch((error: unknown) => {
      if (isOpenRouterOAuthError(error, "ConnectionError") && error.notSent) exchanges.delete(state);
    });
    return outcome;
  }

  /**
   * Warns, once, when `start` runs on another host than the callback URL's: the sign-in's cookie is set for the
   * host the browser is on, and the callback on the other host will not get it. Only the host counts, as cookies
   * ignore the scheme and port (and a proxy that ends TLS makes the request's URL http).
   */
  function warnOfHost(requestUrl: string) {
    const host = URL.canParse(requestUrl) ? new URL(requestUrl).hostname : undefined;
    if (warnedOfHost || host === undefined || host === app.hostname) return;
    warnedOfHost = true;
    onWarning(`createSignIn: start was called on ${host} but callbackUrl is on ${app.hostname}, and cookies are per host, so finish will find no pending sign-in; open the app on ${app.hostname}.`);
  }

  /** The session that checked headers carry, or undefined. */
  async function sessionIn(headers: Headers): Promise<SignedInSession | undefined> {
    const value = readCookies(headers).get(sessionName);
    if (value === undefined) return undefined;
    const session = await sealer.open("session", sessionName, value, now());
    return isSession(session) ? { key: session.key, user_id: session.user_id } : undefined;
  }

  return {
    async start(request, startOptions = {}) {
      checkIncoming(request, "start");
      warnOfHost(request.url);
      refuseUnknownOptions(startOptions, { returnTo: 1 } satisfies Record<keyof StartOptions, 1>, "start");
      const returnTo = checkReturnTo(startOptions?.returnTo ?? "/", app.origin, "start");
      const pair = await createPkcePair();
      const authorization = buildAuthorizationUrl({ callbackUrl, codeChallenge: pair.code_challenge, keyLabel, authUrl });
      const state = authorization.state!;
      const name = pendingName(state);
      const pending: PendingSignIn = { state, verifier: pair.code_verifier, returnTo };
      const sealed = await sealer.seal("pending sign-in", name, pending, now() + PENDING_SIGN_IN_MS);
      // The new sign-in's cookie is always set. The others are kept newest first (browsers send cookies oldest
      // first) while all of ours, the session's too, fit the budget; from the first that does not, they are cleared.
      const held = readCookies(request.headers);
      const session = held.get(sessionName);
      let bytes = cookieBytes(name, sealed) + (session === undefined ? 0 : cookieBytes(sessionName, session));
      const cookies: string[] = [];
      for (const [other, value] of [...held].reverse()) {
        if (!other.startsWith(pendingPrefix)) continue;
        bytes += cookieBytes(other, value);
        if (bytes > COOKIES_BUDGET_BYTES) cookies.push(clearCookie(policy, other));
      }
      cookies.push(setCookie(policy, name, sealed, PENDING_SIGN_IN_MS / 1000));
      return redirect(authorization.url, 302, cookies);
    },

    async finish(request) {
      checkIncoming(request, "finish");
      let url: URL;
      try {
        url = new URL(request.url);
      } catch {
        fail("finish", "url", "the request has no absolute URL; pass the Request your framework received");
      }
      const found = await findPending(url, readCookies(request.headers));
      if (!found) {
        // The cause seen most in development comes first: a page on 127.0.0.1 and a callback on localhost.
        fail(
          "finish",
          "cookie",
          `no sign-in is pending in this browser for this callback: it was started on another host than ${app.hostname} (cookies are per host), in another browser, over 10 minutes ago, or finished already; start a new one from a page on ${app.host}`,
          undefined,
          "no_pending_sign_in",
        );
      }
      const { name, pending } = found;
      // The state, then an `error` from OpenRouter (AuthorizationDeniedError), then the code.
      const callback = checkCallback(url, pending.state, "finish");
      const { key, user_id } = await exchangeOnce(pending.state, () => completeSignIn(callback, pending.verifier, { baseUrl, fetch }));
      const cookies = [clearCookie(policy, name)];
      if (sessionSeconds !== undefined) {
        const sealed = await sealer.seal("session", sessionName, { key, user_id }, now() + sessionSeconds * 1000);
        cookies.push(setCookie(policy, sessionName, sealed, sessionSeconds));
      }
      const response = redirect(new URL(pending.returnTo, app.origin).href, 302, cookies);
      return { key, user_id, returnTo: pending.returnTo, response };
    },

    async keyOf(request) {
      needSession("keyOf");
      return (await sessionIn(headersOf(request, "keyOf")))?.key;
    },

    async sessionOf(request) {
      needSession("sessionOf");
      return sessionIn(headersOf(request, "sessionOf"));
    },

    async signOut(request, signOutOptions = {}) {
      needSession("signOut");
      refuseUnknownOptions(signOutOptions, { returnTo: 1 } satisfies Record<keyof SignOutOptions, 1>, "signOut");
      const returnTo = signOutOptions?.returnTo === undefined ? undefined : checkReturnTo(signOutOptions.returnTo, app.origin, "signOut");
      checkIncoming(request, "signOut");
      if (request.method !== "POST") fail("signOut", "method", "answers only POST (a form on your site), so that no link or image can sign a user out");
      const site = request.headers.get("sec-fetch-site");
      const origin = request.headers.get("origin");
      const sameOrigin = site !== null ? site === "same-origin" : origin === app.origin;
      if (!sameOrigin) fail("signOut", "origin", "answers only a POST from this site's own pages; this one came from elsewhere");
      const cookies = [clearCookie(policy, sessionName)];
      if (returnTo !== undefined) return redirect(new URL(returnTo, app.origin).href, 303, cookies);
      // Only the signed-out page needs the session: to link to the settings of the key it held.
      const session = await sessionIn(request.headers);
      const settings = session ? (await keyLinks(session.key, openRouterOrigin)).settings : undefined;
      const headers = new Headers(pageHeaders());
      for (const cookie of cookies) headers.append("set-cookie", cookie);
      return new Response(signOutPage(settings), { status: 200, headers });
    },

    keyLinks: (key) => keyLinks(key, openRouterOrigin),
  };
}
