import { OpenRouterOAuthError, type ErrorOptions } from "./openrouter-oauth-error.js";

/**
 * What failed, read from the codes down the fetch's chain of causes: `refused` (nothing listens there), `dns` (the
 * host name did not resolve), `unreachable` (no route to the host), `timeout` (connecting took too long), `tls` (the
 * secure connection failed: a certificate not trusted, or no TLS there), `reset` (the connection was closed or reset
 * mid-way), `blocked-port` (the fetch itself refuses that port, as Node's does for 1, 9, 6000 and the other ports
 * browsers block), `redirect` (a fetch of the app's followed a redirect), or `unknown` (a browser, which never says).
 */
export type ConnectionErrorReason = "refused" | "dns" | "unreachable" | "timeout" | "tls" | "reset" | "blocked-port" | "redirect" | "unknown";

/**
 * No HTTP response arrived: DNS, TCP or TLS failed, the connection was reset, the body broke off, or a fetch of
 * the app's followed a redirect. `reason` says which; its `cause` is a copy of what the fetch threw (names,
 * messages and codes down its chain of causes), with every secret the call knew, and anything key-shaped, masked.
 */
export class ConnectionError extends OpenRouterOAuthError {
  override name = "ConnectionError";
  override readonly code = "connection_failed";
  /**
   * True when the request certainly never reached the server (the connection was refused, the host name did
   * not resolve), so that trying again is safe, even for the single-use exchange. False when it may have.
   */
  declare readonly notSent: boolean;
  /** What failed, as far as the runtime's fetch said: read this, never the message, to tell the causes apart. */
  declare readonly reason: ConnectionErrorReason;

  constructor(message: string, options?: (ErrorOptions & { notSent?: boolean; reason?: ConnectionErrorReason }) | null) {
    super(message, options);
    this.notSent = options?.notSent === true;
    this.reason = options?.reason ?? "unknown";
  }
}
