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
const CLASS_BY_STATUS: Record<number, new (message: string, details: APIErrorDetails) => APIError> = {
  400: BadRequestResponseError,
  401: UnauthorizedResponseError,
  403: ForbiddenResponseError,
  409: ConflictResponseError,
  500: InternalServerResponseError,
};

const START_OVER = "start a new authorization, since the code is single-use";

function hint(operation: Operation, status: number): string {
  const exchange = operation === "exchangeAuthCodeForAPIKey";
  if (status === 400) return exchange ? "Check that code_challenge_method matches the authorization request." : "Check the request fields.";
  if (status === 401) return "Check the apiKey given to createOpenRouterOAuth.";
  if (status === 403) return exchange ? `The code is unknown, used or expired, or the verifier does not match: ${START_OVER}.` : "This API key may not create authorization codes.";
  if (status < 400) return "Redirects are not followed; check baseUrl.";
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

const excerptOf = (text: string) => {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > 200 ? `${flat.slice(0, 200)}...` : flat || undefined;
};

/** Turns a non-2xx response and its (already parsed, bounded) body into the matching APIError. */
export function errorFromResponse(operation: Operation, response: Response, body: unknown, secrets: (string | undefined)[]): APIError {
  const { status } = response;
  const error = isObject(body) && isObject(body.error) && typeof body.error.message === "string" && Number.isInteger(body.error.code)
    ? redact(body.error as APIErrorDetails["error"], secrets)
    : undefined;
  // Masked before it is cut short, so that a secret across the cut cannot leave its first half behind, and before
  // JSON.stringify, which would escape a secret's quotes and backslashes out of recognition.
  const clean = error || body == null ? undefined : redact(body, secrets);
  const excerpt = clean === undefined ? undefined : excerptOf(typeof clean === "string" ? clean : JSON.stringify(clean));
  const detail = error?.message ?? excerpt;
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

/** Parses and checks a 2xx body; anything off is a ResponseValidationError that keeps the body reachable. */
export function dataFromResponse<T>(operation: Operation, response: Response, text: string | undefined, tooLarge: boolean, shape: ShapeCheck): T {
  const fail = (problem: string, body?: unknown) => {
    const outcome = operation === "exchangeAuthCodeForAPIKey" ? "The request succeeded, so a key may have been minted"
      : operation === "createAuthCode" ? "The request succeeded, so a code may have been created"
      : "Nothing was changed";
    throw new ResponseValidationError(
      `${operation}: OpenRouter answered ${response.status}, but the body ${problem}. ${outcome}: the error's body property holds what arrived.`,
      { operation, body },
    );
  };
  if (tooLarge) fail("is larger than the client accepts", text);
  if (!text) fail("is empty");
  let body: unknown;
  try {
    body = JSON.parse(text!);
  } catch {
    // The SyntaxError quotes the body, which may hold a key, so it is not kept as the cause.
    fail(`is not JSON (content-type ${response.headers.get("content-type") ?? "none"})`, text);
  }
  const problem = shape(body);
  if (problem) fail(problem, body);
  return body as T;
}
