import type { components } from "../generated/openapi.js";
import type { ErrorCode } from "./codes.js";
import { OpenRouterOAuthError, type Operation } from "./openrouter-oauth-error.js";

/** OpenRouter's `error` object in an error response: `code`, `message` and sometimes `metadata`. */
export type OpenRouterErrorDetail = components["schemas"]["ErrorResponse"]["error"];

/** What an APIError is made from: the failed operation and what its response said. */
export interface APIErrorDetails {
  /** The operation that failed. */
  operation: Operation;
  /** The HTTP status. */
  status: number;
  /** The response headers, secrets of the request removed. */
  headers: Record<string, string>;
  /** OpenRouter's `error` object, when the body had that shape. */
  error?: OpenRouterErrorDetail | undefined;
  /** The start of the body otherwise. */
  excerpt?: string | undefined;
  /** The wait the response asked for (`Retry-After`). */
  retryAfterMs?: number | undefined;
  /** The RFC 6749 error code, when the body had that shape (the token exchange's errors). */
  oauthError?: string | undefined;
  /** Its `error_description`, secrets of the request removed. */
  oauthErrorDescription?: string | undefined;
  /** The raw response. */
  response?: Response | undefined;
}

// Each error's raw response, outside the error: no way of printing or expanding the error (a debugger's view
// included) can show it, and with it headers that may echo a secret.
const responses = new WeakMap<APIError, Response | undefined>();

/**
 * OpenRouter (or something in front of it) answered with an HTTP error. Documented statuses have a subclass
 * each, and so do 429 and 503 for every operation but the exchange (which is never retried, and reports them as an
 * APIError of that status); any other status (404, 405, 502, ...) is an APIError itself.
 */
export class APIError extends OpenRouterOAuthError {
  override name = "APIError";
  /** `api_error` here; each subclass has its status's code (`bad_request`, `too_many_requests`, ...). */
  override readonly code: ErrorCode = "api_error";
  /** The HTTP status of the response. */
  declare readonly status: number;
  /** The response headers, secrets of the request removed. */
  declare readonly headers: Record<string, string>;
  /** OpenRouter's `error` object (`code`, `message`, `metadata`) when the body had that shape. */
  declare readonly error: OpenRouterErrorDetail | undefined;
  /** The start of the body when it was not OpenRouter's error shape (an HTML page from a proxy, say). */
  declare readonly excerpt: string | undefined;
  /** How long the server asked to wait before trying again (`Retry-After`, on 429 and 503). */
  declare readonly retryAfterMs: number | undefined;
  /**
   * The RFC 6749 error code of a token exchange's error body (`{ error, error_description }`), such as
   * `invalid_grant`; undefined for a body of any other shape.
   */
  declare readonly oauthError: string | undefined;
  /** That body's `error_description`, with the request's secrets masked. */
  declare readonly oauthErrorDescription: string | undefined;
  /** The raw response, unredacted; never printed with the error. */
  get response(): Response | undefined {
    return responses.get(this);
  }

  constructor(message: string, details: APIErrorDetails) {
    // From JavaScript the details may be missing: the error is still made, with nothing of them.
    const { operation, response, ...fields } = details ?? ({} as Partial<APIErrorDetails>);
    super(message, { operation });
    Object.assign(this, fields);
    responses.set(this, response);
  }
}
