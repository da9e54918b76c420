// GET /key: its row, and the standalone function that describes any key.
import type { components } from "../generated/openapi.js";
import { getCurrentKey_response } from "../generated/response-shapes.js";
import type { OpenRouterOAuthOptions } from "../transport/options.js";
import { retryPolicy, saysNotNow, type RetriedCallOptions } from "../transport/retry.js";
import { performAlone, type Row } from "./operation.js";

/** GET /key's answer: `{ data }`, what OpenRouter says of the key. */
export type GetCurrentKeyResponse = components["schemas"]["CurrentKeyResponse"];
/** What OpenRouter says about a key: its label, limit, spending and expiry. */
export type CurrentKey = components["schemas"]["CurrentKey"];

/** getCurrentKey's call options: the call's own, and its retries (it is a GET, so they are safe). */
export type GetCurrentKeyCallOptions = RetriedCallOptions;

/** The standalone getCurrentKey's options: the key to ask about, the client options and the call options. */
export type GetCurrentKeyOptions = Omit<OpenRouterOAuthOptions, "apiKey"> &
  GetCurrentKeyCallOptions & {
    /** The key to describe, such as one a sign-in just returned. */
    apiKey: string;
  };

/** getCurrentKey: describes the API key it is sent with. */
export const GET_CURRENT_KEY: Row<undefined, GetCurrentKeyResponse> = {
  name: "getCurrentKey",
  method: "GET",
  path: "/key",
  secrets: [],
  auth: "apiKey",
  noKey: "getCurrentKey needs the key to describe: pass apiKey.",
  shape: getCurrentKey_response,
  hint: (status) =>
    status === 401 ? "The key is missing, not valid, revoked or expired; check it."
    : status === 403 ? "OpenRouter does not let this key describe itself."
    : undefined,
  retry: /* @__PURE__ */ retryPolicy({ retriesStatus: saysNotNow, resends: false }),
  outcome: "Nothing was changed",
};

/**
 * GET /key on its own, for any key, such as the one a sign-in just returned. Takes the key, the client options
 * and the call options together. Async, so that a bad option rejects the promise instead of throwing.
 */
export const getCurrentKey = (options: GetCurrentKeyOptions): Promise<GetCurrentKeyResponse> => performAlone(GET_CURRENT_KEY, undefined, options);
