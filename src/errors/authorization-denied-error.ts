import { excerptOf, withoutMarkup } from "./excerpt.js";
import { maskKeys } from "./redact.js";
import { OpenRouterOAuthError } from "./openrouter-oauth-error.js";

/** How much of the callback's words the message quotes; the error's properties keep them whole. */
const QUOTED_MAX = 300;

/** The user (or OpenRouter) refused the authorization: the callback carried `error` instead of `code`. */
export class AuthorizationDeniedError extends OpenRouterOAuthError {
  override name = "AuthorizationDeniedError";
  override readonly code = "authorization_denied";
  /** The OAuth error code from the callback, such as `access_denied`, whole but with any key masked. */
  declare readonly error: string;
  /** The callback's `error_description`, when it had one, whole but with any key masked. */
  declare readonly description: string | undefined;

  constructor(error: string, description?: string) {
    // Both come from a URL anyone can write: a key in them is masked, before the message cuts them short so that
    // no half of a key is left. The message quotes them as one bounded line, without markup or control characters.
    const code = maskKeys(String(error));
    const said = description && maskKeys(String(description));
    const quoted = excerptOf(withoutMarkup(said ? `${code}: ${said}` : code), QUOTED_MAX);
    super(`The authorization was refused${quoted ? ` (${quoted})` : ""}. Start a new sign-in to try again.`);
    this.error = code;
    this.description = said;
  }
}
