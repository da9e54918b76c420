import { OpenRouterOAuthError, type ErrorOptions } from "./openrouter-oauth-error.js";

/** An input was wrong; nothing was sent. `field` names it when one field is to blame. */
export class InvalidRequestError extends OpenRouterOAuthError {
  override name = "InvalidRequestError";
  /** The option or request field that was wrong, such as `callback_url`. */
  declare readonly field: string | undefined;

  constructor(message: string, options?: (ErrorOptions & { field?: string }) | null) {
    super(message, options);
    this.field = options?.field;
  }
}
