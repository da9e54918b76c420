import { APIError } from "./api-error.js";

/** HTTP 400 Bad Request. */
export class BadRequestResponseError extends APIError {
  override name = "BadRequestResponseError";
  override readonly code = "bad_request";
}
