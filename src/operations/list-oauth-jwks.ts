import type { Client } from "openapi-fetch";
import type { components, paths } from "../generated/openapi.js";
import { listOauthJwks_response } from "../generated/response-shapes.js";
import { CALL_OPTIONS, checkClientOptions, CLIENT_OPTIONS, refuseUnknownOptions, type OpenRouterOAuthOptions, type Settings } from "../transport/options.js";
import type { Hint } from "../transport/response.js";
import { RETRY_CLASSES, sendRetried, type RetriedCallOptions, type RetryOptions } from "../transport/retry.js";
import { createTypedClient, send } from "../transport/send.js";

/** GET /oauth/jwks's answer: `{ keys }`, the ES256 public keys that sign access tokens (RFC 7517). */
export type ListOauthJwksResponse = components["schemas"]["OAuthJwks"];

/** listOauthJwks's call options: the call's own, and its retries (it is a GET, so they are safe). */
export type ListOauthJwksCallOptions = RetriedCallOptions;

/** The standalone listOauthJwks's options: the client options (apiKey sent only when given) and the call options. */
export type ListOauthJwksOptions = OpenRouterOAuthOptions & ListOauthJwksCallOptions;

const operation = "listOauthJwks";

const hint: Hint = (status) => (status === 401 ? "OpenRouter asked for an API key: pass apiKey." : undefined);

/** GET /oauth/jwks through the typed client, with the settings' API key when they have one; retried only when asked. */
export async function listOauthJwksVia(
  client: Client<paths>,
  settings: Settings,
  options: ListOauthJwksCallOptions | null | undefined,
  clientRetry: Required<RetryOptions> | undefined,
): Promise<ListOauthJwksResponse> {
  return sendRetried(operation, options, clientRetry, settings.timeoutMs, (attemptOptions) =>
    send<ListOauthJwksResponse>(
      { operation, settings, options: attemptOptions, secrets: [], shape: listOauthJwks_response, hint, classes: RETRY_CLASSES, outcome: "Nothing was changed" },
      (init) => client.GET("/oauth/jwks", { ...init, headers: settings.apiKey ? { ...init.headers, authorization: `Bearer ${settings.apiKey}` } : init.headers }),
    ),
  );
}

/**
 * GET /oauth/jwks on its own: the public keys OpenRouter signs access tokens with, to verify one offline (check
 * its `kid` and ES256). Takes the client options and the call options together. Async, so that a bad option
 * rejects the promise instead of throwing.
 */
export const listOauthJwks = async (options?: ListOauthJwksOptions): Promise<ListOauthJwksResponse> => {
  // One object holds both kinds of options: each check reads its own. Its retry, if any, is a call option.
  refuseUnknownOptions(options, { ...CLIENT_OPTIONS, ...CALL_OPTIONS }, operation, operation);
  const settings = checkClientOptions(options, operation);
  return listOauthJwksVia(createTypedClient(settings), settings, options, undefined);
};
