import { unlessAborted } from "../base/abort.js";
import { buildAuthorizationUrl } from "../sign-in/authorization-url.js";
import { completeSignIn, type CheckedCallback } from "../sign-in/callback.js";
import { InvalidRequestError } from "../errors/invalid-request-error.js";
import { isOpenRouterOAuthError } from "../errors/openrouter-oauth-error.js";
import { RequestAbortedError } from "../errors/request-aborted-error.js";
import { RequestTimeoutError } from "../errors/request-timeout-error.js";
import type { ExchangeAuthCodeForAPIKeyResponse } from "../operations/exchange.js";
import { createPkcePair } from "../sign-in/pkce.js";
import { checkConnectionOptions, checkField, fail, refuseUnknownOptions } from "../transport/options.js";
import type { FetchLike } from "../transport/bounded-fetch.js";
import { signalProblem, timeoutMsProblem } from "../checks/option-checks.js";
import { pastedCallback, type PasteRefusal } from "../sign-in/pasted-callback.js";
import { DEFAULT_LOGIN_TIMEOUT_MS, startLoopbackListener } from "./listener.js";
import { durationInWords } from "../base/duration.js";
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
      /** A pasted code or URL was not taken; the user is asked again. */
      step: "paste-refused";
      /** Why it was not taken. */
      reason: PasteRefusal;
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
  /**
   * Aborting it, at any moment, ends the sign-in at once (RequestAbortedError) and closes the listener, until the
   * code is being exchanged: from then on the sign-in waits for the key (at most the exchange's 30 s), which would
   * be lost.
   */
  signal?: AbortSignal | undefined;
  /**
   * Shows the authorization URL to the user. The platform's browser by default; `false` opens nothing (give
   * `onUrl` then, so that the user learns the URL). In headless mode nothing is opened unless this is a function.
   */
  openBrowser?: OpenBrowser | false | undefined;
  /**
   * Headless mode: no listener; OpenRouter's page shows a code, and this returns what the user pasted (the code,
   * or the whole URL). Called again after a bad paste (or a code OpenRouter refuses), until the timeout.
   */
  readCode?: (() => Promise<string>) | undefined;
  /**
   * For remote sessions: while the listener waits, each call returns a line the user pasted, which is taken when
   * it is the URL OpenRouter sent the browser to (its state is checked), as when that browser runs on another
   * machine and cannot reach 127.0.0.1. The callback or the paste, whichever comes first, wins, once.
   */
  readPastedUrl?: (() => Promise<string>) | undefined;
  /** Where the browser page after sign-in tells the user to go back to; "the app" unless set. */
  returnTo?: string | undefined;
  /** Called with the authorization URL before any browser is opened. */
  onUrl?: ((url: string) => void) | undefined;
  /** Called at each step. */
  onProgress?: ((progress: LoginProgress) => void) | undefined;
}

export type { PasteRefusal };

const aborted = (when: string) => new RequestAbortedError(`The sign-in was aborted ${when}.`);

/** Every option login takes: any other is refused as most likely mistyped. */
const LOGIN_OPTIONS = {
  baseUrl: 1, authUrl: 1, fetch: 1, port: 1, keyLabel: 1, limit: 1, timeoutMs: 1, signal: 1,
  openBrowser: 1, readCode: 1, readPastedUrl: 1, returnTo: 1, onUrl: 1, onProgress: 1,
} satisfies Record<keyof LoginOptions, 1>;

function checkOptions(options: LoginOptions) {
  refuseUnknownOptions(options, LOGIN_OPTIONS, "login");
  const { baseUrl, fetch, timeoutMs, signal, openBrowser, readCode, readPastedUrl, onUrl, onProgress } = options;
  // Checked before the user is sent to approve anything, so that an approval is never wasted on a bad option:
  // the exchange's own checks of where it goes and how.
  checkConnectionOptions({ baseUrl, fetch }, "login");
  checkField("login", "signal", signal, signalProblem);
  if (timeoutMs !== undefined) checkField("login", "timeoutMs", timeoutMs, timeoutMsProblem);
  if (openBrowser !== undefined && openBrowser !== false && typeof openBrowser !== "function") {
    fail("login", "openBrowser", "openBrowser must be a function or false");
  }
  for (const [field, value] of Object.entries({ readCode, readPastedUrl, onUrl, onProgress })) {
    if (value !== undefined && typeof value !== "function") fail("login", field, `${field} must be a function`);
  }
}

/** What `read` gives, unless the user takes longer than `ms` (the sign-in's `totalMs` in all) or the signal aborts. */
function withinTime<T>(read: () => Promise<T>, ms: number, totalMs: number, signal: AbortSignal | undefined): Promise<T> {
  const timeout = () => new RequestTimeoutError(`No code was pasted within ${durationInWords(totalMs)}. Start a new sign-in.`);
  let timer: ReturnType<typeof setTimeout> | undefined;
  return unlessAborted(signal, () => aborted("while waiting for the code"), () => {
    if (ms <= 0) return Promise.reject(timeout());
    return Promise.race([read(), new Promise<never>((_, reject) => (timer = setTimeout(() => reject(timeout()), ms)))]);
  }).finally(() => clearTimeout(timer));
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
export async function login(given?: LoginOptions): Promise<ExchangeAuthCodeForAPIKeyResponse> {
  // From JavaScript, null counts as no options; anything else that is no object is refused with the unknown options.
  const options = given ?? {};
  checkOptions(options);
  const { baseUrl, authUrl, fetch, port, keyLabel, limit, signal, readCode, readPastedUrl, returnTo, onUrl, onProgress } = options;
  const timeoutMs = options.timeoutMs ?? DEFAULT_LOGIN_TIMEOUT_MS;
  if (signal?.aborted) throw aborted("before it started");
  // Every wait before the code is sent ends at once when the signal aborts, whenever it does.
  const unlessAbortedWhile = <T>(when: string, start: () => Promise<T>) => unlessAborted(signal, () => aborted(when), start);
  const pair = await unlessAbortedWhile("while it was starting", createPkcePair);
  // Built first without a callback: it checks keyLabel, limit and authUrl before a port is taken.
  const headless = buildAuthorizationUrl({ codeChallenge: pair.code_challenge, keyLabel, limit, authUrl });
  const exchange = (callback: CheckedCallback) => {
    onProgress?.({ step: "exchanging" });
    // Not aborted by the signal: once the code is sent, the key it mints must arrive. The exchange's own
    // timeout bounds it.
    return completeSignIn(callback, pair.code_verifier, { baseUrl, fetch });
  };

  if (readCode) {
    onUrl?.(headless.url);
    const opener = options.openBrowser;
    if (typeof opener === "function") await unlessAbortedWhile("while opening the browser", () => show(headless.url, opener, onProgress));
    onProgress?.({ step: "waiting", for: "code", timeoutMs });
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const pasted = await withinTime(() => readPastedCode(readCode), deadline - Date.now(), timeoutMs, signal);
      const callback = pastedCallback(pasted, null, true);
      if (typeof callback === "string") {
        onProgress?.({ step: "paste-refused", reason: callback });
        // A reader that answers at once would otherwise never let the timeout or an abort in.
        await new Promise((resolve) => setTimeout(resolve, 0));
        continue;
      }
      try {
        return await exchange(callback);
      } catch (error) {
        // An unknown code leaves the real one unused (a typo, say), so the user may paste again.
        if (!isOpenRouterOAuthError(error, "ForbiddenResponseError")) throw error;
        onProgress?.({ step: "paste-refused", reason: "refused" });
      }
    }
  }

  const listener = await unlessAbortedWhile("while it was starting", () => startLoopbackListener({ port, timeoutMs, signal, returnTo }));
  try {
    onProgress?.({ step: "listening", callbackUrl: listener.callbackUrl });
    const request = buildAuthorizationUrl({ callbackUrl: listener.callbackUrl, codeChallenge: pair.code_challenge, keyLabel, limit, authUrl });
    // The callback and a pasted URL race; the first to arrive claims the sign-in, and the other is ignored.
    let claimed = false;
    const claim = () => !claimed && (claimed = true);
    // Waiting starts before the browser opens, so that even an instant callback finds the listener ready.
    const signedIn = listener.waitForCallback(request.state!, (callback) => {
      if (!claim()) fail("login", "code", "the sign-in already has its answer from a pasted URL");
      return exchange(callback);
    });
    const pasted = readPastedUrl ? pastedWhileWaiting(readPastedUrl, request.state!, claim, onProgress) : new Promise<never>(() => {});
    // The sign-in may end before the race below (aborted while the browser opens): a denial pasted after that
    // has no one left to hear it, and must not surface as an unhandled rejection.
    pasted.catch(() => {});
    onUrl?.(request.url);
    const opener = options.openBrowser ?? platformOpenBrowser;
    if (opener !== false) await unlessAbortedWhile("while opening the browser", () => show(request.url, opener, onProgress));
    onProgress?.({ step: "waiting", for: "callback", timeoutMs });
    const first = await Promise.race([signedIn.then((key) => ({ key })), pasted.then((callback) => ({ callback }))]);
    if ("key" in first) return first.key;
    await listener.close();
    return await exchange(first.callback);
  } finally {
    await listener.close();
  }
}

/**
 * Reads pasted lines until one is the redirected URL of this sign-in and claims it; a bad line is reported and
 * the reading goes on. Input that ends, or fails, only ends the reading: the listener still waits.
 */
async function pastedWhileWaiting(
  readPastedUrl: () => Promise<string>,
  state: string,
  claim: () => boolean,
  onProgress: LoginOptions["onProgress"],
): Promise<CheckedCallback> {
  for (;;) {
    let line: string;
    try {
      line = await readPastedUrl();
    } catch {
      return new Promise<never>(() => {});
    }
    let callback: CheckedCallback | PasteRefusal;
    try {
      callback = pastedCallback(line, state, false);
    } catch (denial) {
      // A pasted denial is this sign-in's answer only if the callback has not answered first: its exchange may
      // be minting the key.
      if (claim()) throw denial;
      return new Promise<never>(() => {});
    }
    if (typeof callback !== "string") {
      if (claim()) return callback;
      return new Promise<never>(() => {});
    }
    if (callback !== "empty") onProgress?.({ step: "paste-refused", reason: callback });
  }
}
