import type { Received } from "./bounded-fetch.js";
import { APIError, type APIErrorDetails } from "../errors/api-error.js";
import { BadRequestResponseError } from "../errors/bad-request-response-error.js";
import { ConflictResponseError } from "../errors/conflict-response-error.js";
import { ForbiddenResponseError } from "../errors/forbidden-response-error.js";
import { InternalServerResponseError } from "../errors/internal-server-response-error.js";
import type { Operation } from "../errors/openrouter-oauth-error.js";
import { ResponseValidationError } from "../errors/response-validation-error.js";
import { UnauthorizedResponseError } from "../errors/unauthorized-response-error.js";
import { excerptOf, withoutMarkup } from "../errors/excerpt.js";
import { redact } from "../errors/redact.js";
import type { Check, ShapeProblem } from "../checks/check.js";
import { isObject } from "../checks/validate.js";

/**
 * What an operation advises for a status (and the fields its ErrorBodyReader read, when it has one), or undefined
 * for the advice every operation shares.
 */
export type Hint = (status: number, read?: Partial<APIErrorDetails>) => string | undefined;

/**
 * Reads an error body of an operation's own shape (the token exchange's, RFC 6749's), masked already: what the
 * message says of it, and the fields it gives the error. Undefined when the body is not of that shape.
 */
export type ErrorBodyReader = (body: unknown) => { detail: string; fields: Partial<APIErrorDetails> } | undefined;

/** Error classes by status. */
export type StatusClasses = Readonly<Record<number, new (message: string, details: APIErrorDetails) => APIError>>;

/**
 * Where a status becomes an error class: the same for every operation, with RETRY_CLASSES (429, 503) on top for
 * those that may be retried, so that the exchange's bundle carries neither of those classes.
 */
export const CLASS_BY_STATUS: StatusClasses = {
  400: BadRequestResponseError,
  401: UnauthorizedResponseError,
  403: ForbiddenResponseError,
  409: ConflictResponseError,
  500: InternalServerResponseError,
};

const sharedHint = (status: number) =>
  status < 400 ? "Redirects are not followed; check baseUrl."
  : status === 409 || status === 429 || status >= 500 ? "Try again later."
  : "Check baseUrl.";

/** Retry-After as milliseconds from now: delta-seconds or an HTTP date (RFC 9110 10.2.3). */
function retryAfterMs(header: string | null): number | undefined {
  if (header === null) return undefined;
  // Strict, since Date.parse reads a date into almost anything (two headers joined, "5, 10", give the year 2001).
  const ms = /^\d+$/.test(header) ? Number(header) * 1000 : /^\w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d GMT$/.test(header) ? Date.parse(header) - Date.now() : NaN;
  return Number.isNaN(ms) ? undefined : Math.max(0, ms);
}

/**
 * The body's gist: OpenRouter's error message, or a page (a proxy's 502, a login wall) by its title or its text,
 * its markup never quoted, or the start of anything else.
 */
function excerptOfBody(text: string, contentType: string | null): string | undefined {
  if (!/html/i.test(contentType ?? "") && !/^\s*<(!doctype|html)/i.test(text)) return excerptOf(text);
  // No tag pattern may run past a "<": a page of unclosed tags would otherwise take minutes to summarise.
  const page = excerptOf(withoutMarkup(/<title[^<>]*>([^<]*)/i.exec(text)?.[1] ?? text));
  return page && `an HTML page: ${page}`;
}

/**
 * Turns a non-2xx response into the matching APIError. `body` is what openapi-fetch made of the (bounded) body:
 * its JSON when it parsed, else its text.
 */
export function errorFromResponse(
  operation: Operation,
  response: Response,
  body: unknown,
  secrets: (string | undefined)[],
  hint: Hint,
  readError?: ErrorBodyReader,
  classes?: StatusClasses,
): APIError {
  const { status, headers } = response;
  // Masked before anything is cut short, so that a secret across the cut cannot leave its first half behind, and
  // before JSON.stringify, which would escape a secret's quotes and backslashes out of recognition.
  const clean = redact(body, secrets);
  const shaped = isObject(clean) && isObject(clean.error) && typeof clean.error.message === "string" && Number.isInteger(clean.error.code);
  const error: APIErrorDetails["error"] = shaped ? { ...clean.error, message: excerptOf(clean.error.message) ?? "" } : undefined;
  // An operation whose errors have a shape of their own (the token exchange's) reads them itself.
  const own = readError?.(clean);
  const excerpt = shaped || own || !clean ? undefined : excerptOfBody(typeof clean === "string" ? clean : JSON.stringify(clean), headers.get("content-type"));
  const detail = error?.message || own?.detail || excerpt;
  return new ((classes ?? CLASS_BY_STATUS)[status] ?? APIError)(`${operation} failed with HTTP ${status}${detail ? `: ${detail}` : ""}. ${hint(status, own?.fields) ?? sharedHint(status)}`, {
    operation,
    status,
    headers: redact(Object.fromEntries(headers), secrets),
    error,
    excerpt,
    retryAfterMs: retryAfterMs(headers.get("retry-after")),
    response,
    ...own?.fields,
  });
}

/**
 * Checks a 2xx body: `parsed` holds what openapi-fetch parsed, or is undefined when the body was not JSON.
 * Anything off is a ResponseValidationError that keeps what arrived reachable as its body; `outcome` says, in a
 * sentence, what the request may have done all the same.
 */
export function checkedData<T>(operation: Operation, outcome: string, received: Received, parsed: { data: unknown } | undefined, shape: Check<ShapeProblem, any>): T {
  const data = parsed?.data;
  const whole = (says: string): ShapeProblem => ({ field: undefined, says });
  const problem =
    received.cut ? whole("is larger than the client accepts")
    // The SyntaxError quotes the body, which may hold a key, so it is not kept as the cause.
    : !parsed ? whole(`is not JSON (content-type ${received.contentType ?? "none"})`)
    : data === undefined ? whole("is empty")
    : shape(data);
  if (!problem) return data as T;
  throw new ResponseValidationError(
    `${operation}: OpenRouter answered ${received.status}, but the body ${problem.says}. ${outcome}: the error's body property holds what arrived.`,
    // The text when nothing was parsed from it: openapi-fetch reads no body under "Content-Length: 0", true or not.
    { operation, field: problem.field, body: received.cut || data === undefined ? received.text : data },
  );
}
