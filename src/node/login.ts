import { buildAuthorizationUrl } from "../authorization-url.js";
import { completeSignIn, parseCallback, type CheckedCallback } from "../callback.js";
import { InvalidRequestError } from "../errors/invalid-request-error.js";
import { isOpenRouterOAuthError } from "../errors/openrouter-oauth-error.js";
import { RequestAbortedError } from "../errors/request-aborted-error.js";
import { RequestTimeoutError } from "../errors/request-timeout-error.js";
import type { ExchangeAuthCodeResponse } from "../exchange.js";
import { createPkcePair } from "../pkce.js";
import type { FetchLike } from "../bounded-fetch.js";
import { isHttpUrl, isTimeoutMs } from "../validate.js";
import { DEFAULT_LOGIN_TIMEOUT_MS, startLoopbackListener } from "./listener.js";
import { openBrowser as platformOpenBrowser, type OpenBrowser } from "./open-browser.js";

/** What login() is doing, for a progress display. */
export type LoginProgress =
  | {
      /** The loopback listener is up. */
      step: "listening";
      /** The callback URL it listens on. */
      callbackUrl: string;
    }
  | {
      /** The browser was asked to open the authorization page. */
      step: "browser-opened";
      /** The authorization URL. */
      url: string;
    }
  | {
      /** No browser could be opened: the user must open the URL. */
      step: "browser-not-opened";
      /** The authorization URL. */
      url: string;
      /** Why the browser did not open. */
      reason: string;
    }
  | {
      /** Waiting for the user. */
      step: "waiting";
      /** For the browser's redirect, or for the pasted code (headless). */
      for: "callback" | "code";
      /** How long it waits. */
      timeoutMs: number;
    }
  | {
      /** Exchanging the code for a key (once; never retried). */
      step: "exchanging";
    };

/** How login() signs the user in: where, with what limits, and how it tells the user what to do. */
export interface LoginOptions {
  /** OpenRouter's API; https://openrouter.ai/api/v1 unless set (for tests and other deployments). */
  baseUrl?: string | undefined;
  /** OpenRouter's authorization page; https://openrouter.ai/auth unless set. */
  authUrl?: string | undefined;
  /** The fetch used for the exchange; the global one unless set. */
  fetch?: FetchLike | undefined;
  /** The loopback port; the system picks a free one unless set. Ignored in headless mode. */
  port?: number | undefined;
  /** A label for the key, shown to the user; at most 100 characters. */
  keyLabel?: string | undefined;
  /** A credit limit for the key. */
  limit?: number | undefined;
  /** How long to wait for the user (callback or pasted code); 5 minutes unless set. */
  timeoutMs?: number | undefined;
  /** Aborting it ends the sign-in (RequestAbortedError) and closes the listener. */
  signal?: AbortSignal | undefined;
  /**
   * Shows the authorization URL to the user. The platform's browser by default; `false` opens nothing (give
   * `onUrl` then, so that the user learns the URL). In headless mode nothing is opened unless this is a function.
   */
  openBrowser?: OpenBrowser | false | undefined;
  /**
   * Headless mode: no listener; OpenRouter's page shows a code, and this returns what the user pasted (the code,
   * or the whole callback URL). For terminals whose browser is on another machine.
   */
  readCode?: (() => Promise<string>) | undefined;
  /** Called with the authorization URL before any browser is opened. */
  onUrl?: ((url: string) => void) | undefined;
  /** Called at each step. */
  onProgress?: ((progress: LoginProgress) => void) | undefined;
}

function fail(message: string, field: string): never {
  throw new InvalidRequestError(`login: ${message}.`, { field });
}

function checkOptions(options: LoginOptions) {
  const { baseUrl, timeoutMs, openBrowser, readCode, onUrl, onProgress } = options;
  if (baseUrl !== undefined && !isHttpUrl(baseUrl)) {
    fail("baseUrl must be an absolute http(s) URL, like https://openrouter.ai/api/v1", "baseUrl");
  }
  if (timeoutMs !== undefined && !isTimeoutMs(timeoutMs)) {
    fail("timeoutMs must be a number of milliseconds between 1 and 2147483647", "timeoutMs");
  }
  if (openBrowser !== undefined && openBrowser !== false && typeof openBrowser !== "function") {
    fail("openBrowser must be a function or false", "openBrowser");
  }
  for (const [field, value] of Object.entries({ readCode, onUrl, onProgress })) {
    if (value !== undefined && typeof value !== "function") fail(`${field} must be a function`, field);
  }
}

/** Turns what the user pasted (the code, or the URL of the page that showed it) into a checked callback. */
function pastedCallback(pasted: unknown): CheckedCallback {
  const text = typeof pasted === "string" ? pasted.trim() : "";
  if (!text) fail("no code was pasted; sign in again and paste the code OpenRouter shows", "code");
  if (/^https?:\/\//i.test(text)) return parseCallback(text, { expectedState: null });
  if (!/^[\x21-\x7e]+$/.test(text)) fail("the pasted code holds spaces or unusual characters; paste the code exactly as shown", "code");
  const url = new URL("http://127.0.0.1/");
  url.searchParams.set("code", text);
  return parseCallback(url, { expectedState: null });
}

/** `promise`, unless the user takes longer than `ms` or the signal aborts first. */
function withinTime<T>(promise: Promise<T>, ms: number, signal: AbortSignal | undefined): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let onAbort: (() => void) | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new RequestTimeoutError(`No code was pasted within ${ms / 1000} s. Start a new sign-in.`)), ms);
    onAbort = () => reject(new RequestAbortedError("The sign-in was aborted while waiting for the code."));
    signal?.addEventListener("abort", onAbort, { once: true });
  });
  return Promise.race([promise, limit]).finally(() => {
    clearTimeout(timer);
    if (onAbort) signal?.removeEventListener("abort", onAbort);
  });
}

async function show(url: string, opener: OpenBrowser, onProgress: LoginOptions["onProgress"]) {
  try {
    await opener(url);
    onProgress?.({ step: "browser-opened", url });
  } catch (error) {
    // Not fatal: the user can still open the URL (onUrl) by hand.
    const reason = error instanceof Error ? error.message.replace(/\.$/, "") : "the opener failed";
    onProgress?.({ step: "browser-not-opened", url, reason });
  }
}

async function readPastedCode(readCode: () => Promise<string>): Promise<string> {
  try {
    return await readCode();
  } catch (error) {
    if (isOpenRouterOAuthError(error)) throw error;
    throw new InvalidRequestError("login: readCode failed to give a code.", { field: "readCode", cause: error });
  }
}

/**
 * Signs the user in and returns their key, in one call: makes a PKCE pair, starts a loopback listener on
 * 127.0.0.1, opens OpenRouter's authorization page in the browser, waits for the one valid callback, exchanges
 * the code (once, never retried) and closes the listener whatever happens. With `readCode`, it runs headless
 * instead: no listener, and the user pastes the code the page shows.
 *
 * Rejects with AuthorizationDeniedError (the user said no), RequestTimeoutError, RequestAbortedError,
 * InvalidRequestError (bad options, port taken) or the exchange's errors.
 */
export async function login(options: LoginOptions = {}): Promise<ExchangeAuthCodeResponse> {
  checkOptions(options);
  const { baseUrl, authUrl, fetch, port, keyLabel, limit, signal, readCode, onUrl, onProgress } = options;
  const timeoutMs = options.timeoutMs ?? DEFAULT_LOGIN_TIMEOUT_MS;
  if (signal?.aborted) throw new RequestAbortedError("The sign-in was aborted before it started.");
  const pair = await createPkcePair();
  // Built first without a callback: it checks keyLabel, limit and authUrl before a port is taken.
  const headless = buildAuthorizationUrl({ codeChallenge: pair.code_challenge, keyLabel, limit, authUrl });
  const exchange = (callback: CheckedCallback) => {
    onProgress?.({ step: "exchanging" });
    return completeSignIn(callback, pair.code_verifier, { baseUrl, fetch, signal });
  };

  if (readCode) {
    onUrl?.(headless.url);
    if (typeof options.openBrowser === "function") await show(headless.url, options.openBrowser, onProgress);
    onProgress?.({ step: "waiting", for: "code", timeoutMs });
    const pasted = await withinTime(readPastedCode(readCode), timeoutMs, signal);
    return exchange(pastedCallback(pasted));
  }

  const listener = await startLoopbackListener({ port, timeoutMs, signal });
  try {
    onProgress?.({ step: "listening", callbackUrl: listener.callbackUrl });
    const request = buildAuthorizationUrl({ callbackUrl: listener.callbackUrl, codeChallenge: pair.code_challenge, keyLabel, limit, authUrl });
    // Waiting starts before the browser opens, so that even an instant callback finds the listener ready.
    const signedIn = listener.waitForCallback(request.state!, exchange);
    onUrl?.(request.url);
    if (options.openBrowser !== false) await show(request.url, options.openBrowser ?? platformOpenBrowser, onProgress);
    onProgress?.({ step: "waiting", for: "callback", timeoutMs });
    return await signedIn;
  } finally {
    await listener.close();
  }
}
