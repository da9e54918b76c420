import type { components } from "./generated/openapi.js";
import { InvalidRequestError } from "./errors/invalid-request-error.js";
import type { Operation } from "./errors/openrouter-oauth-error.js";

type Schemas = components["schemas"];
export type ExchangeAuthCodeRequest = Schemas["ExchangeAuthCodeRequest"];
/** What `createAuthCode` accepts: the wire request, except that `expires_at` may also be a `Date`. */
export type CreateAuthCodeRequest = Omit<Schemas["CreateAuthCodeRequest"], "expires_at"> & {
  expires_at?: Date | string | null;
};

/** RFC 7636 section 4.1: a verifier is 43 to 128 characters of this alphabet. */
export const PKCE_VALUE = /^[A-Za-z0-9._~-]{43,128}$/;
const PKCE_RULE = "43 to 128 characters of A-Z a-z 0-9 - . _ ~ (RFC 7636)";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// ISO 8601 in UTC with seconds; OpenRouter rejects minute precision. Fractions of a second are allowed.
const UTC_WITH_SECONDS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;
const LOOPBACK_HOSTS = ["localhost", "127.0.0.1", "[::1]"];

type Check = (value: unknown, field: string) => string | undefined;

const oneOf = (values: readonly (string | null)[]): Check => (value) =>
  values.includes(value as string) ? undefined : `must be one of ${values.map((v) => JSON.stringify(v)).join(", ")}`;

const pkceValue: Check = (value) => (typeof value === "string" && PKCE_VALUE.test(value) ? undefined : `must be ${PKCE_RULE}`);

/** Why `value` cannot be a callback URL, or undefined when it can: https, or http on a loopback host. */
export const callbackUrlProblem: Check = (value) => {
  let url: URL | undefined;
  try {
    url = new URL(value as string);
  } catch {
    // Not a URL at all; reported below.
  }
  return typeof value === "string" && url &&
    (url.protocol === "https:" || (url.protocol === "http:" && LOOPBACK_HOSTS.includes(url.hostname)))
    ? undefined
    : "must be an absolute https URL, or an http URL on localhost, 127.0.0.1 or [::1]";
};

const EXCHANGE: Record<string, Check> = {
  code: (value) => (typeof value === "string" && value ? undefined : "must be the non-empty code from the callback URL"),
  code_verifier: pkceValue,
  code_challenge_method: oneOf(["S256", "plain", null]),
};

const CREATE: Record<string, Check> = {
  callback_url: callbackUrlProblem,
  code_challenge: pkceValue,
  code_challenge_method: oneOf(["S256", "plain"]),
  limit: (value) =>
    typeof value === "number" && Number.isFinite(value) && value >= 0 ? undefined : "must be a finite number >= 0",
  expires_at: (value) => {
    if (value === null) return;
    const time = value instanceof Date ? value.getTime() : typeof value === "string" && UTC_WITH_SECONDS.test(value) ? Date.parse(value) : NaN;
    if (Number.isNaN(time)) return "must be a Date or an ISO 8601 UTC time with seconds, like 2030-01-31T23:59:59Z";
    if (time <= Date.now()) return "must be in the future";
  },
  key_label: (value) => (typeof value === "string" && value.length <= 100 ? undefined : "must be a string of at most 100 characters"),
  usage_limit_type: oneOf(["daily", "weekly", "monthly"]),
  workspace_id: (value) => (typeof value === "string" && UUID.test(value) ? undefined : "must be a UUID"),
};

const REQUIRED: Record<Operation, string> = { exchangeAuthCodeForAPIKey: "code", createAuthCode: "callback_url" };

function check(operation: Operation, rules: Record<string, Check>, input: unknown): Record<string, unknown> {
  const fail = (message: string, field?: string) => {
    throw new InvalidRequestError(`${operation}: ${message}.`, { operation, field });
  };
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    fail("expects an object of request fields");
  }
  const body: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(input as object)) {
    const rule = Object.hasOwn(rules, field) ? rules[field] : undefined;
    if (!rule) {
      const snake = field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
      fail(`unknown field "${field}"${rules[snake] ? ` (did you mean "${snake}"?)` : ""}; expected ${Object.keys(rules).join(", ")}`, field);
    } else if (value !== undefined) {
      const problem = rule(value, field);
      if (problem) fail(`${field} ${problem}`, field);
      // Dates go on the wire as ISO 8601 in UTC.
      body[field] = value instanceof Date ? value.toISOString() : value;
    }
  }
  const required = REQUIRED[operation];
  if (body[required] === undefined) fail(`${required} is required`, required);
  return body;
}

/** Checks an exchange request; throws InvalidRequestError naming the first bad field. */
export const checkExchangeRequest = (input: unknown) =>
  check("exchangeAuthCodeForAPIKey", EXCHANGE, input) as ExchangeAuthCodeRequest;

/** Checks a createAuthCode request; throws InvalidRequestError naming the first bad field. */
export const checkCreateAuthCodeRequest = (input: unknown) =>
  check("createAuthCode", CREATE, input) as Schemas["CreateAuthCodeRequest"];
