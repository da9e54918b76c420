import { APIError } from "./api-error.js";

/**
 * HTTP 429 Too Many Requests: `retryAfterMs` says how long to wait, when the server said. Thrown by every
 * operation that may be retried; the exchange, which never is, reports a 429 as an APIError.
 */
export class TooManyRequestsResponseError extends APIError {
  override name = "TooManyRequestsResponseError";
  override readonly code = "too_many_requests";
}
