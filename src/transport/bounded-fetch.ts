// The fetch that openapi-fetch sends every call through. openapi-fetch itself has no timeout, follows redirects
// unless told not to, reads an error body whole and captures the global fetch when the client is made; this
// layer bounds each call, reads at most 1 MiB of any body, looks the fetch up per call (so that a mock installed
// later is honoured), and decides once whether a failed request can have reached the server.
import { whenAborted } from "../base/abort.js";
import { ConnectionError, type ConnectionErrorReason } from "../errors/connection-error.js";
import { OpenRouterOAuthError, type Operation } from "../errors/openrouter-oauth-error.js";
import { RequestAbortedError } from "../errors/request-aborted-error.js";
import { RequestTimeoutError } from "../errors/request-timeout-error.js";
import { redact } from "../errors/redact.js";

/** A fetch function: the global one, or your own (a mock, a proxy-aware fetch). It gets a Request and answers a Response. */
export type FetchLike = (request: Request) => Promise<Response>;

/** Both responses are tiny; reading stops here so that a runaway body cannot exhaust memory. */
const BODY_LIMIT_BYTES = 1 << 20;

type FetchFailure = { code?: unknown; cause?: { code?: unknown; message?: unknown } } | null | undefined;

/** The code a runtime gave a failed fetch: Node puts it on the cause, Bun on the error itself. */
const codeOf = (cause: FetchFailure) => cause?.cause?.code ?? cause?.code;

// What failed, by the code Node and Bun give it; TLS's many codes are matched by their shape below.
const REASONS: Record<string, ConnectionErrorReason> = {
  ECONNREFUSED: "refused",
  ENOTFOUND: "dns",
  EAI_AGAIN: "dns",
  ENETUNREACH: "unreachable",
  EHOSTUNREACH: "unreachable",
  UND_ERR_CONNECT_TIMEOUT: "timeout",
  ECONNRESET: "reset",
  UND_ERR_SOCKET: "reset",
};
const TLS_CODE = /^(ERR_TLS_|ERR_SSL_|CERT_)|SELF_SIGNED|^UNABLE_TO_(GET|VERIFY)_/;

/** Failures to connect at all: no byte of the request left. */
const NOT_CONNECTED: readonly ConnectionErrorReason[] = ["refused", "dns", "unreachable", "timeout", "blocked-port"];

/**
 * What failed, from the first code down the chain of causes (as kept: every step readable). Node's fetch refuses
 * the ports browsers block (1, 9, 6000, ...) before connecting, with no code: its "bad port" is the one text read.
 */
function reasonOf(cause: unknown): ConnectionErrorReason {
  for (let at = cause as FetchFailure, depth = 0; at && depth < 4; at = at.cause as FetchFailure, depth++) {
    const code = at.code;
    if (typeof code === "string" && Object.hasOwn(REASONS, code)) return REASONS[code]!;
    if (typeof code === "string" && TLS_CODE.test(code)) return "tls";
    if ((at as { message?: unknown }).message === "bad port") return "blocked-port";
  }
  return "unknown";
}

/**
 * A failed fetch as the error keeps it: a copy of its chain of causes, with their names, codes and messages, every
 * secret masked. A fetch of the app's own may quote the request, and a printed error shows its causes.
 */
function maskedCause(cause: unknown, secrets: readonly (string | undefined)[], depth = 0): unknown {
  if (typeof cause !== "object" || cause === null || depth > 3) return redact(cause, secrets);
  try {
    const { name, message, code, cause: inner } = cause as FetchFailure & { name?: unknown; message?: unknown };
    const kept = redact({ name: String(name), message: String(message), code }, secrets);
    const copy = Object.assign(new Error(kept.message), { name: kept.name });
    if (code !== undefined) Object.assign(copy, { code: kept.code });
    if (inner !== undefined) copy.cause = maskedCause(inner, secrets, depth + 1);
    return copy;
  } catch {
    // A failure that cannot even be read (a getter that throws, a message that is no text) is kept as a fact.
    return new Error("the fetch failed with something that cannot be read");
  }
}

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

/** What arrived: the status, and the first MiB of the body as text (`cut` when there was more). */
export interface Received {
  status: number;
  contentType: string | null;
  text: string;
  cut: boolean;
}

/** One call from its start to its end. */
export interface Call {
  /** For the request: it aborts at the timeout, and when the caller's signal does. */
  readonly signal: AbortSignal;
  /** Sends the request once, bounded; a failure is already our error. */
  readonly fetch: FetchLike;
  /** The response, once one has arrived. */
  readonly received: Received | undefined;
  /** Clears the timer and lets go of the caller's signal; call it however the call ended. */
  end(): void;
}

/** What a call needs to know: how to fetch, how long it may take, who may abort it, and what to say. */
export interface CallBounds {
  fetch: FetchLike | undefined;
  operation: Operation | undefined;
  timeoutMs: number;
  signal: AbortSignal | null | undefined;
  /** Said when the call failed after its request may have reached the server: the exchange's code may be spent. */
  ifSent?: string | undefined;
  /** What the request carries that must never be printed: masked in what is kept of a failure. */
  secrets?: readonly (string | undefined)[];
}

/** Starts the clock of one call. */
export function startCall({ fetch: userFetch, operation, timeoutMs, signal, ifSent = "", secrets = [] }: CallBounds): Call {
  const controller = new AbortController();
  const name = operation ?? "The request";
  let timedOut = false;
  let sent = false;
  let received: Received | undefined;
  let host = "";
  const onAbort = () => controller.abort();
  const letGo = whenAborted(signal, onAbort);
  const timer = setTimeout(() => {
    timedOut = true;
    onAbort();
  }, timeoutMs);
  // Settles the call when it is aborted even if a custom fetch ignores its signal.
  const aborted = new Promise<never>((_, reject) => whenAborted(controller.signal, () => reject(controller.signal.reason)));
  aborted.catch(() => {});

  function failure(cause: unknown): OpenRouterOAuthError {
    if (cause instanceof OpenRouterOAuthError) return cause;
    const kept = maskedCause(cause, secrets);
    const reason = reasonOf(kept);
    // Whether the request certainly never left: a failure to connect, or Deno's "client error (Connect)" (DNS, TCP
    // and TLS alike). Browsers do not tell, so there the request may always have been sent.
    const notSent = !sent || NOT_CONNECTED.includes(reason) || String((kept as FetchFailure)?.cause?.message).includes("client error (Connect)");
    const spent = notSent ? "" : ifSent && ` ${ifSent}`;
    if (timedOut) return new RequestTimeoutError(`${name} timed out after ${timeoutMs} ms.${spent}`, { operation });
    if (signal?.aborted) {
      return new RequestAbortedError(`${name} was aborted${sent ? "" : " before anything was sent"}.${spent}`, { operation, cause: signal.reason });
    }
    const code = codeOf(kept as FetchFailure);
    const next = spent || (notSent ? " Nothing reached the server, so trying again is safe." : " Check the network and try again.");
    return new ConnectionError(`${name} failed: no complete response from ${host}${typeof code === "string" ? ` (${code})` : ""}.${next}`, {
      operation,
      cause: kept,
      notSent,
      reason,
    });
  }

  async function send(request: Request): Promise<Response> {
    if (controller.signal.aborted) throw failure(undefined);
    try {
      host = new URL(request.url).host;
      sent = true;
      const response = await Promise.race([(userFetch ?? globalThis.fetch)(request), aborted]);
      // A fetch of the app's own may answer something that is no Response: caught below like a failed fetch.
      if (typeof response?.headers?.get !== "function") throw new TypeError("the fetch answered no Response");
      // A fetch of the app's own that followed a redirect may have sent the request anywhere (a final URL on the
      // same site says nothing of the hops before it): what came back cannot be trusted as OpenRouter's answer.
      if (response.redirected) {
        throw new ConnectionError(`${name} failed: the fetch followed a redirect; give one that honours redirect: "manual".${ifSent && ` ${ifSent}`}`, {
          operation,
          notSent: false,
          reason: "redirect",
        });
      }
      const { status, statusText, headers } = response;
      // An opaque redirect (status 0, in browsers) has no body to bound, and cannot be rebuilt.
      if (!status) return response;
      const [text, cut] = await Promise.race([readText(response, BODY_LIMIT_BYTES), aborted]);
      received = { status, contentType: headers.get("content-type"), text, cut };
      // What openapi-fetch reads: the bounded body only. A status that allows no body gets an empty one.
      return new Response(text || null, { status, statusText, headers });
    } catch (cause) {
      throw failure(cause);
    }
  }

  return {
    signal: controller.signal,
    fetch: send,
    get received() {
      return received;
    },
    end() {
      clearTimeout(timer);
      letGo();
    },
  };
}

/**
 * The fetch given to createClient, for calls made on the typed client directly: each is bounded by the client's
 * default timeout, with the request rebuilt to carry the call's signal.
 */
export function boundedFetch(userFetch: FetchLike | undefined, timeoutMs: number, apiKey: string | undefined): FetchLike {
  return async (request) => {
    // Only the client's key is known here; anything key-shaped is masked as always.
    const call = startCall({ fetch: userFetch, operation: undefined, timeoutMs, signal: request.signal, secrets: [apiKey] });
    try {
      return await call.fetch(new Request(request, { signal: call.signal }));
    } finally {
      call.end();
    }
  };
}
