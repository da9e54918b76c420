import { OpenRouterOAuthError, type ErrorOptions } from "./openrouter-oauth-error.js";

/**
 * No HTTP response arrived: DNS, TCP or TLS failed, the connection was reset, the body broke off, or a fetch of
 * the app's followed a redirect. Its `cause` is a copy of what the fetch threw (names, messages
 * and codes down its chain of causes), with every secret the call knew, and anything key-shaped, masked.
 */
export class ConnectionError extends OpenRouterOAuthError {
  override name = "ConnectionError";
  /**
   * True when the request certainly never reached the server (the connection was refused, the host name did
   * not resolve), so that trying again is safe, even for the single-use exchange. False when it may have.
   */
  declare readonly notSent: boolean;

  constructor(message: string, options?: (ErrorOptions & { notSent?: boolean }) | null) {
    super(message, options);
    this.notSent = options?.notSent === true;
  }
}
