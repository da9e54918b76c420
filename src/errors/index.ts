// The classes and what a caller reads from them. The constructors' option types stay internal: the package makes
// its errors, and a test can make one with `new` without naming them.
export {
  OpenRouterOAuthError,
  isOpenRouterOAuthError,
  type Operation,
  type ErrorsByName,
} from "./openrouter-oauth-error.js";
export type { ErrorCode, InvalidRequestCode } from "./codes.js";
export { APIError, type OpenRouterErrorDetail } from "./api-error.js";
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
