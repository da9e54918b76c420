// Options and arguments, checked before anything is done: a bad one is an InvalidRequestError naming the function
// called and the field, thrown by `fail`, the one place that refuses. Here are the client's options, each call's,
// and the options several functions take (timeoutMs, signal, now, fetch, port), each said once.
import type { FetchLike } from "./bounded-fetch.js";
import { InvalidRequestError } from "../errors/invalid-request-error.js";
import type { Operation } from "../errors/openrouter-oauth-error.js";
import type { InvalidRequestCode } from "../errors/codes.js";
import type { RetriedCallOptions, RetryOptions } from "./retry.js";
import type { Check } from "../checks/check.js";
import { fetchProblem, signalProblem, timeoutMsProblem } from "../checks/option-checks.js";
import { baseUrlProblem, isObject, PRINTABLE_ASCII, unknownName } from "../checks/validate.js";

/** OpenRouter's API, where every operation is sent unless `baseUrl` says otherwise. */
export const DEFAULT_BASE_URL = "https://openrouter.ai/api/v1";
export const DEFAULT_TIMEOUT_MS = 30_000;

/** How createOpenRouterOAuth reaches OpenRouter, and what it sends with every call. */
export interface OpenRouterOAuthOptions {
  /** An OpenRouter API key. Needed by createAuthCode and getCurrentKey; never sent with the exchange or the token exchange. */
  apiKey?: string | undefined;
  /** Defaults to https://openrouter.ai/api/v1. */
  baseUrl?: string | undefined;
  /** Defaults to the global fetch, looked up at each call (so mocks installed later are honoured). */
  fetch?: FetchLike | undefined;
  /** The default bound on a whole call, body included. 30 seconds unless set. */
  timeoutMs?: number | undefined;
  /** Headers sent with every call. */
  headers?: HeadersInit | undefined;
  /** Your app's URL, sent as HTTP-Referer so that OpenRouter attributes usage to it. */
  httpReferer?: string | undefined;
  /** Your app's name, sent as X-OpenRouter-Title. */
  appTitle?: string | undefined;
  /**
   * Your app's categories for OpenRouter's app rankings, such as `["cli-agent", "cloud-agent"]`, sent
   * comma-separated as X-OpenRouter-Categories. Taken by the client and the standalone getCurrentKey; the
   * standalone exchange, kept small for browsers, takes it in `headers` instead.
   */
  appCategories?: readonly string[] | undefined;
  /**
   * Retries for createAuthCode, getCurrentKey, createOauthToken and listOauthJwks (off unless set): on 429 and
   * 503, and when no connection could be made (createOauthToken also on any 5xx and a connection lost after
   * sending, as it is not single-use). The exchange is never retried, whatever this says: its code is single-use.
   */
  retry?: RetryOptions | undefined;
}

/** Options of one call. */
export interface CallOptions {
  /** Aborts the call: it then rejects with RequestAbortedError. */
  signal?: AbortSignal | undefined;
  /** The bound on this call, body included, in place of the client's. */
  timeoutMs?: number | undefined;
  /** Headers for this call, on top of the client's. */
  headers?: HeadersInit | undefined;
}

/** The client's options, checked. */
export interface Settings {
  /** Absent for the calls that never send one. */
  apiKey?: string | undefined;
  /** Without a trailing slash. */
  baseUrl: string;
  headers: Record<string, string>;
  fetch: FetchLike | undefined;
  timeoutMs: number;
}

/** Every option createOpenRouterOAuth takes: any other is refused as most likely mistyped (baseURL for baseUrl). */
export const CLIENT_OPTIONS = {
  apiKey: 1, baseUrl: 1, fetch: 1, timeoutMs: 1, headers: 1, httpReferer: 1, appTitle: 1, appCategories: 1, retry: 1,
} satisfies Record<keyof OpenRouterOAuthOptions, 1>;

/** Every option a call takes; `retry` included, which the exchange refuses in words of its own. */
export const CALL_OPTIONS = { signal: 1, timeoutMs: 1, headers: 1, retry: 1 } satisfies Record<keyof RetriedCallOptions, 1>;

/**
 * Refuses `field`: throws the InvalidRequestError `${where}: ${says}.`, where `where` is the function the user
 * called, `operation` the operation, when one was called, and `code` the cause when it is more than a bad input.
 */
export function fail(where: string, field: string, says: string, operation?: Operation, code?: InvalidRequestCode): never {
  throw new InvalidRequestError(`${where}: ${says}.`, { operation, field, code });
}

/** `value`, unless `check` says what is wrong with it: then it is refused as `field` of `where`. */
export function checkField<T>(where: string, field: string, value: T, check: Check, operation?: Operation): T {
  const problem = check(value);
  return problem ? fail(where, field, `${field} ${problem}`, operation) : value;
}

/** What a function that stands in for fetch was given, as a Request; what the global fetch would refuse is refused. */
export function requestFrom(input: Request | URL | string, init: RequestInit | undefined): Request {
  try {
    return new Request(input, init);
  } catch {
    // The platform's message may quote what it was given, a secret among it.
    return fail("fetch", "input", "expects a Request or an absolute URL, as the global fetch does");
  }
}

/**
 * Refuses options that are no object, and an option that `where` does not take: either would be ignored in
 * silence, and a mistyped `baseUrl` would send the call to openrouter.ai. Undefined and null count as none.
 */
export function refuseUnknownOptions(options: unknown, known: object, where: string, operation?: Operation): void {
  if (options === undefined || options === null) return;
  if (!isObject(options)) fail(where, "options", "expects an object of options, or none", operation);
  const unknown = unknownName(options, known, "option");
  if (unknown) fail(where, unknown.name, unknown.message, operation);
}

/** Checks each value as a header and returns them as a record; a bad one is refused under `field`. */
function headerRecord(init: HeadersInit | undefined, field: string, where: string, operation?: Operation): Record<string, string> {
  // Most calls give none: no Headers to build for them.
  if (init === undefined) return {};
  try {
    return Object.fromEntries(new Headers(init));
  } catch {
    // The platform's message quotes the bad value, which may be a secret.
    return fail(where, field, `${field} ${field === "headers" ? "are not valid HTTP headers" : "must be a valid HTTP header value: Latin-1 text without line breaks"}`, operation);
  }
}

/** The options every way of calling OpenRouter takes, checked; `where` names who was given them. */
export function checkConnectionOptions(options: Omit<OpenRouterOAuthOptions, "apiKey" | "appCategories" | "retry"> | null | undefined, where: string): Settings {
  const { baseUrl = DEFAULT_BASE_URL, fetch, httpReferer, appTitle, headers, timeoutMs } = options ?? {};
  checkField(where, "baseUrl", baseUrl, baseUrlProblem);
  checkField(where, "fetch", fetch, fetchProblem);
  return {
    baseUrl: baseUrl.replace(/\/+$/, ""),
    headers: {
      ...headerRecord(headers, "headers", where),
      ...headerRecord(httpReferer ? { "http-referer": httpReferer } : undefined, "httpReferer", where),
      ...headerRecord(appTitle ? { "x-openrouter-title": appTitle } : undefined, "appTitle", where),
    },
    fetch,
    timeoutMs: checkField(where, "timeoutMs", timeoutMs ?? DEFAULT_TIMEOUT_MS, timeoutMsProblem),
  };
}

/** Why `value` cannot be an API key, when one is given: it goes into a header, so it must be printable ASCII. */
const apiKeyProblem: Check = (value) =>
  value === undefined || (typeof value === "string" && PRINTABLE_ASCII.test(value)) ? undefined : "must be a non-empty string of printable ASCII without spaces";

/** One category as its header carries it: printable ASCII without spaces, and without the commas between them. */
const CATEGORY = /^[\x21-\x2b\x2d-\x7e]+$/;

const categoriesProblem: Check = (value) =>
  Array.isArray(value) && value.every((category) => typeof category === "string" && CATEGORY.test(category))
    ? undefined
    : 'must be an array of non-empty strings of printable ASCII without spaces or commas, like ["cli-agent"]';

/** Checks the options of a client that sends an API key; `where` names who was given them. Null counts as none. */
export function checkClientOptions(options: OpenRouterOAuthOptions | null | undefined, where = "createOpenRouterOAuth"): Settings {
  const settings = checkConnectionOptions(options, where);
  const categories = checkField(where, "appCategories", options?.appCategories ?? [], categoriesProblem);
  // Sent comma-separated, as OpenRouter reads them; an empty list sends none.
  if (categories.length) settings.headers["x-openrouter-categories"] = categories.join(",");
  return { ...settings, apiKey: checkField(where, "apiKey", options?.apiKey, apiKeyProblem) };
}

/** Checks one call's options against the client's settings; a problem names the operation. */
export function checkCallOptions(operation: Operation, options: CallOptions | null | undefined, settings: Settings) {
  const { signal, timeoutMs, headers } = options ?? {};
  checkField(operation, "signal", signal, signalProblem, operation);
  return {
    signal,
    timeoutMs: checkField(operation, "timeoutMs", timeoutMs ?? settings.timeoutMs, timeoutMsProblem, operation),
    headers: headerRecord(headers, "headers", operation, operation),
  };
}
