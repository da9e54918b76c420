import type { Client } from "openapi-fetch";
import { InvalidRequestError } from "../errors/invalid-request-error.js";
import type { components, paths } from "../generated/openapi.js";
import { checkConnectionOptions, refuseUnknownOptions, type CallOptions, type OpenRouterOAuthOptions, type Settings } from "../transport/options.js";
import { checkRequest, EXCHANGE_RULES } from "./request-rules.js";
import { exchangeAuthCodeForAPIKey_response } from "../generated/response-shapes.js";
import type { Hint } from "../transport/response.js";
import type { Check, ShapeProblem } from "../checks/check.js";
import { createTypedClient, send } from "../transport/send.js";
import { isObject, PRINTABLE_ASCII } from "../checks/validate.js";

/** What the exchange sends: the code, the PKCE verifier and the challenge method (snake_case, as on the wire). */
export type ExchangeAuthCodeRequest = components["schemas"]["ExchangeAuthCodeRequest"];
/** What the exchange returns: the user's new API key and their user id (null when OpenRouter gives none). */
export type ExchangeAuthCodeResponse = components["schemas"]["ExchangeAuthCodeResponse"];

const operation = "exchangeAuthCodeForAPIKey";

/**
 * Whether a minted key can be delivered: printable ASCII without spaces, as an access token and any key sent in a
 * header. An empty key could never work; a line break or a terminal escape would add a line to a .env file or
 * rewrite the terminal that prints it.
 */
export const isDeliverableKey = (key: unknown): key is string => typeof key === "string" && PRINTABLE_ASCII.test(key);

// The spec's shape, and a key that can be delivered.
const shape: Check<ShapeProblem, any> = (body) =>
  exchangeAuthCodeForAPIKey_response(body) ??
  (isDeliverableKey(body.key) ? undefined : { field: "key", says: "has a key that is empty or holds spaces or characters other than printable ASCII" });

const START_OVER = "start a new authorization, since the code is single-use";
/** After a failure that may have reached OpenRouter: the code may be spent. */
const MAY_BE_USED = `The code may already have been used: ${START_OVER}.`;

const hint: Hint = (status) =>
  status === 400 ? "Check that code_challenge_method matches the authorization request."
  // The exchange is sent without any API key, so the key cannot be what is wrong.
  : status === 401 ? "The exchange needs no API key; check baseUrl."
  : status === 403 ? `The code is unknown, used or expired, or the verifier does not match: ${START_OVER}.`
  : status >= 500 ? MAY_BE_USED
  : undefined;

/**
 * The client options the standalone exchange takes: all but `apiKey`, which the exchange never sends, `retry`,
 * which it refuses, and `appCategories`, left out so that a browser bundle of the exchange carries no check of
 * it (the header can go in `headers`).
 */
export type ExchangeOptions = Omit<OpenRouterOAuthOptions, "apiKey" | "appCategories" | "retry"> & CallOptions;

/** Every option the standalone exchange takes. */
const EXCHANGE_OPTIONS = {
  baseUrl: 1, fetch: 1, timeoutMs: 1, headers: 1, httpReferer: 1, appTitle: 1, signal: 1,
} satisfies Record<keyof ExchangeOptions, 1>;

/**
 * Refuses an option the standalone exchange does not take, in the words of `where` (the exchange, or
 * completeSignIn, which passes its options on). An apiKey is let through and never sent, since JavaScript may
 * pass a client's options whole; a retry is refused in words of its own.
 */
export function refuseUnknownExchangeOptions(options: unknown, where: string): void {
  if (!isObject(options)) return refuseUnknownOptions(options, EXCHANGE_OPTIONS, where, operation);
  const { apiKey, retry, ...others } = options;
  refuseUnknownOptions(others, EXCHANGE_OPTIONS, where, operation);
}

/** The exchange through the typed client; never retried, since the code is single-use. */
export async function exchangeVia(client: Client<paths>, settings: Settings, request: ExchangeAuthCodeRequest, options?: CallOptions | null) {
  if ((options as { retry?: unknown } | null | undefined)?.retry !== undefined) {
    throw new InvalidRequestError(`${operation}: retry is refused, since the code is single-use.`, { operation, field: "retry" });
  }
  const body = checkRequest<ExchangeAuthCodeRequest>(operation, EXCHANGE_RULES, request);
  return send<ExchangeAuthCodeResponse>(
    { operation, settings, options, secrets: [body.code, body.code_verifier], shape, hint, outcome: "The request succeeded, so a key may have been minted", ifSent: MAY_BE_USED },
    // A public client's call: no API key goes with it, whatever the client's headers say.
    (init) => client.POST("/auth/keys", { body, ...init, headers: { ...init.headers, authorization: null } }),
  );
}

/**
 * POST /auth/keys on its own, for apps that need nothing else (a browser bundle then carries neither
 * createAuthCode nor its checks). Takes the client options and the call options together. Async, so that a bad
 * option rejects the promise like every other failure instead of throwing.
 */
export const exchangeAuthCodeForAPIKey = async (request: ExchangeAuthCodeRequest, options?: ExchangeOptions) => {
  // One object holds both kinds of options: each check reads its own (the headers and timeout count once).
  refuseUnknownExchangeOptions(options, operation);
  const settings = checkConnectionOptions(options, operation);
  return exchangeVia(createTypedClient(settings), settings, request, options);
};
