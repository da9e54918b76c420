import { APIError } from "./api-error.js";

/** HTTP 401 Unauthorized. */
export class UnauthorizedResponseError extends APIError {
  override name = "UnauthorizedResponseError";
  override readonly code = "unauthorized";
}
