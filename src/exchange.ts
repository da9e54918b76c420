import type { components } from "./generated/openapi.js";
import { InvalidRequestError } from "./errors/invalid-request-error.js";
import { isObject, type ShapeCheck } from "./response.js";
import { createTransport, type CallOptions, type OpenRouterOAuthOptions, type Transport } from "./transport.js";
import { checkFields, oneOf, pkceValue } from "./validate.js";

/** What the exchange sends: the code, the PKCE verifier and the challenge method (snake_case, as on the wire). */
export type ExchangeAuthCodeRequest = components["schemas"]["ExchangeAuthCodeRequest"];
/** What the exchange returns: the user's new API key and their user id (null when OpenRouter gives none). */
export type ExchangeAuthCodeResponse = components["schemas"]["ExchangeAuthCodeResponse"];

const operation = "exchangeAuthCodeForAPIKey";

const RULES = {
  code: (value: unknown) => (typeof value === "string" && value ? undefined : "must be the non-empty code from the callback URL"),
  code_verifier: pkceValue,
  code_challenge_method: oneOf(["S256", "plain", null]),
};

const shape: ShapeCheck = (body) =>
  !isObject(body) ? "is not a JSON object"
  : typeof body.key !== "string" || !body.key ? "has no key"
  : body.user_id !== null && typeof body.user_id !== "string" ? "has a user_id that is neither a string nor null"
  : undefined;

/** The client options the standalone exchange takes: all but `retry`, which it refuses. */
export type ExchangeOptions = Omit<OpenRouterOAuthOptions, "retry"> & CallOptions;

/** The exchange through an existing transport; never retried, since the code is single-use. */
export async function exchangeVia(transport: Transport, request: ExchangeAuthCodeRequest, options?: CallOptions) {
  if ((options as { retry?: unknown } | undefined)?.retry !== undefined) {
    throw new InvalidRequestError(`${operation}: retry is refused, since the code is single-use.`, { operation, field: "retry" });
  }
  const body = checkFields(operation, RULES, "code", request) as ExchangeAuthCodeRequest;
  return transport.send<ExchangeAuthCodeResponse>(operation, "/auth/keys", body, [body.code, body.code_verifier], shape, options);
}

/**
 * POST /auth/keys on its own, for apps that need nothing else (a browser bundle then carries neither
 * createAuthCode nor its checks). Takes the client options and the call options together. Async, so that a bad
 * option rejects the promise like every other failure instead of throwing.
 */
export const exchangeAuthCodeForAPIKey = async (request: ExchangeAuthCodeRequest, options?: ExchangeOptions) => {
  const { signal, timeoutMs, headers, retry, ...clientOptions } = (options ?? {}) as OpenRouterOAuthOptions & CallOptions;
  // `retry` travels with the call options, for exchangeVia to refuse.
  return exchangeVia(createTransport(clientOptions), request, { signal, timeoutMs, headers, retry } as CallOptions);
};
