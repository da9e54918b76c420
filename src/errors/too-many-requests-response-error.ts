import { APIError } from "./api-error.js";

/** HTTP 429 Too Many Requests: `retryAfterMs` says how long to wait, when the server said. */
export class TooManyRequestsResponseError extends APIError {
  override name = "TooManyRequestsResponseError";
}
