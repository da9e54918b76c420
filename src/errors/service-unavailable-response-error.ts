import { APIError } from "./api-error.js";

/** HTTP 503 Service Unavailable: trying again later may succeed (`retryAfterMs`, when the server said). */
export class ServiceUnavailableResponseError extends APIError {
  override name = "ServiceUnavailableResponseError";
}
