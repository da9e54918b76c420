import createClient, { type Client } from "openapi-fetch";
import {
  createAuthCodeVia,
  type CreateAuthCodeCallOptions,
  type CreateAuthCodeRequest,
  type CreateAuthCodeResponse,
} from "./create-auth-code.js";
import { exchangeVia, type ExchangeAuthCodeRequest, type ExchangeAuthCodeResponse } from "./exchange.js";
import { getCurrentKeyVia, type GetCurrentKeyResponse } from "./get-current-key.js";
import type { paths } from "./generated/openapi.js";
import { checkRetry } from "./retry.js";
import { createTransport, type CallOptions, type OpenRouterOAuthOptions } from "./transport.js";

export interface OpenRouterOAuth {
  /** POST /auth/keys: trades the single-use code for the user's API key. Never retried. */
  exchangeAuthCodeForAPIKey(request: ExchangeAuthCodeRequest, options?: CallOptions): Promise<ExchangeAuthCodeResponse>;
  /** POST /auth/keys/code: mints an authorization code with the app's API key. Retried only when asked. */
  createAuthCode(request: CreateAuthCodeRequest, options?: CreateAuthCodeCallOptions): Promise<CreateAuthCodeResponse>;
  /** GET /key: what the client's own apiKey is (label, limit, usage, expiry). Not retried. */
  getCurrentKey(options?: CallOptions): Promise<GetCurrentKeyResponse>;
  /**
   * A typed openapi-fetch client with the same base URL, fetch and headers (no API key; redirects not followed),
   * for what the two methods do not cover.
   */
  readonly client: Client<paths>;
}

/** A client for the OAuth operations and GET /key. The options are checked now; nothing is sent until a method is called. */
export function createOpenRouterOAuth(options?: OpenRouterOAuthOptions): OpenRouterOAuth {
  options ??= {}; // null too, from JavaScript
  const transport = createTransport(options);
  const defaults = { retry: options.retry === undefined ? undefined : checkRetry(options.retry), timeoutMs: options.timeoutMs };
  return {
    client: createClient<paths>({ baseUrl: transport.baseUrl, fetch: transport.fetch, headers: transport.headers, redirect: "manual" }),
    exchangeAuthCodeForAPIKey: (request, callOptions) => exchangeVia(transport, request, callOptions),
    createAuthCode: (request, callOptions) => createAuthCodeVia(transport, request, callOptions, defaults),
    getCurrentKey: (callOptions) => getCurrentKeyVia(transport, callOptions),
  };
}
