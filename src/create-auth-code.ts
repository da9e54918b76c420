import type { components } from "./generated/openapi.js";
import { InvalidRequestError } from "./errors/invalid-request-error.js";
import { isObject, type ShapeCheck } from "./response.js";
import { checkRetry, withRetries, type RetryOptions } from "./retry.js";
import { DEFAULT_TIMEOUT_MS, type CallOptions, type Transport } from "./transport.js";
import { callbackUrlProblem, checkFields, oneOf, pkceValue } from "./validate.js";

type WireRequest = components["schemas"]["CreateAuthCodeRequest"];
/** What createAuthCode accepts: the wire request, except that `expires_at` may also be a `Date`. */
export type CreateAuthCodeRequest = Omit<WireRequest, "expires_at"> & {
  /** When the key made from the code stops working: a Date, or ISO 8601 in UTC with seconds. */
  expires_at?: Date | string | null;
};
/** What createAuthCode returns: `data.id` is the code to exchange; `data.app_id` and `data.created_at` describe it. */
export type CreateAuthCodeResponse = components["schemas"]["CreateAuthCodeResponse"];

/** The options of one createAuthCode call: those of every call, and retries. */
export interface CreateAuthCodeCallOptions extends CallOptions {
  /** Retries for this call, in place of the client's; `false` turns them off. */
  retry?: RetryOptions | false | undefined;
}

/** What the client was created with that createAuthCode falls back on. */
export interface CreateAuthCodeDefaults {
  retry?: RetryOptions | undefined;
  timeoutMs?: number | undefined;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// ISO 8601 in UTC with seconds; OpenRouter rejects minute precision. Fractions of a second are allowed.
const UTC_WITH_SECONDS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;

const RULES = {
  callback_url: callbackUrlProblem,
  code_challenge: pkceValue,
  code_challenge_method: oneOf(["S256", "plain"]),
  limit: (value: unknown) =>
    typeof value === "number" && Number.isFinite(value) && value >= 0 ? undefined : "must be a finite number >= 0",
  expires_at: (value: unknown) => {
    if (value === null) return;
    const time = value instanceof Date ? value.getTime() : typeof value === "string" && UTC_WITH_SECONDS.test(value) ? Date.parse(value) : NaN;
    const iso = Number.isNaN(time) ? "" : new Date(time).toISOString();
    // Date.parse rolls 30 February over into March, and a Date after year 9999 prints a six-digit year.
    if (!UTC_WITH_SECONDS.test(iso) || (typeof value === "string" && iso.slice(0, 19) !== value.slice(0, 19))) {
      return "must be a Date or an ISO 8601 UTC time with seconds, like 2030-01-31T23:59:59Z";
    }
    if (time <= Date.now()) return "must be in the future";
  },
  key_label: (value: unknown) => (typeof value === "string" && value.length <= 100 ? undefined : "must be a string of at most 100 characters"),
  usage_limit_type: oneOf(["daily", "weekly", "monthly"]),
  workspace_id: (value: unknown) => (typeof value === "string" && UUID.test(value) ? undefined : "must be a UUID"),
};

const shape: ShapeCheck = (body) =>
  !isObject(body) || !isObject(body.data) ? "has no data object"
  : typeof body.data.id !== "string" || !body.data.id ? "has no data.id"
  : !Number.isInteger(body.data.app_id) ? "has no integer data.app_id"
  : typeof body.data.created_at !== "string" ? "has no data.created_at"
  : undefined;

/** POST /auth/keys/code through an existing transport, which must hold the app's API key; retried only if asked. */
export async function createAuthCodeVia(
  transport: Transport,
  request: CreateAuthCodeRequest,
  options?: CreateAuthCodeCallOptions,
  defaults: CreateAuthCodeDefaults = {},
) {
  const { retry = defaults.retry, ...callOptions } = options ?? {};
  const retries = retry === false || retry === undefined ? undefined : checkRetry(retry);
  const fields = checkFields("createAuthCode", RULES, "callback_url", request);
  // Dates go on the wire as ISO 8601 in UTC.
  if (fields.expires_at instanceof Date) fields.expires_at = fields.expires_at.toISOString();
  const body = fields as WireRequest;
  if (!transport.apiKey) {
    throw new InvalidRequestError("createAuthCode needs an API key: pass apiKey to createOpenRouterOAuth.", {
      operation: "createAuthCode",
      field: "apiKey",
    });
  }
  const attempt = (attemptOptions: CallOptions) =>
    transport.send<CreateAuthCodeResponse>("createAuthCode", "/auth/keys/code", body, [body.code_challenge], shape, attemptOptions);
  const timeoutMs = callOptions.timeoutMs ?? defaults.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return retries ? withRetries(attempt, retries, callOptions, timeoutMs) : attempt(callOptions);
}
