/**
 * What went wrong, as a stable word to decide by: every error of this package has one, as `code`. Messages may be
 * reworded; codes are not. Where a class covers causes a caller must tell apart, each has a code of its own; where
 * a field already names the cause (`ConnectionError.reason`, `APIError.status`, `AuthorizationDeniedError.error`),
 * the class has one code and the field tells the rest. docs/errors-and-security.md lists them, with what to do.
 */
export type ErrorCode =
  | InvalidRequestCode
  /** AuthorizationDeniedError: the callback carried `error` (such as `access_denied`) instead of a code. */
  | "authorization_denied"
  /** ConnectionError: no complete response; `reason` says what failed. */
  | "connection_failed"
  /** RequestTimeoutError: the call, or the wait for the user to sign in (no `operation`), took too long. */
  | "timeout"
  /** RequestAbortedError: the `signal` aborted. */
  | "aborted"
  /** ResponseValidationError: a 2xx whose body is not what the spec says. */
  | "response_invalid"
  /** SubjectTokenError: the workload's JWT could not be had. */
  | "subject_token_unavailable"
  /** BadRequestResponseError: HTTP 400. */
  | "bad_request"
  /** UnauthorizedResponseError: HTTP 401. */
  | "unauthorized"
  /** ForbiddenResponseError: HTTP 403. */
  | "forbidden"
  /** ConflictResponseError: HTTP 409. */
  | "conflict"
  /** TooManyRequestsResponseError: HTTP 429. */
  | "too_many_requests"
  /** InternalServerResponseError: HTTP 500. */
  | "internal_server_error"
  /** ServiceUnavailableResponseError: HTTP 503. */
  | "service_unavailable"
  /** APIError: any other HTTP error status (`status` says which), and the code exchange's 429 and 503. */
  | "api_error"
  /** OpenRouterOAuthError: openBrowser's opener failed; show the URL instead. */
  | "browser_not_opened"
  /** OpenRouterOAuthError: an optional peer dependency the call needs (jose, for the fake's JWTs) is not installed. */
  | "dependency_missing"
  /** OpenRouterOAuthError made without a code: never by this package. */
  | "unknown";

/** The codes of an InvalidRequestError: `invalid_request`, unless the cause is one a caller must tell apart. */
export type InvalidRequestCode =
  /** An input was wrong (`field` names it), or Web Crypto is missing (a page on plain http); nothing was sent. */
  | "invalid_request"
  /** Field `state`: the callback's state is missing or not this sign-in's (a forgery, another sign-in's link). */
  | "state_mismatch"
  /** Field `cookie`: `finish` found no sign-in pending in this browser. */
  | "no_pending_sign_in"
  /** Field `port`: another program listens on the port. */
  | "port_in_use"
  /** Field `port`: listening on the port needs privileges this process lacks. */
  | "port_not_permitted"
  /** Field `port`: the port could not be listened on, for another reason. */
  | "port_unavailable";
