import { APIError } from "./api-error.js";

/**
 * HTTP 503 Service Unavailable: trying again later may succeed (`retryAfterMs`, when the server said). Thrown by
 * every operation that may be retried; the exchange, which never is, reports a 503 as an APIError.
 */
export class ServiceUnavailableResponseError extends APIError {
  override name = "ServiceUnavailableResponseError";
  override readonly code = "service_unavailable";
}
