import type { Client } from "openapi-fetch";
import { InvalidRequestError } from "../errors/invalid-request-error.js";
import type { components, paths } from "../generated/openapi.js";
import type { CallOptions, Settings } from "../transport/options.js";
import { checkRequest, createAuthCodeRules } from "./request-rules.js";
import { createAuthKeysCode_response } from "../generated/response-shapes.js";
import type { Hint } from "../transport/response.js";
import type { Check, ShapeProblem } from "../checks/check.js";
import { RETRY_CLASSES, sendRetried, type RetriedCallOptions, type RetryOptions } from "../transport/retry.js";
import { send } from "../transport/send.js";

type WireRequest = components["schemas"]["CreateAuthCodeRequest"];
/** What createAuthCode accepts: the wire request, except that `expires_at` may also be a `Date`. */
export type CreateAuthCodeRequest = Omit<WireRequest, "expires_at"> & {
  /** When the key made from the code stops working: a Date, or ISO 8601 in UTC with seconds. */
  expires_at?: Date | string | null;
};
/** What createAuthCode returns: `data.id` is the code to exchange; `data.app_id` and `data.created_at` describe it. */
export type CreateAuthCodeResponse = components["schemas"]["CreateAuthCodeResponse"];

/** The options of one createAuthCode call: those of every call, and retries. */
/** createAuthCode's call options: the call's own, and its retries. */
export type CreateAuthCodeCallOptions = RetriedCallOptions;

const operation = "createAuthCode";
const RULES = /* @__PURE__ */ createAuthCodeRules(() => Date.now());

// The spec's shape, and a code that is not empty: an empty one could never be exchanged.
const shape: Check<ShapeProblem, any> = (body) => createAuthKeysCode_response(body) ?? (body.data.id ? undefined : { field: "data.id", says: "has an empty data.id" });

const hint: Hint = (status) =>
  status === 400 ? "Check the request fields."
  : status === 401 ? "Check the apiKey given to createOpenRouterOAuth."
  : status === 403 ? "This API key may not create authorization codes."
  : undefined;

/** A Date goes on the wire as ISO 8601 in UTC; an invalid one as its text, which the rule then refuses. */
function withWireExpiry(request: CreateAuthCodeRequest): unknown {
  const expiry = (request as { expires_at?: unknown } | null)?.expires_at;
  if (!(expiry instanceof Date)) return request;
  return { ...request, expires_at: Number.isNaN(expiry.getTime()) ? String(expiry) : expiry.toISOString() };
}

/** POST /auth/keys/code through the typed client, with the app's API key; retried only when asked. */
export async function createAuthCodeVia(
  client: Client<paths>,
  settings: Settings,
  request: CreateAuthCodeRequest,
  options: CreateAuthCodeCallOptions | null | undefined,
  clientRetry: Required<RetryOptions> | undefined,
) {
  const body = checkRequest<WireRequest>(operation, RULES, withWireExpiry(request));
  if (!settings.apiKey) {
    throw new InvalidRequestError("createAuthCode needs an API key: pass apiKey to createOpenRouterOAuth.", { operation, field: "apiKey" });
  }
  const authorization = `Bearer ${settings.apiKey}`;
  const attempt = (attemptOptions: CallOptions) =>
    send<CreateAuthCodeResponse>(
      { operation, settings, options: attemptOptions, secrets: [body.code_challenge], shape, hint, classes: RETRY_CLASSES, outcome: "The request succeeded, so a code may have been created" },
      (init) => client.POST("/auth/keys/code", { body, ...init, headers: { ...init.headers, authorization } }),
    );
  return sendRetried(operation, options, clientRetry, settings.timeoutMs, attempt);
}
