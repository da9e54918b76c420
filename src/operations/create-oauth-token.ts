import type { Client } from "openapi-fetch";
import type { components, paths } from "../generated/openapi.js";
import { createOauthToken_response } from "../generated/response-shapes.js";
import {
  CALL_OPTIONS,
  checkClientOptions,
  CLIENT_OPTIONS,
  refuseUnknownOptions,
  type CallOptions,
  type OpenRouterOAuthOptions,
  type Settings,
} from "../transport/options.js";
import { checkRequest, CREATE_OAUTH_TOKEN_RULES, JWT_TOKEN_TYPE, TOKEN_EXCHANGE_GRANT } from "./request-rules.js";
import { excerptOf } from "../errors/excerpt.js";
import type { ErrorBodyReader, Hint } from "../transport/response.js";
import type { Check, ShapeProblem } from "../checks/check.js";
import { RETRY_CLASSES, sendRetried, type RetriedCallOptions, type RetryOptions } from "../transport/retry.js";
import { createTypedClient, send } from "../transport/send.js";
import { isObject, PRINTABLE_ASCII } from "../checks/validate.js";

/** What createOauthToken sends besides the grant and the subject token type, which it fills in itself. */
export interface CreateOauthTokenRequest {
  /** The federation policy's id, from openrouter.ai Settings → Workload identity. */
  federation_policy_id: string;
  /** The JWT from the workload's identity provider. A secret: it is never printed. */
  subject_token: string;
  /** What the access token may do; `inference`, the only scope there is, when left out. */
  scope?: "inference" | undefined;
}

/**
 * What a token exchange returns: `access_token` (a secret, sent as `Authorization: Bearer` where an API key would
 * go), `expires_in` (seconds, a positive whole number, at most 900: a longer one is read as 900, the 15 minutes
 * OpenRouter documents), `issued_token_type`, `scope` and `token_type`.
 */
export type CreateOauthTokenResponse = components["schemas"]["TokenExchangeResponse"];

/** createOauthToken's call options: the call's own, and its retries (the exchange is not single-use). */
export type CreateOauthTokenCallOptions = RetriedCallOptions;

/**
 * The standalone createOauthToken's options: the client options and the call options together. An `apiKey`
 * among them is never sent: a workload has none, and the exchange needs none.
 */
export type CreateOauthTokenOptions = OpenRouterOAuthOptions & CreateOauthTokenCallOptions;

const operation = "createOauthToken";

/** The longest an access token lives: 15 minutes, as OpenRouter documents. */
export const ACCESS_TOKEN_MAX_SECONDS = 900;

// The spec's shape, and what a caller relies on: a token that can go in a header, for a time that can be counted.
const shape: Check<ShapeProblem, any> = (body) =>
  createOauthToken_response(body) ??
  (!PRINTABLE_ASCII.test(body.access_token) ? { field: "access_token", says: "has an access_token that is empty or cannot go in an HTTP header" }
  : !(body.expires_in > 0) ? { field: "expires_in", says: "has an expires_in that is not a positive number of seconds" }
  : undefined);

/** RFC 6749 section 5.2: the exchange's errors are `{ error: "invalid_grant", error_description: "..." }`. */
const readError: ErrorBodyReader = (body) => {
  if (!isObject(body) || typeof body.error !== "string") return undefined;
  const oauthError = excerptOf(body.error) ?? "";
  const oauthErrorDescription = typeof body.error_description === "string" ? excerptOf(body.error_description) : undefined;
  return { detail: oauthErrorDescription ? `${oauthError}: ${oauthErrorDescription}` : oauthError, fields: { oauthError, oauthErrorDescription } };
};

/** What to fix, by the RFC 6749 error code, then by status. */
const ADVICE: Readonly<Record<string, string>> = {
  invalid_grant: "The JWT's iss, sub or aud matches no federation policy, or it has expired or is not valid: check the policy and the JWT, or get a fresh one.",
  invalid_scope: 'Leave scope out, or set it to "inference", the only scope.',
  unsupported_grant_type: "The server does not take the token exchange grant; check baseUrl.",
  invalid_request: "A parameter is missing, repeated or malformed: check federation_policy_id and subject_token.",
};

const hint: Hint = (status, read) =>
  (read?.oauthError !== undefined && Object.hasOwn(ADVICE, read.oauthError) ? ADVICE[read.oauthError] : undefined) ??
  (status === 400 ? "Check federation_policy_id and subject_token."
  // The exchange is sent without any API key, so the key cannot be what is wrong.
  : status === 401 ? "The token exchange needs no API key; check baseUrl."
  : undefined);

/** POST /oauth/token through the typed client, form-encoded and without any API key; retried only when asked. */
export async function createOauthTokenVia(
  client: Client<paths>,
  settings: Settings,
  request: CreateOauthTokenRequest,
  options: CreateOauthTokenCallOptions | null | undefined,
  clientRetry: Required<RetryOptions> | undefined,
): Promise<CreateOauthTokenResponse> {
  const checked = checkRequest<CreateOauthTokenRequest>(operation, CREATE_OAUTH_TOKEN_RULES, request);
  const body: components["schemas"]["TokenExchangeRequest"] = { grant_type: TOKEN_EXCHANGE_GRANT, subject_token_type: JWT_TOKEN_TYPE, ...checked };
  const attempt = (attemptOptions: CallOptions) =>
    send<CreateOauthTokenResponse>(
      { operation, settings, options: attemptOptions, secrets: [body.subject_token], shape, hint, readError, classes: RETRY_CLASSES, outcome: "The exchange succeeded, so an access token was issued" },
      (init) =>
        client.POST("/oauth/token", {
          body,
          bodySerializer: (fields) => new URLSearchParams(fields as Record<string, string>).toString(),
          ...init,
          // A workload's call: no API key goes with it, whatever the client's headers say.
          headers: { ...init.headers, "content-type": "application/x-www-form-urlencoded", authorization: null },
        }),
    );
  const answer = await sendRetried(operation, options, clientRetry, settings.timeoutMs, attempt);
  // The token is good, but no longer than OpenRouter says a token lives: a longer lifetime (1e16 s) would keep it
  // cached for ever, and make a date that cannot be printed.
  return answer.expires_in > ACCESS_TOKEN_MAX_SECONDS ? { ...answer, expires_in: ACCESS_TOKEN_MAX_SECONDS } : answer;
}

/**
 * POST /oauth/token on its own (RFC 8693): trades a workload's JWT for a short-lived access token that works where
 * the federation policy's API key would. Takes the client options and the call options together; retried only when
 * `retry` is given, honouring Retry-After. Async, so that a bad option rejects the promise instead of throwing.
 */
export const createOauthToken = async (request: CreateOauthTokenRequest, options?: CreateOauthTokenOptions): Promise<CreateOauthTokenResponse> => {
  // One object holds both kinds of options: each check reads its own. Its retry, if any, is a call option.
  refuseUnknownOptions(options, { ...CLIENT_OPTIONS, ...CALL_OPTIONS }, operation, operation);
  // The client's checks, app categories included; a key given among them is masked like any, and never sent.
  const settings = checkClientOptions(options, operation);
  return createOauthTokenVia(createTypedClient(settings), settings, request, options, undefined);
};
