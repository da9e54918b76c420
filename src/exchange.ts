import type { Client } from "openapi-fetch";
import { InvalidRequestError } from "./errors/invalid-request-error.js";
import type { components, paths } from "./generated/openapi.js";
import { checkClientOptions, type CallOptions, type OpenRouterOAuthOptions, type Settings } from "./options.js";
import { checkRequest, EXCHANGE_RULES } from "./request-rules.js";
import { isObject, type ShapeCheck } from "./response.js";
import { createTypedClient, send } from "./send.js";

export type ExchangeAuthCodeRequest = components["schemas"]["ExchangeAuthCodeRequest"];
export type ExchangeAuthCodeResponse = components["schemas"]["ExchangeAuthCodeResponse"];

const operation = "exchangeAuthCodeForAPIKey";

const shape: ShapeCheck = (body) =>
  !isObject(body) ? "is not a JSON object"
  : typeof body.key !== "string" || !body.key ? "has no key"
  : body.user_id !== null && typeof body.user_id !== "string" ? "has a user_id that is neither a string nor null"
  : undefined;

/** The client options the standalone exchange takes: all but `retry`, which it refuses. */
export type ExchangeOptions = Omit<OpenRouterOAuthOptions, "retry"> & CallOptions;

/** The exchange through the typed client; never retried, since the code is single-use. */
export async function exchangeVia(client: Client<paths>, settings: Settings, request: ExchangeAuthCodeRequest, options?: CallOptions | null) {
  if ((options as { retry?: unknown } | null | undefined)?.retry !== undefined) {
    throw new InvalidRequestError(`${operation}: retry is refused, since the code is single-use.`, { operation, field: "retry" });
  }
  const body = checkRequest<ExchangeAuthCodeRequest>(operation, EXCHANGE_RULES, request);
  return send<ExchangeAuthCodeResponse>(
    { operation, settings, options, secrets: [body.code, body.code_verifier], shape },
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
  const { signal, timeoutMs, headers, retry, ...clientOptions } = (options ?? {}) as OpenRouterOAuthOptions & CallOptions;
  const settings = checkClientOptions(clientOptions);
  // `retry` travels with the call options, for exchangeVia to refuse.
  return exchangeVia(createTypedClient(settings), settings, request, { signal, timeoutMs, headers, retry } as CallOptions);
};
