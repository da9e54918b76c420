import { APIError } from "./api-error.js";

/** HTTP 409 Conflict. */
export class ConflictResponseError extends APIError {
  override name = "ConflictResponseError";
  override readonly code = "conflict";
}
