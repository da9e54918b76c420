// createOpenRouterOAuth: the client, one method per operation's row, all sent by the one core function.
import type { Client } from "openapi-fetch";
import { CREATE_AUTH_CODE, type CreateAuthCodeCallOptions, type CreateAuthCodeRequest, type CreateAuthCodeResponse } from "./create-auth-code.js";
import {
  CREATE_OAUTH_TOKEN,
  type CreateOauthTokenCallOptions,
  type CreateOauthTokenRequest,
  type CreateOauthTokenResponse,
} from "./create-oauth-token.js";
import { EXCHANGE, type ExchangeAuthCodeForAPIKeyRequest, type ExchangeAuthCodeForAPIKeyResponse } from "./exchange.js";
import { GET_CURRENT_KEY, type GetCurrentKeyCallOptions, type GetCurrentKeyResponse } from "./get-current-key.js";
import type { paths } from "../generated/openapi.js";
import { LIST_OAUTH_JWKS, type ListOauthJwksCallOptions, type ListOauthJwksResponse } from "./list-oauth-jwks.js";
import { createTypedClient, perform, type Row, type Via } from "./operation.js";
import { boundedFetch } from "../transport/bounded-fetch.js";
import { CALL_OPTIONS, checkClientOptions, CLIENT_OPTIONS, refuseUnknownOptions, type CallOptions, type OpenRouterOAuthOptions } from "../transport/options.js";
import { checkRetry, type RetriedCallOptions } from "../transport/retry.js";

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
  const via: Via = { client, settings, retry };
  // Async, so that a bad option rejects the promise instead of throwing.
  const call = async <Req, Res>(row: Row<Req, Res>, request: Req, callOptions: RetriedCallOptions | undefined) => {
    refuseUnknownOptions(callOptions, CALL_OPTIONS, row.name, row.name);
    return perform(row, via, request, callOptions);
  };
  return {
    client,
    exchangeAuthCodeForAPIKey: (request, callOptions) => call(EXCHANGE, request, callOptions),
    createAuthCode: (request, callOptions) => call(CREATE_AUTH_CODE, request, callOptions),
    getCurrentKey: (callOptions) => call(GET_CURRENT_KEY, undefined, callOptions),
    createOauthToken: (request, callOptions) => call(CREATE_OAUTH_TOKEN, request, callOptions),
    listOauthJwks: (callOptions) => call(LIST_OAUTH_JWKS, undefined, callOptions),
  };
}
