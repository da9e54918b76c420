import type { APIError } from "./api-error.js";
import type { AuthorizationDeniedError } from "./authorization-denied-error.js";
import type { BadRequestResponseError } from "./bad-request-response-error.js";
import type { ConflictResponseError } from "./conflict-response-error.js";
import type { ConnectionError } from "./connection-error.js";
import type { ForbiddenResponseError } from "./forbidden-response-error.js";
import type { InternalServerResponseError } from "./internal-server-response-error.js";
import type { InvalidRequestError } from "./invalid-request-error.js";
import type { RequestAbortedError } from "./request-aborted-error.js";
import type { RequestTimeoutError } from "./request-timeout-error.js";
import type { ResponseValidationError } from "./response-validation-error.js";
import type { ServiceUnavailableResponseError } from "./service-unavailable-response-error.js";
import type { SubjectTokenError } from "./subject-token-error.js";
import type { TooManyRequestsResponseError } from "./too-many-requests-response-error.js";
import type { UnauthorizedResponseError } from "./unauthorized-response-error.js";
import type { ErrorCode } from "./codes.js";
import { maskKeys } from "./redact.js";

/** The API operation an error came from, named as in OpenRouter's SDKs. */
export type Operation = "exchangeAuthCodeForAPIKey" | "createAuthCode" | "getCurrentKey" | "createOauthToken" | "listOauthJwks";

/** What every error of ours may carry besides its message. */
export interface ErrorOptions {
  /** The operation that failed. */
  operation?: Operation | undefined;
  /** The error underneath, such as a failed fetch. */
  cause?: unknown;
}

// A registry symbol is shared by every realm, so the brand survives iframes, workers and duplicate copies
// of the package, where `instanceof` does not.
const BRAND = Symbol.for("openrouter-oauth.error");

/**
 * The base of every error this package throws. Its message never contains a secret: no API key,
 * authorization code, code verifier, minted key, subject token or access token is ever put into it.
 */
export class OpenRouterOAuthError extends Error {
  /** The class's name, so that logs and `isOpenRouterOAuthError(error, name)` tell the errors apart. */
  override name = "OpenRouterOAuthError";
  // Fields are declared, not initialised, across these classes: the constructors assign them all, and a
  // bundle then carries no list of field definitions.
  /** The operation that failed, when the error came from one. */
  declare readonly operation: Operation | undefined;
  /** What went wrong, as a stable word to decide by (messages may be reworded): see {@link ErrorCode}. */
  declare readonly code: ErrorCode;

  /** `options.code` is for an error of this class itself; every subclass sets its own. */
  constructor(message: string, options?: (ErrorOptions & { code?: ErrorCode }) | null) {
    // Error takes `cause` from options only when the key is present, and ignores the other keys. A key-shaped
    // text is masked here too, whatever put it in the message. From JavaScript, anything may be passed.
    super(maskKeys(String(message ?? "")), options ?? {});
    this.operation = options?.operation;
    this.code = options?.code ?? "unknown";
    Object.defineProperty(this, BRAND, { value: true });
  }
}

/** Each error class by its name: what `isOpenRouterOAuthError(value, name)` narrows `value` to. */
export interface ErrorsByName {
  /** {@link OpenRouterOAuthError} */
  OpenRouterOAuthError: OpenRouterOAuthError;
  /** {@link APIError} */
  APIError: APIError;
  /** {@link BadRequestResponseError} */
  BadRequestResponseError: BadRequestResponseError;
  /** {@link UnauthorizedResponseError} */
  UnauthorizedResponseError: UnauthorizedResponseError;
  /** {@link ForbiddenResponseError} */
  ForbiddenResponseError: ForbiddenResponseError;
  /** {@link ConflictResponseError} */
  ConflictResponseError: ConflictResponseError;
  /** {@link TooManyRequestsResponseError} */
  TooManyRequestsResponseError: TooManyRequestsResponseError;
  /** {@link InternalServerResponseError} */
  InternalServerResponseError: InternalServerResponseError;
  /** {@link ServiceUnavailableResponseError} */
  ServiceUnavailableResponseError: ServiceUnavailableResponseError;
  /** {@link ConnectionError} */
  ConnectionError: ConnectionError;
  /** {@link RequestTimeoutError} */
  RequestTimeoutError: RequestTimeoutError;
  /** {@link RequestAbortedError} */
  RequestAbortedError: RequestAbortedError;
  /** {@link ResponseValidationError} */
  ResponseValidationError: ResponseValidationError;
  /** {@link InvalidRequestError} */
  InvalidRequestError: InvalidRequestError;
  /** {@link AuthorizationDeniedError} */
  AuthorizationDeniedError: AuthorizationDeniedError;
  /** {@link SubjectTokenError} */
  SubjectTokenError: SubjectTokenError;
}

/**
 * Whether `value` is an error of this package, optionally of the class named `name` (subclasses included).
 * Unlike `instanceof`, it also recognises errors from another realm or another copy of the package.
 */
export function isOpenRouterOAuthError<N extends keyof ErrorsByName = "OpenRouterOAuthError">(
  value: unknown,
  name?: N,
): value is ErrorsByName[N] {
  if (typeof value !== "object" || value === null || !(value as Record<symbol, unknown>)[BRAND]) return false;
  const actual = (value as Error).name;
  // APIError is the only class with subclasses: every HTTP error carries a status.
  return !name || name === "OpenRouterOAuthError" || actual === name ||
    (name === "APIError" && typeof (value as APIError).status === "number");
}
