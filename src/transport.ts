import createClient, { type Client } from "openapi-fetch";
import type { paths } from "./generated/openapi.js";
import { ConnectionError } from "./errors/connection-error.js";
import { InvalidRequestError } from "./errors/invalid-request-error.js";
import { OpenRouterOAuthError, type Operation } from "./errors/openrouter-oauth-error.js";
import { RequestAbortedError } from "./errors/request-aborted-error.js";
import { RequestTimeoutError } from "./errors/request-timeout-error.js";
import { dataFromResponse, errorFromResponse, type ShapeCheck } from "./response.js";
import type { RetryOptions } from "./retry.js";

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

/** What an operation needs to send one call: the typed client underneath and the single way to use it. */
export interface Transport {
  readonly client: Client<paths>;
  readonly apiKey: string | undefined;
  send<T>(
    operation: Operation,
    path: "/auth/keys" | "/auth/keys/code",
    body: object,
    secrets: (string | undefined)[],
    shape: ShapeCheck,
    options?: CallOptions,
  ): Promise<T>;
}

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
  if (typeof ms === "number" && ms > 0 && ms <= 2_147_483_647) return ms;
  throw invalid(`${field} must be a number of milliseconds between 1 and 2147483647`, field);
}

/**
 * Reads the body up front, keeping its first `limit` bytes (`onCut` reports that there was more), and returns the
 * same response with that body. A plain read loop: piping through a TransformStream costs far more per call.
 */
async function bounded(response: Response, limit: number, onCut: () => void): Promise<Response> {
  // No body (204, or an opaque redirect, whose status 0 the Response constructor refuses): nothing to bound.
  if (!response.body) return response;
  const reader = response.body.getReader();
  const chunks: BlobPart[] = [];
  for (let read, room = limit; !(read = await reader.read()).done; room -= read.value.byteLength) {
    chunks.push(read.value.subarray(0, room));
    if (read.value.byteLength > room) {
      onCut();
      reader.cancel().catch(() => {}); // so the rest is never downloaded
      break;
    }
  }
  // A small body arrives in one chunk, which needs no Blob (and so no extra stream) around it.
  return new Response(chunks[1] ? new Blob(chunks) : chunks[0], response);
}

/** Checks the options once and returns the transport every operation sends through. */
export function createTransport(options: OpenRouterOAuthOptions | undefined): Transport {
  options ??= {}; // null too, from JavaScript
  const { apiKey, baseUrl = DEFAULT_BASE_URL, fetch: userFetch, httpReferer, appTitle } = options;
  if (apiKey !== undefined && (typeof apiKey !== "string" || !/^[\x21-\x7e]+$/.test(apiKey))) {
    throw invalid("apiKey must be a non-empty string of printable ASCII without spaces", "apiKey");
  }
  if (!/^https?:\/\/[^/]/.test(String(baseUrl)) || !URL.canParse(baseUrl)) {
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

  const client = createClient<paths>({ baseUrl, fetch: fetchNow, headers: baseHeaders, redirect: "manual" });

  async function send<T>(
    operation: Operation,
    path: "/auth/keys" | "/auth/keys/code",
    body: object,
    secrets: (string | undefined)[],
    shape: ShapeCheck,
    options?: CallOptions,
  ): Promise<T> {
    const { signal, timeoutMs, headers } = options ?? {};
    if (signal != null && typeof signal.addEventListener !== "function") {
      throw new InvalidRequestError(`${operation}: signal must be an AbortSignal.`, { operation, field: "signal" });
    }
    const ms = checkTimeout(timeoutMs ?? defaultTimeout, "timeoutMs");
    const callHeaders: Record<string, string | null> = headerRecord(headers, "headers");
    // The bearer key goes to createAuthCode alone: the exchange is a public client's call.
    callHeaders.authorization = operation === "createAuthCode" ? `Bearer ${apiKey}` : null;
    if (signal?.aborted) throw new RequestAbortedError(`${operation} was aborted before anything was sent.`, { operation });

    const known = [apiKey, ...secrets];
    const controller = new AbortController();
    let timedOut = false;
    let sent = false;
    let tooLarge = false;
    const onAbort = () => controller.abort();
    signal?.addEventListener("abort", onAbort);
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, ms);
    // Settles the call when it is aborted even if a custom fetch ignores its signal.
    const aborted = new Promise<never>((_, reject) => controller.signal.addEventListener("abort", () => reject(controller.signal.reason)));

    try {
      const pending = client.POST(path, {
        body: body as never,
        headers: callHeaders,
        signal: controller.signal,
        parseAs: "text",
        fetch: async (request: Request) => {
          sent = true;
          return bounded(await fetchNow(request), BODY_LIMIT_BYTES, () => (tooLarge = true));
        },
      });
      pending.catch(() => {}); // if the abort wins the race, the losing promise still settles quietly
      const { data, error, response } = await Promise.race([pending, aborted]);
      if (!response.ok) throw errorFromResponse(operation, response, error, known);
      return dataFromResponse<T>(operation, response, data, tooLarge, shape);
    } catch (cause) {
      if (cause instanceof OpenRouterOAuthError) throw cause;
      const usedHint = sent && operation === "exchangeAuthCodeForAPIKey"
        ? " The code may already have been used: start a new authorization, since the code is single-use."
        : "";
      if (timedOut) throw new RequestTimeoutError(`${operation} timed out after ${ms} ms.${usedHint}`, { operation });
      if (signal?.aborted) throw new RequestAbortedError(`${operation} was aborted.${usedHint}`, { operation, cause: signal.reason });
      if (!sent) throw new InvalidRequestError(`${operation}: the request could not be built; check baseUrl and headers.`, { operation });
      const code = (cause as { cause?: { code?: unknown } })?.cause?.code;
      throw new ConnectionError(
        `${operation} failed: no complete response from ${new URL(baseUrl).host}${typeof code === "string" ? ` (${code})` : ""}.${usedHint || " Check the network and try again."}`,
        { operation, cause },
      );
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
    }
  }

  return { client, apiKey, send };
}
