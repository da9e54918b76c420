import { APIError } from "./api-error.js";

/** HTTP 500 Internal Server Error. */
export class InternalServerResponseError extends APIError {
  override name = "InternalServerResponseError";
  override readonly code = "internal_server_error";
}
