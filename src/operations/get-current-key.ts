import type { Client } from "openapi-fetch";
import { InvalidRequestError } from "../errors/invalid-request-error.js";
import type { components, paths } from "../generated/openapi.js";
import { CALL_OPTIONS, checkClientOptions, CLIENT_OPTIONS, refuseUnknownOptions, type OpenRouterOAuthOptions, type Settings } from "../transport/options.js";
import { getCurrentKey_response } from "../generated/response-shapes.js";
import type { Hint } from "../transport/response.js";
import { RETRY_CLASSES, sendRetried, type RetriedCallOptions, type RetryOptions } from "../transport/retry.js";
import { createTypedClient, send } from "../transport/send.js";

/** GET /key's answer: `{ data }`, what OpenRouter says of the key. */
export type GetCurrentKeyResponse = components["schemas"]["CurrentKeyResponse"];
/** What OpenRouter says about a key: its label, limit, spending and expiry. */
export type CurrentKey = components["schemas"]["CurrentKey"];

/** getCurrentKey's call options: the call's own, and its retries (it is a GET, so they are safe). */
export type GetCurrentKeyCallOptions = RetriedCallOptions;

/** The standalone getCurrentKey's options: the key to ask about, the client options and the call options. */
export type GetCurrentKeyOptions = Omit<OpenRouterOAuthOptions, "apiKey"> &
  GetCurrentKeyCallOptions & {
    /** The key to describe, such as one a sign-in just returned. */
    apiKey: string;
  };

const operation = "getCurrentKey";

const hint: Hint = (status) =>
  status === 401 ? "The key is missing, not valid, revoked or expired; check it."
  : status === 403 ? "OpenRouter does not let this key describe itself."
  : undefined;

/** GET /key through the typed client: describes the settings' own API key; retried only when asked. */
export async function getCurrentKeyVia(
  client: Client<paths>,
  settings: Settings,
  options: GetCurrentKeyCallOptions | null | undefined,
  clientRetry: Required<RetryOptions> | undefined,
): Promise<GetCurrentKeyResponse> {
  if (!settings.apiKey) {
    throw new InvalidRequestError("getCurrentKey needs the key to describe: pass apiKey.", { operation, field: "apiKey" });
  }
  const authorization = `Bearer ${settings.apiKey}`;
  return sendRetried(operation, options, clientRetry, settings.timeoutMs, (attemptOptions) =>
    send<GetCurrentKeyResponse>(
      { operation, settings, options: attemptOptions, secrets: [], shape: getCurrentKey_response, hint, classes: RETRY_CLASSES, outcome: "Nothing was changed" },
      (init) => client.GET("/key", { ...init, headers: { ...init.headers, authorization } }),
    ),
  );
}

/**
 * GET /key on its own, for any key, such as the one a sign-in just returned. Takes the key, the client options
 * and the call options together. Async, so that a bad option rejects the promise instead of throwing.
 */
export const getCurrentKey = async (options: GetCurrentKeyOptions): Promise<GetCurrentKeyResponse> => {
  // One object holds both kinds of options: each check reads its own (the headers and timeout count once).
  // Its retry, if any, is a call option: sendRetried checks it.
  refuseUnknownOptions(options, { ...CLIENT_OPTIONS, ...CALL_OPTIONS }, operation, operation);
  const settings = checkClientOptions(options, operation);
  return getCurrentKeyVia(createTypedClient(settings), settings, options, undefined);
};
