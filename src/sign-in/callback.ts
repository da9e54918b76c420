import { AuthorizationDeniedError } from "../errors/authorization-denied-error.js";
import { ResponseValidationError } from "../errors/response-validation-error.js";
import {
  exchangeAuthCodeForAPIKey,
  isDeliverableKey,
  refuseUnknownExchangeOptions,
  type ExchangeAuthCodeForAPIKeyOptions,
  type ExchangeAuthCodeForAPIKeyResponse,
} from "../operations/exchange.js";
import { fail, refuseUnknownOptions } from "../transport/options.js";
import { keyIn } from "../errors/redact.js";
import { isObject } from "../checks/validate.js";

declare const checked: unique symbol;

/** A callback that passed parseCallback: the only input completeSignIn accepts, so the checks cannot be skipped. */
export interface CheckedCallback {
  /** The single-use authorization code, to be exchanged once. */
  readonly code: string;
  /** The state the callback carried; undefined in headless mode. */
  readonly state: string | undefined;
  /** Only parseCallback can make this, so a callback cannot reach completeSignIn unchecked. */
  readonly [checked]: true;
}

/** What parseCallback checks the callback against. */
export interface ParseCallbackOptions {
  /**
   * The state from buildAuthorizationUrl: null for a headless sign-in (whose code is pasted, with no state).
   * Anything else, undefined included, is refused, so that a state lost on the way (storage cleared, a typo)
   * cannot silently turn the check off.
   */
  expectedState: string | null;
}

/**
 * Checks the URL OpenRouter sent the user back to, on any scheme (https, loopback http, vscode://,
 * chrome-extension://, com.example.app:/…), in this order: the state (a missing or different one may be a
 * forgery), then an `error` (AuthorizationDeniedError), then the code. A denial without a state is a denial too:
 * OpenRouter returns none with it. A VS Code URI handler's `uri.toString()`, whose query has its `=`
 * and `&` escaped, is read as the URL it stands for.
 */
export function parseCallback(callbackUrl: string | URL, options: ParseCallbackOptions): CheckedCallback {
  refuseUnknownOptions(options, { expectedState: 1 } satisfies Record<keyof ParseCallbackOptions, 1>, "parseCallback");
  const expectedState = (options as ParseCallbackOptions | undefined)?.expectedState;
  if (expectedState !== null && (typeof expectedState !== "string" || !expectedState)) {
    fail("parseCallback", "expectedState", "expectedState must be the state buildAuthorizationUrl returned (null only for a headless sign-in)");
  }
  let url: URL;
  try {
    url = new URL(callbackUrl);
  } catch {
    fail("parseCallback", "url", "the callback URL is not an absolute URL");
  }
  // VS Code's Uri.toString() escapes the query's separators: "?code%3Dabc%26state%3Dxyz".
  if (!/[=&]/.test(url.search)) {
    try {
      url.search = decodeURIComponent(url.search);
    } catch {
      // Not the escaped form after all; read as it is.
    }
  }
  return checkCallback(url, expectedState, "parseCallback");
}

/**
 * Whether a callback with these parameters answers the sign-in that sent `expectedState`: it carries that state, or
 * it is a denial without any (OpenRouter returns no state with one, and a denial mints nothing). A denial with a
 * state is held to it.
 */
export function answersState(params: URLSearchParams, expectedState: string): boolean {
  return params.get("state") === expectedState || (params.has("error") && !params.has("state"));
}

/** parseCallback's checks of a parsed URL against a checked expectedState; `where` names who the app called. */
export function checkCallback(url: URL, expectedState: string | null, where: string): CheckedCallback {
  const params = url.searchParams;
  const state = params.get("state") ?? undefined;
  const error = params.get("error");
  if (expectedState !== null && !answersState(params, expectedState)) {
    fail(where, "state", `the state is ${state === undefined ? "missing" : "not the one this sign-in sent"}; ignore this callback and start a new sign-in`, undefined, "state_mismatch");
  }
  if (error) throw new AuthorizationDeniedError(error, params.get("error_description") ?? undefined);
  const code = params.get("code");
  if (!code) fail(where, "code", "the callback has no code; start a new sign-in");
  return { code, state } as CheckedCallback;
}

/**
 * Exchanges the code of a checked callback for the user's key: what a web app does when the user comes back.
 * The verifier is the one whose challenge went into the authorization URL. An answer that breaks the spec but
 * holds a key still gives that key (with `user_id` null unless it is a string): the code is spent by then, so
 * throwing the key away would leave the user nothing to sign in with. A body that is not JSON (cut short at the
 * client's limit, or with bytes after the JSON) gives the one whole key in its text. A key that is not printable
 * ASCII without spaces is never given: it stays in the ResponseValidationError's body.
 */
export async function completeSignIn(
  callback: CheckedCallback,
  codeVerifier: string,
  options?: ExchangeAuthCodeForAPIKeyOptions,
): Promise<ExchangeAuthCodeForAPIKeyResponse> {
  if (typeof callback?.code !== "string") {
    fail("completeSignIn", "callback", "callback must be what parseCallback returned");
  }
  refuseUnknownExchangeOptions(options, "completeSignIn");
  // The exchange would send the code without one, and spend it on a certain refusal.
  if (typeof codeVerifier !== "string") {
    fail("completeSignIn", "codeVerifier", "codeVerifier must be the verifier of the PKCE pair whose challenge went into the authorization URL");
  }
  try {
    return await exchangeAuthCodeForAPIKey({ code: callback.code, code_verifier: codeVerifier, code_challenge_method: "S256" }, options);
  } catch (error) {
    // The exchange just above threw it, so it is this copy's class.
    const body: unknown = error instanceof ResponseValidationError ? error.body : undefined;
    const inText = typeof body === "string" ? keyIn(body) : undefined;
    if (inText) return { key: inText, user_id: null };
    // A key that cannot be delivered (a line break, an escape) is written nowhere: the error keeps it as its body.
    if (!isObject(body) || !isDeliverableKey(body.key)) throw error;
    return { key: body.key, user_id: typeof body.user_id === "string" ? body.user_id : null };
  }
}
