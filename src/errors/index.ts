// The constructors' option types are exported so that a test can build an error as the client would; the first is
// renamed here, since a bare `ErrorOptions` would shadow the global one in an app's code.
export {
  OpenRouterOAuthError,
  isOpenRouterOAuthError,
  type Operation,
  type ErrorsByName,
  type ErrorOptions as OpenRouterOAuthErrorOptions,
} from "./openrouter-oauth-error.js";
export type { ErrorCode, InvalidRequestCode } from "./codes.js";
export { APIError, type APIErrorDetails, type OpenRouterErrorDetail } from "./api-error.js";
export { BadRequestResponseError } from "./bad-request-response-error.js";
export { UnauthorizedResponseError } from "./unauthorized-response-error.js";
export { ForbiddenResponseError } from "./forbidden-response-error.js";
export { ConflictResponseError } from "./conflict-response-error.js";
export { TooManyRequestsResponseError } from "./too-many-requests-response-error.js";
export { InternalServerResponseError } from "./internal-server-response-error.js";
export { ServiceUnavailableResponseError } from "./service-unavailable-response-error.js";
export { ConnectionError, type ConnectionErrorReason } from "./connection-error.js";
export { RequestTimeoutError } from "./request-timeout-error.js";
export { RequestAbortedError } from "./request-aborted-error.js";
export { ResponseValidationError } from "./response-validation-error.js";
export { InvalidRequestError } from "./invalid-request-error.js";
export { AuthorizationDeniedError } from "./authorization-denied-error.js";
export { SubjectTokenError } from "./subject-token-error.js";
