import { OpenRouterOAuthError, type ErrorOptions } from "./openrouter-oauth-error.js";

/**
 * A successful (2xx) response whose body is not what the spec says. The request itself worked, so a key may
 * have been minted: the parsed body (or its text) stays reachable as `body`, which is not enumerable and so is
 * never printed with the error.
 */
export class ResponseValidationError extends OpenRouterOAuthError {
  override name = "ResponseValidationError";
  /** What arrived: the parsed JSON, or the text when it was not JSON. Never printed with the error. */
  declare readonly body: unknown;

  constructor(message: string, options?: (ErrorOptions & { body?: unknown }) | null) {
    super(message, options);
    Object.defineProperty(this, "body", { value: options?.body });
  }
}
