// The one source of request rules: the spec's own (generated into src/generated/request-rules.ts) and, next to
// them, the few the spec cannot state. The client checks them before sending, the fake answers 400 for them, and
// buildAuthorizationUrl and the CLI check the fields they share with them.
import { InvalidRequestError } from "./errors/invalid-request-error.js";
import type { Operation } from "./errors/openrouter-oauth-error.js";
import type { components } from "./generated/openapi.js";
import { createAuthKeysCode, exchangeAuthCodeForAPIKey } from "./generated/request-rules.js";
import { callbackUrlProblem, PKCE_VALUE } from "./validate.js";

/** Why a value breaks a rule, or undefined when it does not. */
export type Check = (value: unknown) => string | undefined;

/** What the spec says of one request field, as scripts/generate.mjs writes it. */
export interface FieldRule {
  readonly type: readonly string[];
  readonly enum?: readonly (string | null)[];
  readonly format?: string;
  readonly maxLength?: number;
  readonly minLength?: number;
  readonly minimum?: number;
  readonly maximum?: number;
}

/** An operation's request rules: the spec's, and the checks it cannot state. */
export interface RequestRules {
  readonly required: readonly string[];
  readonly fields: Readonly<Record<string, FieldRule>>;
  /** Checks beyond the spec's, by field; they run after the spec's rule of that field has passed. */
  readonly extra: Readonly<Record<string, Check>>;
  /** A check across fields, run once every field has passed. */
  readonly across?: (body: Record<string, unknown>) => string | undefined;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE_TIME = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(\.\d+)?(Z|[+-]\d\d:\d\d)$/i;

/** RFC 3339 date-time with a real calendar date: 2030-02-30 is refused, where Date.parse would roll it over. */
function isDateTime(value: string): boolean {
  const parts = DATE_TIME.exec(value);
  if (!parts) return false;
  const [year, month, day, hour, minute, second] = parts.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth && hour < 24 && minute < 60 && second < 60;
}

const FORMATS: Record<string, (value: string) => boolean> = {
  uri: (value) => /^[a-z][a-z0-9+.-]*:/i.test(value) && URL.canParse(value),
  uuid: (value) => UUID.test(value),
  "date-time": isDateTime,
};

const FORMAT_NAMES: Record<string, string> = { uri: "an absolute URL", uuid: "a UUID", "date-time": "an RFC 3339 date-time" };

const typeOf = (value: unknown) => (value === null ? "null" : Number.isInteger(value) ? "integer" : typeof value);

/** Why `value` breaks what the spec says of its field, or undefined when it does not. */
export function specProblem(rule: FieldRule, value: unknown): string | undefined {
  // An enum names every allowed value, its type included.
  if (rule.enum) return rule.enum.includes(value as string | null) ? undefined : `must be one of ${rule.enum.map((v) => JSON.stringify(v)).join(", ")}`;
  const type = typeOf(value);
  const { maxLength, minLength, minimum, maximum } = rule;
  if (rule.type.includes("string") && maxLength !== undefined && (type !== "string" || (value as string).length > maxLength)) {
    if (type !== "null" || !rule.type.includes("null")) return `must be a string of at most ${maxLength} characters`;
  }
  if (!rule.type.includes(type) && !(type === "integer" && rule.type.includes("number"))) {
    return `must be ${rule.type.map((name) => (name === "null" ? "null" : `a ${name}`)).join(" or ")}`;
  }
  if (typeof value === "number") {
    if (!Number.isFinite(value)) return "must be a finite number";
    if (minimum !== undefined && value < minimum) return `must be at least ${minimum}`;
    if (maximum !== undefined && value > maximum) return `must be at most ${maximum}`;
  }
  if (typeof value === "string") {
    if (minLength !== undefined && value.length < minLength) return `must be at least ${minLength} characters`;
    const format = rule.format && FORMATS[rule.format];
    if (format && !format(value)) return `must be ${FORMAT_NAMES[rule.format!]}`;
  }
  return undefined;
}

/**
 * Why `value` cannot be the field `field` of `rules`, or undefined when it can. A field's own check runs first,
 * since it says what the field must be in full; the spec's rule then still applies.
 */
export function fieldProblem(rules: RequestRules, field: string, value: unknown): string | undefined {
  const rule = rules.fields[field];
  if (!rule) return "is not a field of this request";
  const own = value === null && rule.type.includes("null") ? undefined : rules.extra[field];
  return own?.(value) ?? specProblem(rule, value);
}

/** A request that breaks its rules: what is wrong, and which field is to blame when one is. */
export interface RequestProblem {
  message: string;
  field?: string | undefined;
}

/**
 * The first problem of `input` as a request body, or undefined when it has none. Undefined fields count as
 * absent. Unknown fields are a problem unless `ignoreUnknown` (a server ignores them; the client refuses them, as
 * they are most likely a typo).
 */
export function requestProblem(rules: RequestRules, input: unknown, ignoreUnknown = false): RequestProblem | undefined {
  if (typeof input !== "object" || input === null || Array.isArray(input)) return { message: "expects an object of request fields" };
  const body = input as Record<string, unknown>;
  for (const [field, value] of Object.entries(body)) {
    if (!Object.hasOwn(rules.fields, field)) {
      if (ignoreUnknown) continue;
      const snake = field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
      const hint = Object.hasOwn(rules.fields, snake) ? ` (did you mean "${snake}"?)` : "";
      return { message: `unknown field "${field}"${hint}; expected ${Object.keys(rules.fields).join(", ")}`, field };
    }
    const problem = value === undefined ? undefined : fieldProblem(rules, field, value);
    if (problem) return { message: `${field} ${problem}`, field };
  }
  for (const field of rules.required) {
    if (body[field] === undefined) return { message: `${field} is required`, field };
  }
  const across = rules.across?.(body);
  return across ? { message: across } : undefined;
}

// The rules the spec cannot state. Each object is typed against the generated request type, so that a field
// renamed or removed in the spec fails the type check here.
type Extra<Body> = { [Field in keyof Body]?: Check };

const pkceValue: Check = (value) =>
  typeof value === "string" && PKCE_VALUE.test(value) ? undefined : "must be 43 to 128 characters of A-Z a-z 0-9 - . _ ~ (RFC 7636)";

// ISO 8601 in UTC with seconds: OpenRouter refuses minute precision. Fractions of a second are allowed.
const UTC_WITH_SECONDS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;

/** The exchange's rules. */
export const EXCHANGE_RULES: RequestRules = {
  ...exchangeAuthCodeForAPIKey,
  extra: {
    code: (value) => (typeof value === "string" && value ? undefined : "must be the non-empty code from the callback URL"),
    code_verifier: pkceValue,
  } satisfies Extra<components["schemas"]["ExchangeAuthCodeRequest"]>,
};

/** createAuthCode's rules; `now` is the clock an expiry must lie after (the client's, or the fake's). */
export function createAuthCodeRules(now: () => number): RequestRules {
  return {
    ...createAuthKeysCode,
    extra: {
      callback_url: callbackUrlProblem,
      code_challenge: pkceValue,
      // OpenRouter documents no bound; a negative credit limit has no meaning.
      limit: (value) => (typeof value === "number" && Number.isFinite(value) && value >= 0 ? undefined : "must be a finite number >= 0"),
      expires_at: (value) =>
        typeof value !== "string" || !UTC_WITH_SECONDS.test(value) || !isDateTime(value)
          ? "must be a Date or an ISO 8601 UTC time with seconds, like 2030-01-31T23:59:59Z"
          : Date.parse(value) <= now() ? "must be in the future"
          : undefined,
    } satisfies Extra<components["schemas"]["CreateAuthCodeRequest"]>,
    // RFC 7636 4.3: the method says how the challenge was made, so it means nothing without one.
    across: (body) => (body.code_challenge_method !== undefined && body.code_challenge === undefined
      ? "code_challenge_method was given without a code_challenge"
      : undefined),
  };
}

/**
 * The body to send for `input`, undefined fields dropped, or an InvalidRequestError naming the first problem:
 * nothing is sent for a request that breaks its rules.
 */
export function checkRequest<Body>(operation: Operation, rules: RequestRules, input: unknown): Body {
  const problem = requestProblem(rules, input);
  if (problem) throw new InvalidRequestError(`${operation}: ${problem.message}.`, { operation, field: problem.field });
  return Object.fromEntries(Object.entries(input as object).filter(([, value]) => value !== undefined)) as Body;
}

/**
 * The fields OpenRouter's authorization page shares with createAuthCode (callback_url, code_challenge,
 * code_challenge_method, key_label, limit) follow createAuthCode's rules; nothing there expires.
 */
export const AUTHORIZATION_PAGE_RULES = createAuthCodeRules(() => 0);
