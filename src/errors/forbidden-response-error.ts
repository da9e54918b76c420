import { APIError } from "./api-error.js";

/** HTTP 403 Forbidden. */
export class ForbiddenResponseError extends APIError {
  override name = "ForbiddenResponseError";
  override readonly code = "forbidden";
}
