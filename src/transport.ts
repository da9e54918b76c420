import type { paths } from "./generated/openapi.js";
import { ConnectionError } from "./errors/connection-error.js";
import { InvalidRequestError } from "./errors/invalid-request-error.js";
import { OpenRouterOAuthError, type Operation } from "./errors/openrouter-oauth-error.js";
import { RequestAbortedError } from "./errors/request-aborted-error.js";
import { RequestTimeoutError } from "./errors/request-timeout-error.js";
import { dataFromResponse, errorFromResponse, type ShapeCheck } from "./response.js";
import type { RetryOptions } from "./retry.js";
import { isHttpUrl, isTimeoutMs } from "./validate.js";

export const DEFAULT_BASE_URL = "https://openrouter.ai/api/v1";
export const DEFAULT_TIMEOUT_MS = 30_000;
/** Both responses are tiny; reading stops here so that a runaway body cannot exhaust memory. */
const BODY_LIMIT_BYTES = 1 << 20;

export type FetchLike = (request: Request) => Promise<Response>;

export interface OpenRouterOAuthOptions {
  /** An OpenRouter API key. Needed by createAuthCode only; never sent with the exchange. */
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
   * Retries for createAuthCode (off unless set): on 429 and 503, and when no connection could be made. The
   * exchange is never retried, whatever this says: its code is single-use.
   */
  retry?: RetryOptions | undefined;
}

export interface CallOptions {
  signal?: AbortSignal | undefined;
  timeoutMs?: number | undefined;
  headers?: HeadersInit | undefined;
}

/** What an operation sends its call through: the checked settings and the one way to send. */
export type Transport = ReturnType<typeof createTransport>;

const invalid = (message: string, field: string) => new InvalidRequestError(`createOpenRouterOAuth: ${message}.`, { field });

function headerRecord(init: HeadersInit | undefined, field: string, problem = "are not valid HTTP headers"): Record<string, string> {
  try {
    return Object.fromEntries(new Headers(init));
  } catch {
    // The platform's message quotes the bad value, which may be a secret.
    throw invalid(`${field} ${problem}`, field);
  }
}

function checkTimeout(ms: unknown, field: string): number {
  if (isTimeoutMs(ms)) return ms;
  throw invalid(`${field} must be a number of milliseconds between 1 and 2147483647`, field);
}

// Failures to connect at all: no byte of the request left, so the code it carried is still unused.
export const NOT_SENT = ["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ENETUNREACH", "EHOSTUNREACH", "UND_ERR_CONNECT_TIMEOUT"];

/**
 * Reads at most `limit` bytes of the body as text, and says whether there was more (the rest is never downloaded).
 * A plain read loop: piping through a TransformStream costs far more per call.
 */
async function readText(response: Response, limit: number): Promise<[text: string, cut: boolean]> {
  const decoder = new TextDecoder();
  const reader = response.body?.getReader();
  let text = "";
  for (let read, room = limit; reader && !(read = await reader.read()).done; room -= read.value.byteLength) {
    text += decoder.decode(read.value.subarray(0, room), { stream: true });
    if (read.value.byteLength > room) {
      reader.cancel().catch(() => {});
      return [text + decoder.decode(), true];
    }
  }
  return [text + decoder.decode(), false];
}

/** An error body as JSON when it is JSON, else its text; undefined when empty. */
const parseLoosely = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return text || undefined;
  }
};

/**
 * Checks the options once and returns the transport every operation sends through. The two operations are plain
 * JSON POSTs, sent here directly rather than through openapi-fetch's createClient, which would add about 2.2 KB
 * gzipped to every browser bundle and break its budget (npm run size); the checked settings are kept so that the
 * typed openapi-fetch client can be made from the same ones.
 */
export function createTransport(options: OpenRouterOAuthOptions | undefined) {
  options ??= {}; // null too, from JavaScript
  const { apiKey, baseUrl = DEFAULT_BASE_URL, fetch: userFetch, httpReferer, appTitle } = options;
  if (apiKey !== undefined && (typeof apiKey !== "string" || !/^[\x21-\x7e]+$/.test(apiKey))) {
    throw invalid("apiKey must be a non-empty string of printable ASCII without spaces", "apiKey");
  }
  if (!isHttpUrl(baseUrl)) {
    throw invalid("baseUrl must be an absolute http(s) URL, like https://openrouter.ai/api/v1", "baseUrl");
  }
  const defaultTimeout = checkTimeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS, "timeoutMs");
  // Checked now like the other headers, so that a bad value fails here and not at every call.
  const attribution = (name: string, value: string | undefined, field: string) =>
    value ? headerRecord({ [name]: value }, field, "must be a valid HTTP header value: Latin-1 text without line breaks") : {};
  const baseHeaders = {
    ...headerRecord(options.headers, "headers"),
    ...attribution("http-referer", httpReferer, "httpReferer"),
    ...attribution("x-openrouter-title", appTitle, "appTitle"),
  };
  const fetchNow: FetchLike = (request) => (userFetch ?? globalThis.fetch)(request);

  async function send<T>(
    operation: Operation,
    path: keyof paths,
    body: object | undefined,
    secrets: (string | undefined)[],
    shape: ShapeCheck,
    options?: CallOptions,
  ): Promise<T> {
    const { signal, timeoutMs, headers } = options ?? {};
    if (signal != null && typeof signal.addEventListener !== "function") {
      throw new InvalidRequestError(`${operation}: signal must be an AbortSignal.`, { operation, field: "signal" });
    }
    const ms = checkTimeout(timeoutMs ?? defaultTimeout, "timeoutMs");
    const sentHeaders = new Headers({ ...baseHeaders, ...headerRecord(headers, "headers") });
    // Without a body, the call is a GET.
    if (body) sentHeaders.set("content-type", "application/json");
    // The bearer key goes to every operation but the exchange, which is a public client's call.
    if (operation !== "exchangeAuthCodeForAPIKey") sentHeaders.set("authorization", `Bearer ${apiKey}`);
    else sentHeaders.delete("authorization");
    if (signal?.aborted) throw new RequestAbortedError(`${operation} was aborted before anything was sent.`, { operation });

    const known = [apiKey, ...secrets];
    const controller = new AbortController();
    let timedOut = false;
    let sent = false;
    const onAbort = () => controller.abort();
    signal?.addEventListener("abort", onAbort);
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, ms);
    // Settles the call when it is aborted even if a custom fetch ignores its signal.
    const aborted = new Promise<never>((_, reject) => controller.signal.addEventListener("abort", () => reject(controller.signal.reason)));

    try {
      const request = new Request(baseUrl.replace(/\/+$/, "") + path, {
        method: body ? "POST" : "GET",
        headers: sentHeaders,
        body: body ? JSON.stringify(body) : null,
        // A redirect is an answer to report, never to follow: the body carries a code, a verifier or a key.
        redirect: "manual",
        signal: controller.signal,
      });
      sent = true;
      const response = await Promise.race([fetchNow(request), aborted]);
      const [text, cut] = await Promise.race([readText(response, BODY_LIMIT_BYTES), aborted]);
      if (!response.ok) throw errorFromResponse(operation, response, parseLoosely(text), known);
      return dataFromResponse<T>(operation, response, text, cut, shape);
    } catch (cause) {
      if (cause instanceof OpenRouterOAuthError) throw cause;
      const code = (cause as { cause?: { code?: unknown } })?.cause?.code;
      const neverLeft = NOT_SENT.includes(code as string);
      const usedHint = sent && !neverLeft && operation === "exchangeAuthCodeForAPIKey"
        ? " The code may already have been used: start a new authorization, since the code is single-use."
        : "";
      if (timedOut) throw new RequestTimeoutError(`${operation} timed out after ${ms} ms.${usedHint}`, { operation });
      if (signal?.aborted) throw new RequestAbortedError(`${operation} was aborted.${usedHint}`, { operation, cause: signal.reason });
      if (!sent) throw new InvalidRequestError(`${operation}: the request could not be built; check baseUrl and headers.`, { operation });
      throw new ConnectionError(
        `${operation} failed: no complete response from ${new URL(baseUrl).host}${typeof code === "string" ? ` (${code})` : ""}.${usedHint || (neverLeft ? " Nothing reached the server, so trying again is safe." : " Check the network and try again.")}`,
        { operation, cause },
      );
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
    }
  }

  return { apiKey, baseUrl, headers: baseHeaders, fetch: fetchNow, send };
}
