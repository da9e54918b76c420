// The isomorphic entry: needs only fetch and Web Crypto, so it runs in browsers, Node 20+, Deno, Bun and workers.
export {
  createOpenRouterOAuth,
  DEFAULT_BASE_URL,
  type CallOptions,
  type FetchLike,
  type OpenRouterOAuth,
  type OpenRouterOAuthOptions,
} from "./client.js";
export type { CreateAuthCodeResponse, ExchangeAuthCodeResponse } from "./response.js";
export type { CreateAuthCodeRequest, ExchangeAuthCodeRequest } from "./validate.js";
export type { paths, components, operations } from "./generated/openapi.js";
export * from "./errors/index.js";
export { computeCodeChallenge, createPkcePair, type PkcePair } from "./pkce.js";
