import { OpenRouterOAuthError } from "./openrouter-oauth-error.js";

/** No HTTP response arrived: DNS, TCP or TLS failed, the connection was reset, or the body broke off. */
export class ConnectionError extends OpenRouterOAuthError {
  override name = "ConnectionError";
}
