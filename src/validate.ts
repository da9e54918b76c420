import { InvalidRequestError } from "./errors/invalid-request-error.js";
import type { Operation } from "./errors/openrouter-oauth-error.js";

/** RFC 7636 section 4.1: a verifier is 43 to 128 characters of this alphabet. */
export const PKCE_VALUE = /^[A-Za-z0-9._~-]{43,128}$/;
const PKCE_RULE = "43 to 128 characters of A-Z a-z 0-9 - . _ ~ (RFC 7636)";
const LOOPBACK_HOSTS = ["localhost", "127.0.0.1", "[::1]"];

/** Whether `value` is an absolute http(s) URL, as a base URL must be. */
export const isHttpUrl = (value: unknown): value is string =>
  typeof value === "string" && /^https?:\/\/[^/]/.test(value) && URL.canParse(value);

/** Whether `value` is a delay setTimeout can keep: a positive number of milliseconds up to 2^31 - 1. */
export const isTimeoutMs = (value: unknown): value is number =>
  typeof value === "number" && value > 0 && value <= 2_147_483_647;

export type Check = (value: unknown) => string | undefined;

export const oneOf = (values: readonly (string | null)[]): Check => (value) =>
  values.includes(value as string) ? undefined : `must be one of ${values.map((v) => JSON.stringify(v)).join(", ")}`;

export const pkceValue: Check = (value) => (typeof value === "string" && PKCE_VALUE.test(value) ? undefined : `must be ${PKCE_RULE}`);

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

/**
 * Checks request fields against `rules` and returns the body to send (undefined fields dropped). Throws
 * InvalidRequestError naming the first unknown, bad or missing field.
 */
export function checkFields(operation: Operation, rules: Record<string, Check>, required: string, input: unknown): Record<string, unknown> {
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
      const problem = rule(value);
      if (problem) fail(`${field} ${problem}`, field);
      body[field] = value;
    }
  }
  if (body[required] === undefined) fail(`${required} is required`, required);
  return body;
}
