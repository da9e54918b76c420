import type { InvalidRequestCode } from "./codes.js";
import { OpenRouterOAuthError, type ErrorOptions } from "./openrouter-oauth-error.js";

/** An input was wrong; nothing was sent. `field` names it when one field is to blame, `code` the cause. */
export class InvalidRequestError extends OpenRouterOAuthError {
  override name = "InvalidRequestError";
  /** The option or request field that was wrong, such as `callback_url`. */
  declare readonly field: string | undefined;
  /** `invalid_request`, or the cause a caller must tell apart: a callback's state, a port, ... (see ErrorCode). */
  declare readonly code: InvalidRequestCode;

  constructor(message: string, options?: (ErrorOptions & { field?: string; code?: InvalidRequestCode }) | null) {
    super(message, options);
    this.field = options?.field;
    this.code = options?.code ?? "invalid_request";
  }
}
