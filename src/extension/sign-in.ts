import { buildAuthorizationUrl, completeSignIn, createPkcePair, parseCallback, type ExchangeAuthCodeForAPIKeyResponse } from "../index.js";
import { signalProblem, timeoutMsProblem } from "../checks/option-checks.js";
import type { FetchLike } from "../transport/bounded-fetch.js";
import { checkConnectionOptions, checkField, refuseUnknownOptions } from "../transport/options.js";
import type { ExtensionApi } from "./browser-api.js";
import { waitForRedirect, type Listen } from "./wait.js";

/** How long the sign-in waits for the user to come back: 5 minutes. */
export const EXTENSION_SIGN_IN_TIMEOUT_MS = 5 * 60_000;

/** What both ways of signing a browser extension in take. */
export interface ExtensionSignInOptions {
  /** The browser's extension API: `browser` (Firefox) or `chrome` (Chrome, Edge) from globalThis unless set. */
  api?: ExtensionApi | undefined;
  /** OpenRouter's API; https://openrouter.ai/api/v1 unless set (for tests and other deployments). */
  baseUrl?: string | undefined;
  /** OpenRouter's authorization page; https://openrouter.ai/auth unless set. */
  authUrl?: string | undefined;
  /** The fetch used for the exchange; the global one unless set. */
  fetch?: FetchLike | undefined;
  /** A label for the key, shown to the user; at most 100 characters. */
  keyLabel?: string | undefined;
  /** A credit limit for the key. */
  limit?: number | undefined;
  /** How long to wait for the user to come back from OpenRouter's page; 5 minutes unless set. */
  timeoutMs?: number | undefined;
  /**
   * Aborting it ends the wait for the user at once (RequestAbortedError). Once the code is being exchanged it is
   * no longer heard: the key being minted would be lost.
   */
  signal?: AbortSignal | undefined;
}

export const SIGN_IN_OPTIONS = {
  api: 1, baseUrl: 1, authUrl: 1, fetch: 1, keyLabel: 1, limit: 1, timeoutMs: 1, signal: 1,
} satisfies Record<keyof ExtensionSignInOptions, 1>;

/** Refuses unknown and bad options before anything is opened, so that no approval is wasted on them. */
export function checkSignInOptions(options: ExtensionSignInOptions, known: object, where: string): void {
  refuseUnknownOptions(options, known, where);
  checkConnectionOptions({ baseUrl: options.baseUrl, fetch: options.fetch }, where);
  checkField(where, "signal", options.signal, signalProblem);
  if (options.timeoutMs !== undefined) checkField(where, "timeoutMs", options.timeoutMs, timeoutMsProblem);
}

/** Where the user comes back to, and how the sign-in hears of it. */
export interface Way {
  callbackUrl: string;
  /** Opens `authorizationUrl` for the user and listens for the URL they are sent back to. */
  listen(authorizationUrl: string): Listen;
  /** What the timeout says, given the limit in words. */
  timedOut(limit: string): string;
}

/**
 * The sign-in both ways share: a PKCE pair and a state, the user sent to OpenRouter, the redirect waited for and
 * checked (the state first), and the code exchanged once, never retried.
 */
export async function signInThrough(way: Way, options: ExtensionSignInOptions): Promise<ExchangeAuthCodeForAPIKeyResponse> {
  const { baseUrl, authUrl, fetch, keyLabel, limit, signal } = options;
  // A signal that has already aborted ends the wait below before anything opens.
  const timeoutMs = options.timeoutMs ?? EXTENSION_SIGN_IN_TIMEOUT_MS;
  const pair = await createPkcePair();
  const request = buildAuthorizationUrl({ callbackUrl: way.callbackUrl, codeChallenge: pair.code_challenge, keyLabel, limit, authUrl });
  const limitInWords = timeoutMs % 60_000 === 0 ? `${timeoutMs / 60_000} minute${timeoutMs === 60_000 ? "" : "s"}` : `${timeoutMs / 1000} s`;
  const redirected = await waitForRedirect(way.listen(request.url), timeoutMs, signal, way.timedOut(limitInWords));
  const callback = parseCallback(redirected, { expectedState: request.state! });
  return completeSignIn(callback, pair.code_verifier, { baseUrl, fetch });
}
