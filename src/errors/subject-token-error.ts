import { OpenRouterOAuthError, type ErrorOptions } from "./openrouter-oauth-error.js";

/**
 * The workload's JWT (the subject token) could not be had: its source failed, answered something that holds no
 * token, or gave an empty one. `source` says where it was to come from. Nothing was sent to OpenRouter, and the
 * error never holds the token itself.
 */
export class SubjectTokenError extends OpenRouterOAuthError {
  override name = "SubjectTokenError";
  override readonly code = "subject_token_unavailable";
  /** Where the token was to come from, in words: `GitHub Actions`, `the file /var/run/secrets/tokens/openrouter`. */
  declare readonly source: string;
  /** The HTTP status the source answered with, when it answered with one. */
  declare readonly httpStatus: number | undefined;

  constructor(message: string, options?: (ErrorOptions & { source?: string; httpStatus?: number }) | null) {
    super(message, options);
    this.source = String(options?.source ?? "the subject token");
    this.httpStatus = options?.httpStatus;
  }
}
