import type { Received } from "./bounded-fetch.js";
import { APIError, type APIErrorDetails } from "./errors/api-error.js";
import { BadRequestResponseError } from "./errors/bad-request-response-error.js";
import { ConflictResponseError } from "./errors/conflict-response-error.js";
import { ForbiddenResponseError } from "./errors/forbidden-response-error.js";
import { InternalServerResponseError } from "./errors/internal-server-response-error.js";
import type { Operation } from "./errors/openrouter-oauth-error.js";
import { ResponseValidationError } from "./errors/response-validation-error.js";
import { UnauthorizedResponseError } from "./errors/unauthorized-response-error.js";
import { redact } from "./redact.js";

/** Describes how a parsed 2xx body breaks the spec, or returns undefined when it does not. */
export type ShapeCheck = (body: any) => string | undefined;

export const isObject = (value: unknown): value is Record<string, any> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** The one place where a status becomes an error class; the mapping is the same for every operation. */
export const CLASS_BY_STATUS: Readonly<Record<number, new (message: string, details: APIErrorDetails) => APIError>> = {
  400: BadRequestResponseError,
  401: UnauthorizedResponseError,
  403: ForbiddenResponseError,
  409: ConflictResponseError,
  500: InternalServerResponseError,
};

const START_OVER = "start a new authorization, since the code is single-use";

/** What to do next, for this operation and status. */
function hint(operation: Operation, status: number): string {
  const exchange = operation === "exchangeAuthCodeForAPIKey";
  if (status < 400) return "Redirects are not followed; check baseUrl.";
  if (status === 400) return exchange ? "Check that code_challenge_method matches the authorization request." : "Check the request fields.";
  // The exchange is sent without any API key, so the key cannot be what is wrong.
  if (status === 401) return exchange ? "The exchange needs no API key; check baseUrl." : "Check the apiKey given to createOpenRouterOAuth.";
  if (status === 403) {
    return exchange ? `The code is unknown, used or expired, or the verifier does not match: ${START_OVER}.` : "This API key may not create authorization codes.";
  }
  if (exchange && status >= 500) return `The code may already have been used: ${START_OVER}.`;
  return status === 409 || status === 429 || status >= 500 ? "Try again later." : "Check baseUrl.";
}

/** Retry-After as milliseconds from now: delta-seconds or an HTTP date (RFC 9110 10.2.3). */
function retryAfterMs(header: string | null): number | undefined {
  if (!header) return undefined;
  // Strict, since Date.parse reads a date into almost anything (two headers joined, "5, 10", give the year 2001).
  const ms = /^\d+$/.test(header) ? Number(header) * 1000 : /^\w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d GMT$/.test(header) ? Date.parse(header) - Date.now() : NaN;
  return Number.isNaN(ms) ? undefined : Math.max(0, ms);
}

const EXCERPT_LENGTH = 200;

/** At most EXCERPT_LENGTH characters of `text` on one line, or undefined when nothing is left. */
function excerptOf(text: string): string | undefined {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > EXCERPT_LENGTH ? `${flat.slice(0, EXCERPT_LENGTH)}...` : flat || undefined;
}

/**
 * A page (a proxy's 502, a login wall) is summarised by its title, or by its text when it has none: its markup
 * is never quoted.
 */
function pageSummary(html: string): string | undefined {
  const title = /<title[^>]*>([^<]*)</i.exec(html)?.[1];
  const text = title ?? html.replace(/<(script|style)[^>]*>[^]*?<\/\1>/gi, " ").replace(/<[^>]*>/g, " ");
  const summary = excerptOf(text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, "&"));
  return summary && `an HTML page: ${summary}`;
}

const looksLikeHtml = (text: string, contentType: string | null) =>
  /html/i.test(contentType ?? "") || /^\s*<(!doctype|html|head|body)/i.test(text);

/**
 * Turns a non-2xx response into the matching APIError. `body` is what openapi-fetch made of the (bounded) body:
 * its JSON when it parsed, else its text.
 */
export function errorFromResponse(operation: Operation, response: Response, body: unknown, secrets: (string | undefined)[]): APIError {
  const { status } = response;
  const shaped = isObject(body) && isObject(body.error) && typeof body.error.message === "string" && Number.isInteger(body.error.code);
  // Masked before anything is cut short, so that a secret across the cut cannot leave its first half behind, and
  // before JSON.stringify, which would escape a secret's quotes and backslashes out of recognition.
  const clean: any = body === "" || body == null ? undefined : redact(body, secrets);
  const error: APIErrorDetails["error"] = shaped ? { ...clean.error, message: excerptOf(clean.error.message) ?? "" } : undefined;
  let excerpt: string | undefined;
  if (!shaped && clean !== undefined) {
    const text = typeof clean === "string" ? clean : JSON.stringify(clean);
    excerpt = looksLikeHtml(text, response.headers.get("content-type")) ? pageSummary(text) : excerptOf(text);
  }
  const detail = error?.message || excerpt;
  const message = `${operation} failed with HTTP ${status}${detail ? `: ${detail}` : ""}. ${hint(operation, status)}`;
  return new (CLASS_BY_STATUS[status] ?? APIError)(message, {
    operation,
    status,
    headers: redact(Object.fromEntries(response.headers), secrets),
    error,
    excerpt,
    retryAfterMs: retryAfterMs(response.headers.get("retry-after")),
    response,
  });
}

/**
 * Checks a 2xx body: `parsed` holds what openapi-fetch parsed, or is undefined when the body was not JSON.
 * Anything off is a ResponseValidationError that keeps what arrived reachable as its body.
 */
export function checkedData<T>(operation: Operation, received: Received, parsed: { data: unknown } | undefined, shape: ShapeCheck): T {
  const fail = (problem: string, body?: unknown): never => {
    const outcome = operation === "exchangeAuthCodeForAPIKey" ? "a key may have been minted" : "a code may have been created";
    throw new ResponseValidationError(
      `${operation}: OpenRouter answered ${received.status}, but the body ${problem}. The request succeeded, so ${outcome}: the error's body property holds what arrived.`,
      { operation, body },
    );
  };
  if (received.cut) fail("is larger than the client accepts", received.text);
  // The SyntaxError quotes the body, which may hold a key, so it is not kept as the cause.
  if (!parsed) fail(`is not JSON (content-type ${received.contentType ?? "none"})`, received.text);
  if (parsed!.data === undefined) fail("is empty");
  const problem = shape(parsed!.data);
  if (problem) fail(problem, parsed!.data);
  return parsed!.data as T;
}
