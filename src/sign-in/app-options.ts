// What every app's own sign-in takes, an editor extension's as a browser extension's: where OpenRouter is, the
// key asked for, and how long to wait for the user.
import { signalProblem, timeoutMsProblem } from "../checks/option-checks.js";
import type { FetchLike } from "../transport/bounded-fetch.js";
import { checkConnectionOptions, checkField } from "../transport/options.js";

/** The options every app's sign-in takes. */
export interface AppSignInOptions {
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

/** How long an app's sign-in waits for the user unless told otherwise: 5 minutes. */
export const APP_SIGN_IN_TIMEOUT_MS = 5 * 60_000;

export const APP_SIGN_IN_OPTIONS = {
  baseUrl: 1, authUrl: 1, fetch: 1, keyLabel: 1, limit: 1, timeoutMs: 1, signal: 1,
} satisfies Record<keyof AppSignInOptions, 1>;

/**
 * Checks the options that can be wrong before anything opens, so that no approval is wasted on them (keyLabel and
 * limit are held to the spec's rules by buildAuthorizationUrl, also before anything opens).
 */
export function checkAppSignInOptions(options: AppSignInOptions, where: string): void {
  checkConnectionOptions({ baseUrl: options.baseUrl, fetch: options.fetch }, where);
  checkField(where, "signal", options.signal, signalProblem);
  if (options.timeoutMs !== undefined) checkField(where, "timeoutMs", options.timeoutMs, timeoutMsProblem);
}
