import { OpenRouterOAuthError } from "./openrouter-oauth-error.js";

/** The call took longer than its `timeoutMs`, body included. */
export class RequestTimeoutError extends OpenRouterOAuthError {
  override name = "RequestTimeoutError";
  override readonly code = "timeout";
}
