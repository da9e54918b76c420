// POST /auth/keys/code: its row. Called through the client only, as it needs the app's API key.
import type { components } from "../generated/openapi.js";
import { createAuthKeysCode_response } from "../generated/response-shapes.js";
import { retryPolicy, saysNotNow, type RetriedCallOptions } from "../transport/retry.js";
import type { Row } from "./operation.js";
import { createAuthCodeRules } from "./request-rules.js";

type WireRequest = components["schemas"]["CreateAuthCodeRequest"];
/** What createAuthCode accepts: the wire request, except that `expires_at` may also be a `Date`. */
export type CreateAuthCodeRequest = Omit<WireRequest, "expires_at"> & {
  /** When the key made from the code stops working: a Date, or ISO 8601 in UTC with seconds. */
  expires_at?: Date | string | null;
};
/** What createAuthCode returns: `data.id` is the code to exchange; `data.app_id` and `data.created_at` describe it. */
export type CreateAuthCodeResponse = components["schemas"]["CreateAuthCodeResponse"];

/** createAuthCode's call options: the call's own, and its retries. */
export type CreateAuthCodeCallOptions = RetriedCallOptions;

/** A Date goes on the wire as ISO 8601 in UTC; an invalid one as its text, which the rule then refuses. */
function withWireExpiry(request: CreateAuthCodeRequest): unknown {
  const expiry = (request as { expires_at?: unknown } | null)?.expires_at;
  if (!(expiry instanceof Date)) return request;
  return { ...request, expires_at: Number.isNaN(expiry.getTime()) ? String(expiry) : expiry.toISOString() };
}

/** createAuthCode: mints an authorization code with the app's API key. */
export const CREATE_AUTH_CODE: Row<CreateAuthCodeRequest, CreateAuthCodeResponse> = {
  name: "createAuthCode",
  method: "POST",
  path: "/auth/keys/code",
  rules: /* @__PURE__ */ createAuthCodeRules(() => Date.now()),
  prepare: withWireExpiry,
  secrets: ["code_challenge"],
  auth: "apiKey",
  noKey: "createAuthCode needs an API key: pass apiKey to createOpenRouterOAuth.",
  // The spec's shape, and a code that is not empty: an empty one could never be exchanged.
  shape: (body) => createAuthKeysCode_response(body) ?? (body.data.id ? undefined : { field: "data.id", says: "has an empty data.id" }),
  hint: (status) =>
    status === 400 ? "Check the request fields."
    : status === 401 ? "Check the apiKey given to createOpenRouterOAuth."
    : status === 403 ? "This API key may not create authorization codes."
    : undefined,
  // A request that may have reached OpenRouter is not sent again: it may have created a code.
  retry: /* @__PURE__ */ retryPolicy({ retriesStatus: saysNotNow, resends: false }),
  outcome: "The request succeeded, so a code may have been created",
};
