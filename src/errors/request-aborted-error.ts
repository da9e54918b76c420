import { OpenRouterOAuthError } from "./openrouter-oauth-error.js";

/** The caller's `signal` aborted the call. */
export class RequestAbortedError extends OpenRouterOAuthError {
  override name = "RequestAbortedError";
  override readonly code = "aborted";
}
