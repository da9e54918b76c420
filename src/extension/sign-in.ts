import { buildAuthorizationUrl, completeSignIn, createPkcePair, parseCallback, type ExchangeAuthCodeForAPIKeyResponse } from "../index.js";
import { durationInWords } from "../base/duration.js";
import { APP_SIGN_IN_OPTIONS, APP_SIGN_IN_TIMEOUT_MS, checkAppSignInOptions, type AppSignInOptions } from "../sign-in/app-options.js";
import { refuseUnknownOptions } from "../transport/options.js";
import type { ExtensionApi } from "./browser-api.js";
import { waitForRedirect, type Listen } from "./wait.js";

/** How long the sign-in waits for the user to come back: 5 minutes. */
export const EXTENSION_SIGN_IN_TIMEOUT_MS = APP_SIGN_IN_TIMEOUT_MS;

/** What both ways of signing a browser extension in take. */
export interface ExtensionSignInOptions extends AppSignInOptions {
  /** The browser's extension API: `browser` (Firefox) or `chrome` (Chrome, Edge) from globalThis unless set. */
  api?: ExtensionApi | undefined;
}

export const SIGN_IN_OPTIONS = { ...APP_SIGN_IN_OPTIONS, api: 1 } satisfies Record<keyof ExtensionSignInOptions, 1>;

/** Refuses unknown and bad options before anything is opened, so that no approval is wasted on them. */
export function checkSignInOptions(options: ExtensionSignInOptions, known: object, where: string): void {
  refuseUnknownOptions(options, known, where);
  checkAppSignInOptions(options, where);
}

/** Where the user comes back to, and how the sign-in hears of it. */
export interface Way {
  callbackUrl: string;
  /** Opens `authorizationUrl` for the user and listens for the URL they are sent back to, with `state`. */
  listen(authorizationUrl: string, state: string): Listen;
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
  const redirected = await waitForRedirect(way.listen(request.url, request.state!), timeoutMs, signal, way.timedOut(durationInWords(timeoutMs)));
  const callback = parseCallback(redirected, { expectedState: request.state! });
  return completeSignIn(callback, pair.code_verifier, { baseUrl, fetch });
}
