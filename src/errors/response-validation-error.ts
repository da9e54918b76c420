import { OpenRouterOAuthError, type ErrorOptions } from "./openrouter-oauth-error.js";

// Each error's body, outside the error: no way of printing or expanding the error (a debugger's view included)
// can show the key it may hold.
const bodies = new WeakMap<ResponseValidationError, unknown>();

/**
 * A successful (2xx) response whose body is not what the spec says. The request itself worked, so a key may
 * have been minted: the parsed body (or its text) stays reachable as `body`, which is never printed with the error.
 */
export class ResponseValidationError extends OpenRouterOAuthError {
  override name = "ResponseValidationError";
  override readonly code = "response_invalid";
  /** The body's field that was wrong, such as `key` or `data.id`; undefined when the body as a whole was. */
  declare readonly field: string | undefined;
  /** What arrived: the parsed JSON, or the text when it was not JSON. Never printed with the error. */
  get body(): unknown {
    return bodies.get(this);
  }

  constructor(message: string, options?: (ErrorOptions & { body?: unknown; field?: string | undefined }) | null) {
    super(message, options);
    this.field = options?.field;
    bodies.set(this, options?.body);
  }
}
