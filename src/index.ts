// The isomorphic entry: needs only fetch and Web Crypto, so it runs in browsers, Node 20+, Deno, Bun and workers.
export { createOpenRouterOAuth, type OpenRouterOAuth } from "./operations/client.js";
export {
  exchangeAuthCodeForAPIKey,
  type ExchangeAuthCodeForAPIKeyRequest,
  type ExchangeAuthCodeForAPIKeyResponse,
  type ExchangeAuthCodeForAPIKeyOptions,
} from "./operations/exchange.js";
export {
  getCurrentKey,
  type CurrentKey,
  type GetCurrentKeyCallOptions,
  type GetCurrentKeyOptions,
  type GetCurrentKeyResponse,
} from "./operations/get-current-key.js";
export {
  createOauthToken,
  type CreateOauthTokenCallOptions,
  type CreateOauthTokenOptions,
  type CreateOauthTokenRequest,
  type CreateOauthTokenResponse,
} from "./operations/create-oauth-token.js";
export { listOauthJwks, type ListOauthJwksCallOptions, type ListOauthJwksOptions, type ListOauthJwksResponse } from "./operations/list-oauth-jwks.js";
export { keyLinks, OPENROUTER_ORIGIN, type KeyLinks } from "./key/key-links.js";
export { maskKey } from "./key/mask-key.js";
export type { CreateAuthCodeCallOptions, CreateAuthCodeRequest, CreateAuthCodeResponse } from "./operations/create-auth-code.js";
export type { RetriedCallOptions, RetryOptions } from "./transport/retry.js";
export { DEFAULT_BASE_URL, type CallOptions, type OpenRouterOAuthOptions } from "./transport/options.js";
export type { FetchLike } from "./transport/bounded-fetch.js";
export type { paths, components, operations } from "./generated/openapi.js";
export { computeCodeChallenge, createPkcePair, type PkcePair } from "./sign-in/pkce.js";
export * from "./errors/index.js";
export {
  buildAuthorizationUrl,
  DEFAULT_AUTH_URL,
  type AuthorizationRequest,
  type AuthorizationUrlOptions,
} from "./sign-in/authorization-url.js";
export { completeSignIn, parseCallback, type CheckedCallback, type ParseCallbackOptions } from "./sign-in/callback.js";
