import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { whenAborted } from "../base/abort.js";
import { durationInWords } from "../base/duration.js";
import { parseCallback, type CheckedCallback } from "../sign-in/callback.js";
import { AuthorizationDeniedError } from "../errors/authorization-denied-error.js";
import { InvalidRequestError } from "../errors/invalid-request-error.js";
import { isOpenRouterOAuthError } from "../errors/openrouter-oauth-error.js";
import { RequestAbortedError } from "../errors/request-aborted-error.js";
import { RequestTimeoutError } from "../errors/request-timeout-error.js";
import { portProblem, signalProblem, timeoutMsProblem } from "../checks/option-checks.js";
import { checkField, fail, refuseUnknownOptions } from "../transport/options.js";
import { PAGE_HEADERS, resultPage } from "./page.js";

/** Five minutes: long enough to sign in, well inside the 10 minutes an authorization code lives. */
export const DEFAULT_LOGIN_TIMEOUT_MS = 5 * 60_000;
const HOST = "127.0.0.1";
const WHERE = "startLoopbackListener";

/** How startLoopbackListener listens, and for how long. */
export interface LoopbackListenerOptions {
  /** The port to listen on. Unless set, the system picks a free one (RFC 8252 7.3), which is what you want. */
  port?: number | undefined;
  /** The callback's path; `/callback` unless set. */
  path?: string | undefined;
  /** How long to wait for the callback before giving up and closing; 5 minutes unless set. */
  timeoutMs?: number | undefined;
  /** Aborting it stops waiting and closes the listener; a callback already being finished is finished first. */
  signal?: AbortSignal | undefined;
  /** Where the page after a sign-in sends the user back to, in words: "the app" unless set ("the terminal", say). */
  returnTo?: string | undefined;
}

/** A listener on 127.0.0.1 waiting for OpenRouter's redirect to the callback URL. */
export interface LoopbackListener {
  /** `http://127.0.0.1:<port>/callback`, from the port actually bound. Hand it to buildAuthorizationUrl. */
  readonly callbackUrl: string;
  /** The port actually bound. */
  readonly port: number;
  /**
   * Waits for the one callback that carries `expectedState`, checked by parseCallback. Requests on other paths,
   * with other methods or without that state are refused (404, 405, 400) and the wait goes on; but a denial
   * without a state (OpenRouter returns none with one) ends it, as a user who pressed Deny is waiting. Call it before
   * the browser is opened. With `finish` (the code exchange, typically), the browser's page reports how that went
   * and the wait resolves with its result. Rejects with AuthorizationDeniedError, RequestTimeoutError,
   * RequestAbortedError, or whatever `finish` throws. The listener closes itself once it has an answer.
   */
  waitForCallback(expectedState: string): Promise<CheckedCallback>;
  /** The same, and `finish` runs on the callback before the browser's page is answered; resolves with its result. */
  waitForCallback<T>(expectedState: string, finish: (callback: CheckedCallback) => Promise<T>): Promise<T>;
  /** Stops listening and drops open connections; a pending wait rejects with RequestAbortedError. */
  close(): Promise<void>;
}

function checkOptions({ port, path, timeoutMs, signal, returnTo }: LoopbackListenerOptions) {
  if (port !== undefined) checkField(WHERE, "port", port, portProblem);
  if (path !== undefined && !(typeof path === "string" && /^\/[A-Za-z0-9._~!$&'()*+,;=:@/-]*$/.test(path))) {
    fail(WHERE, "path", "path must start with / and hold no query, fragment or spaces");
  }
  if (timeoutMs !== undefined) checkField(WHERE, "timeoutMs", timeoutMs, timeoutMsProblem);
  if (returnTo !== undefined && (typeof returnTo !== "string" || !returnTo)) fail(WHERE, "returnTo", "returnTo must be a non-empty string");
  checkField(WHERE, "signal", signal, signalProblem);
}

/** Why a loopback server could not listen on `port`, as the InvalidRequestError of `where` (a port in use, say). */
export function listenError(error: NodeJS.ErrnoException, port: number, host: string, where: string): InvalidRequestError {
  const inUse = error.code === "EADDRINUSE";
  const denied = error.code === "EACCES";
  const reason = inUse ? `port ${port} on ${host} is already in use`
    : denied ? `port ${port} on ${host} needs privileges this process lacks`
    : `could not listen on ${host} port ${port} (${error.code ?? "unknown error"})`;
  const code = inUse ? "port_in_use" : denied ? "port_not_permitted" : "port_unavailable";
  return new InvalidRequestError(`${where}: ${reason}. Choose another port, or 0 to let the system pick a free one.`, { field: "port", code });
}

/**
 * Starts the loopback listener of a desktop sign-in (RFC 8252): an HTTP server on 127.0.0.1 only, on a port the
 * system picks, that takes exactly one valid callback and then closes. It also closes on a timeout and on abort.
 */
export async function startLoopbackListener(given?: LoopbackListenerOptions): Promise<LoopbackListener> {
  // From JavaScript, null counts as no options.
  const options = given ?? {};
  refuseUnknownOptions(options, { port: 1, path: 1, timeoutMs: 1, signal: 1, returnTo: 1 } satisfies Record<keyof LoopbackListenerOptions, 1>, WHERE);
  checkOptions(options);
  const { port: wanted = 0, path = "/callback", timeoutMs = DEFAULT_LOGIN_TIMEOUT_MS, signal, returnTo = "the app" } = options;
  if (signal?.aborted) throw new RequestAbortedError("The sign-in was aborted before the loopback listener started.");

  let expectedState: string | undefined;
  let finish: ((callback: CheckedCallback) => Promise<unknown>) | undefined;
  let taken = false; // a callback with the right state arrived: nothing else is accepted
  let settled = false;
  let letGoOfSignal = () => {};
  let resolveOutcome!: (value: unknown) => void;
  let rejectOutcome!: (error: unknown) => void;
  const outcome = new Promise<unknown>((resolve, reject) => {
    resolveOutcome = resolve;
    rejectOutcome = reject;
  });
  outcome.catch(() => {}); // the caller may not be waiting yet when a timeout or abort settles it

  const server = createServer((request, response) => {
    handle(request, response).catch(() => response.destroy());
  });
  const closed = new Promise<void>((resolve) => server.once("close", () => resolve()));

  // Stops accepting, and drops connections that are idle or still sending (the final page has been flushed).
  const shutdown = () => {
    if (server.listening) server.close();
    server.closeAllConnections();
  };
  const settle = (error: unknown, value?: unknown) => {
    if (settled) return;
    settled = true;
    clearTimeout(timer);
    letGoOfSignal();
    if (error === undefined) resolveOutcome(value);
    else rejectOutcome(error);
  };
  const stop = (error: unknown) => {
    settle(error);
    shutdown();
  };
  // Once a callback is taken, its finishing step (the exchange, bounded by its own timeout) runs to its end:
  // aborting it then would lose the key it mints.
  const onAbort = () => {
    if (!taken) stop(new RequestAbortedError("The sign-in was aborted while waiting for the callback."));
  };

  function answer(response: ServerResponse, status: number, title: string, detail: string, last = false) {
    if (last) response.once("close", shutdown);
    response.writeHead(status, PAGE_HEADERS).end(resultPage(title, detail));
  }

  async function handle(request: IncomingMessage, response: ServerResponse) {
    const url = new URL(request.url ?? "/", `http://${HOST}:${port}`);
    if (url.pathname !== path) return answer(response, 404, "Not found", "This address is not part of the sign-in.");
    if (request.method !== "GET") {
      response.setHeader("allow", "GET");
      return answer(response, 405, "Method not allowed", "The sign-in callback only answers GET.");
    }
    if (taken || settled) return answer(response, 400, "Sign-in already finished", "This sign-in has already received its answer.");
    if (expectedState === undefined) {
      return answer(response, 400, "Not waiting yet", "No sign-in is waiting for this callback yet.");
    }
    let callback: CheckedCallback;
    try {
      callback = parseCallback(url, { expectedState });
    } catch (error) {
      // Only the browser OpenRouter redirected knows the state: anything else is a stray or a forgery.
      if (isOpenRouterOAuthError(error, "InvalidRequestError") && error.code === "state_mismatch") {
        return answer(response, 400, "Not this sign-in", "This link does not belong to the sign-in in progress.");
      }
      taken = true;
      settle(error);
      return error instanceof AuthorizationDeniedError
        ? answer(response, 200, "Sign-in denied", "You did not authorize the app; no key was created.", true)
        : answer(response, 400, "Sign-in failed", "OpenRouter sent back no authorization code. Start a new sign-in.", true);
    }
    taken = true;
    clearTimeout(timer); // the wait is over; `finish` brings its own bound
    try {
      const value = finish ? await finish(callback) : callback;
      settle(undefined, value);
      answer(response, 200, "Signed in", `You are signed in with OpenRouter; return to ${returnTo}.`, true);
    } catch (error) {
      settle(error);
      // The reason is for the app to tell in its own words; the page only says where to look.
      answer(response, 500, "Sign-in failed", `The sign-in could not be finished; return to ${returnTo} to see why.`, true);
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", (error) => reject(listenError(error as NodeJS.ErrnoException, wanted, HOST, WHERE)));
    server.listen({ port: wanted, host: HOST, exclusive: true }, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const timer = setTimeout(
    () => stop(new RequestTimeoutError(`No sign-in callback arrived within ${durationInWords(timeoutMs)}. Start a new sign-in.`)),
    timeoutMs,
  );
  letGoOfSignal = whenAborted(signal, onAbort); // at once if it aborted while binding

  return {
    callbackUrl: `http://${HOST}:${port}${path}`,
    port,
    waitForCallback(state: string, then?: (callback: CheckedCallback) => Promise<unknown>) {
      if (typeof state !== "string" || !state) fail(WHERE, "state", "waitForCallback needs the non-empty state of the authorization URL");
      if (expectedState !== undefined) fail(WHERE, "state", "waitForCallback may be called once per listener");
      expectedState = state;
      finish = then;
      return outcome;
    },
    async close() {
      stop(new RequestAbortedError("The loopback listener was closed before a callback arrived."));
      await closed;
    },
  } as LoopbackListener;
}
