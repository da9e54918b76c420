// The one source of request rules: the spec's own (generated into src/generated/request-rules.ts) and, next to
// them, the few the spec cannot state. The client checks them before sending, the fake answers 400 for them, and
// buildAuthorizationUrl and the CLI check the fields they share with them.
import { InvalidRequestError } from "../errors/invalid-request-error.js";
import type { Operation } from "../errors/openrouter-oauth-error.js";
import type { components } from "../generated/openapi.js";
import {
  createAuthKeysCode,
  createAuthKeysCode_key_label,
  createOauthToken,
  createOauthToken_federation_policy_id,
  createOauthToken_scope,
  createOauthToken_subject_token,
  exchangeAuthCodeForAPIKey,
} from "../generated/request-rules.js";
import type { Check } from "../checks/check.js";
import { isDateTime } from "../checks/request-formats.js";
import { callbackUrlProblem, isObject, pkceValueProblem, PRINTABLE_ASCII, unknownName } from "../checks/validate.js";

/** An operation's request rules: the spec's, and the checks it cannot state. */
export interface RequestRules {
  readonly required: readonly string[];
  /** The spec's check of each field, generated. */
  readonly fields: Readonly<Record<string, Check>>;
  /** Checks beyond the spec's, by field. Each says in full what its field must be, so it runs first. */
  readonly extra: Readonly<Record<string, Check>>;
  /** A check across fields, run once every field has passed. */
  readonly across?: Check;
}

/** Why `value` cannot be the field `field` of `rules`, or undefined when it can. */
export function fieldProblem(rules: RequestRules, field: string, value: unknown): string | undefined {
  const spec = rules.fields[field]!;
  // A null the spec allows needs no further check.
  const own = value === null && !spec(null) ? undefined : rules.extra[field];
  return own?.(value) ?? spec(value);
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
  if (!isObject(input)) return { message: "expects an object of request fields" };
  const body = input;
  const unknown = ignoreUnknown ? undefined : unknownName(body, rules.fields, "field");
  if (unknown) return { message: unknown.message, field: unknown.name };
  for (const [field, value] of Object.entries(body)) {
    if (!Object.hasOwn(rules.fields, field)) continue;
    const problem = value === undefined ? undefined : fieldProblem(rules, field, value);
    if (problem) return { message: `${field} ${problem}`, field };
  }
  for (const field of rules.required) {
    // Own fields only, as those are the ones sent.
    if (!Object.hasOwn(body, field) || body[field] === undefined) return { message: `${field} is required`, field };
  }
  const across = rules.across?.(body);
  return across ? { message: across } : undefined;
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

// The rules the spec cannot state. Each object is typed against the generated request type, so that a field
// renamed or removed in the spec fails the type check here.
type Extra<Body> = { [Field in keyof Body]?: Check };

/** A credit limit: OpenRouter documents no bound, but a negative or endless one has no meaning. */
export const limitProblem: Check = (value) =>
  typeof value === "number" && Number.isFinite(value) && value >= 0 ? undefined : "must be a finite number >= 0";

/** The exchange's rules. */
export const EXCHANGE_RULES: RequestRules = {
  ...exchangeAuthCodeForAPIKey,
  extra: {
    code: (value) => (typeof value === "string" && value ? undefined : "must be the non-empty code from the callback URL"),
    code_verifier: pkceValueProblem,
  } satisfies Extra<components["schemas"]["ExchangeAuthCodeRequest"]>,
};

// ISO 8601 in UTC with seconds: OpenRouter refuses minute precision. Fractions of a second are allowed.
const UTC_WITH_SECONDS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;

/** createAuthCode's rules; `now` is the clock an expiry must lie after (the client's, or the fake's). */
export function createAuthCodeRules(now: () => number): RequestRules {
  return {
    ...createAuthKeysCode,
    extra: {
      callback_url: callbackUrlProblem,
      code_challenge: pkceValueProblem,
      limit: limitProblem,
      expires_at: (value) =>
        typeof value !== "string" || !UTC_WITH_SECONDS.test(value) || !isDateTime(value)
          ? "must be a Date or an ISO 8601 UTC time with seconds, like 2030-01-31T23:59:59Z"
          : Date.parse(value) <= now() ? "must be in the future"
          : undefined,
    } satisfies Extra<components["schemas"]["CreateAuthCodeRequest"]>,
    // RFC 7636 4.3: the method says how the challenge was made, so it means nothing without one.
    across: (body) => ((body as Record<string, unknown>).code_challenge_method !== undefined && (body as Record<string, unknown>).code_challenge === undefined
      ? "code_challenge_method was given without a code_challenge"
      : undefined),
  };
}

/** The authorization page's key_label follows createAuthCode's, as OpenRouter's guide has it. */
export const keyLabelProblem: Check = createAuthKeysCode_key_label;

/** The grant and the subject token type of every token exchange: RFC 8693's, for a JWT. */
export const TOKEN_EXCHANGE_GRANT = "urn:ietf:params:oauth:grant-type:token-exchange";
export const JWT_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:jwt";

/** A JWT in compact form: three base64url parts (the third empty for an unsigned one, which OpenRouter refuses). */
const COMPACT_JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/** The token exchange's rules, as the fake holds a whole wire body to them. */
// Built by a call marked pure, as the next, so that a bundle without the token exchange carries neither.
export const TOKEN_EXCHANGE_RULES: RequestRules = /* @__PURE__ */ (() => ({
  ...createOauthToken,
  extra: {
    federation_policy_id: (value) =>
      typeof value === "string" && PRINTABLE_ASCII.test(value) ? undefined : "must be the policy's id from openrouter.ai Settings → Workload identity, without spaces",
    subject_token: (value) =>
      typeof value === "string" && COMPACT_JWT.test(value)
        ? undefined
        : "must be a JWT: three base64url parts separated by dots, with no spaces or line breaks (trim one read from a file)",
  } satisfies Extra<components["schemas"]["TokenExchangeRequest"]>,
}))();

/** What createOauthToken takes from its caller: the wire rules less the two fields it fills in itself. */
export const CREATE_OAUTH_TOKEN_RULES: RequestRules = /* @__PURE__ */ (() => ({
  required: ["federation_policy_id", "subject_token"],
  fields: { federation_policy_id: createOauthToken_federation_policy_id, subject_token: createOauthToken_subject_token, scope: createOauthToken_scope },
  extra: TOKEN_EXCHANGE_RULES.extra,
}))();
