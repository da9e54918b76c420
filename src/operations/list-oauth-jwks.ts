// GET /oauth/jwks: its row, and the standalone function.
import type { components } from "../generated/openapi.js";
import { listOauthJwks_response } from "../generated/response-shapes.js";
import type { OpenRouterOAuthOptions } from "../transport/options.js";
import { retryPolicy, saysNotNow, type RetriedCallOptions } from "../transport/retry.js";
import { performAlone, type Row } from "./operation.js";

/** GET /oauth/jwks's answer: `{ keys }`, the ES256 public keys that sign access tokens (RFC 7517). */
export type ListOauthJwksResponse = components["schemas"]["OAuthJwks"];

/** listOauthJwks's call options: the call's own, and its retries (it is a GET, so they are safe). */
export type ListOauthJwksCallOptions = RetriedCallOptions;

/** The standalone listOauthJwks's options: the client options (apiKey sent only when given) and the call options. */
export type ListOauthJwksOptions = OpenRouterOAuthOptions & ListOauthJwksCallOptions;

/** listOauthJwks: the public keys that sign access tokens, with the client's API key when it has one. */
export const LIST_OAUTH_JWKS: Row<undefined, ListOauthJwksResponse> = {
  name: "listOauthJwks",
  method: "GET",
  path: "/oauth/jwks",
  secrets: [],
  auth: "optional",
  shape: listOauthJwks_response,
  hint: (status) => (status === 401 ? "OpenRouter asked for an API key: pass apiKey." : undefined),
  retry: /* @__PURE__ */ retryPolicy({ retriesStatus: saysNotNow, resends: false }),
  outcome: "Nothing was changed",
};

/**
 * GET /oauth/jwks on its own: the public keys OpenRouter signs access tokens with, to verify one offline (check
 * its `kid` and ES256). Takes the client options and the call options together. Async, so that a bad option
 * rejects the promise instead of throwing.
 */
export const listOauthJwks = (options?: ListOauthJwksOptions): Promise<ListOauthJwksResponse> => performAlone(LIST_OAUTH_JWKS, undefined, options);
