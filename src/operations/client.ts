import type { Client } from "openapi-fetch";
import {
  createAuthCodeVia,
  type CreateAuthCodeCallOptions,
  type CreateAuthCodeRequest,
  type CreateAuthCodeResponse,
} from "./create-auth-code.js";
import {
  createOauthTokenVia,
  type CreateOauthTokenCallOptions,
  type CreateOauthTokenRequest,
  type CreateOauthTokenResponse,
} from "./create-oauth-token.js";
import { exchangeVia, type ExchangeAuthCodeForAPIKeyRequest, type ExchangeAuthCodeForAPIKeyResponse } from "./exchange.js";
import { getCurrentKeyVia, type GetCurrentKeyCallOptions, type GetCurrentKeyResponse } from "./get-current-key.js";
import type { paths } from "../generated/openapi.js";
import { listOauthJwksVia, type ListOauthJwksCallOptions, type ListOauthJwksResponse } from "./list-oauth-jwks.js";
import { boundedFetch } from "../transport/bounded-fetch.js";
import { CALL_OPTIONS, checkClientOptions, CLIENT_OPTIONS, refuseUnknownOptions, type CallOptions, type OpenRouterOAuthOptions } from "../transport/options.js";
import { checkRetry } from "../transport/retry.js";
import { createTypedClient } from "../transport/send.js";

/**
 * The client createOpenRouterOAuth returns: the sign-in's two operations, GET /key, the workload token exchange and
 * its JWK Set, and the typed client they use.
 */
export interface OpenRouterOAuth {
  /** POST /auth/keys: trades the single-use code for the user's API key. Never retried. */
  exchangeAuthCodeForAPIKey(request: ExchangeAuthCodeForAPIKeyRequest, options?: CallOptions): Promise<ExchangeAuthCodeForAPIKeyResponse>;
  /** POST /auth/keys/code: mints an authorization code with the app's API key. Retried only when asked. */
  createAuthCode(request: CreateAuthCodeRequest, options?: CreateAuthCodeCallOptions): Promise<CreateAuthCodeResponse>;
  /** GET /key: what the client's own apiKey is (label, limit, usage, expiry). Retried only when asked. */
  getCurrentKey(options?: GetCurrentKeyCallOptions): Promise<GetCurrentKeyResponse>;
  /**
   * POST /oauth/token: trades a workload's JWT for a short-lived access token, form-encoded and never with the
   * client's apiKey. Retried only when asked (the exchange is not single-use), honouring Retry-After.
   */
  createOauthToken(request: CreateOauthTokenRequest, options?: CreateOauthTokenCallOptions): Promise<CreateOauthTokenResponse>;
  /** GET /oauth/jwks: the public keys that sign access tokens, with the client's apiKey when it has one. Retried only when asked. */
  listOauthJwks(options?: ListOauthJwksCallOptions): Promise<ListOauthJwksResponse>;
  /**
   * The typed openapi-fetch client that every method sends through: same base URL, headers and bounded fetch
   * (redirects not followed). Middleware registered with `client.use()` sees every call, and so sees codes,
   * verifiers and keys.
   */
  readonly client: Client<paths>;
}

/** A client for the OAuth operations and GET /key. The options are checked now; nothing is sent until a method is called. */
export function createOpenRouterOAuth(options?: OpenRouterOAuthOptions): OpenRouterOAuth {
  refuseUnknownOptions(options, CLIENT_OPTIONS, "createOpenRouterOAuth");
  const settings = checkClientOptions(options);
  const retry = options?.retry === undefined ? undefined : checkRetry(options.retry, "createOpenRouterOAuth");
  const client = createTypedClient(settings, boundedFetch(settings.fetch, settings.timeoutMs, settings.apiKey));
  return {
    client,
    async exchangeAuthCodeForAPIKey(request, callOptions) {
      refuseUnknownOptions(callOptions, CALL_OPTIONS, "exchangeAuthCodeForAPIKey", "exchangeAuthCodeForAPIKey");
      return exchangeVia(client, settings, request, callOptions);
    },
    async createAuthCode(request, callOptions) {
      refuseUnknownOptions(callOptions, CALL_OPTIONS, "createAuthCode", "createAuthCode");
      return createAuthCodeVia(client, settings, request, callOptions, retry);
    },
    async getCurrentKey(callOptions) {
      refuseUnknownOptions(callOptions, CALL_OPTIONS, "getCurrentKey", "getCurrentKey");
      return getCurrentKeyVia(client, settings, callOptions, retry);
    },
    async createOauthToken(request, callOptions) {
      refuseUnknownOptions(callOptions, CALL_OPTIONS, "createOauthToken", "createOauthToken");
      return createOauthTokenVia(client, settings, request, callOptions, retry);
    },
    async listOauthJwks(callOptions) {
      refuseUnknownOptions(callOptions, CALL_OPTIONS, "listOauthJwks", "listOauthJwks");
      return listOauthJwksVia(client, settings, callOptions, retry);
    },
  };
}
