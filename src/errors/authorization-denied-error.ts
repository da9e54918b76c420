import { maskKeys } from "../redact.js";
import { OpenRouterOAuthError } from "./openrouter-oauth-error.js";

/** The user (or OpenRouter) refused the authorization: the callback carried `error` instead of `code`. */
export class AuthorizationDeniedError extends OpenRouterOAuthError {
  override name = "AuthorizationDeniedError";
  /** The OAuth error code from the callback, such as `access_denied`. */
  declare readonly error: string;
  /** The callback's `error_description`, when it had one. */
  declare readonly description: string | undefined;

  constructor(error: string, description?: string) {
    super(`The authorization was refused (${error}${description ? `: ${description}` : ""}). Start a new sign-in to try again.`);
    // Both come from a URL anyone can write: a key in them is masked, as in the message.
    this.error = maskKeys(String(error));
    this.description = description && maskKeys(String(description));
  }
}
