import { whenAborted } from "../base/abort.js";
import { InvalidRequestError } from "../errors/invalid-request-error.js";
import { isOpenRouterOAuthError, type Operation } from "../errors/openrouter-oauth-error.js";
import { RequestAbortedError } from "../errors/request-aborted-error.js";
import { RequestTimeoutError } from "../errors/request-timeout-error.js";
import { ServiceUnavailableResponseError } from "../errors/service-unavailable-response-error.js";
import { TooManyRequestsResponseError } from "../errors/too-many-requests-response-error.js";
import { CLASS_BY_STATUS, type StatusClasses } from "./response.js";
import type { CallOptions } from "./options.js";

/** Opt-in retries of every operation but the exchange, which has none: its code is single-use. */
export interface RetryOptions {
  /** How many attempts in all, the first included: 1 to 10. */
  attempts: number;
  /** The longest wait before an attempt; a Retry-After asking for more ends the retries. 10 seconds unless set. */
  maxDelayMs?: number | undefined;
}

const FIRST_DELAY_MS = 500;

/** Which failures a call may try again after, and until when. */
export interface RetryRule {
  /** Whether an answer with this status may be asked again. */
  retriesStatus(status: number): boolean;
  /** Whether a request that may have reached the server may be sent again: only where sending it twice does no harm. */
  resends: boolean;
  /** When (epoch ms) the request stops being worth sending, such as the expiry of the JWT it carries. */
  until?: number | undefined;
}

/**
 * The classes of the statuses that say "not now" without the request having been acted on: retries wait them out.
 * Only operations that may be retried have them (the exchange, never retried, reports them as an APIError with the
 * status, and carries these classes into no bundle).
 */
const NOT_NOW_CLASSES: StatusClasses = { 429: TooManyRequestsResponseError, 503: ServiceUnavailableResponseError };

/** Every status class of an operation that may be retried: the shared ones, and those of "not now". */
export const RETRY_CLASSES: StatusClasses = { ...CLASS_BY_STATUS, ...NOT_NOW_CLASSES };

/** Whether `status` says "not now" (429, 503). */
export const saysNotNow = (status: number): boolean => Object.hasOwn(NOT_NOW_CLASSES, status);

/** The options of a call that may be retried: the call's own, and its retries. */
export interface RetriedCallOptions extends CallOptions {
  /** Retries for this call, in place of the client's; `false` turns them off. */
  retry?: RetryOptions | false | undefined;
}

/** Checks retry options and fills in the defaults; `where` names who was given them (the client, or the call). */
export function checkRetry(retry: unknown, where: string, operation?: Operation): Required<RetryOptions> {
  const { attempts, maxDelayMs = 10_000, ...unknown } = (retry ?? {}) as RetryOptions;
  const problem =
    typeof retry !== "object" || retry === null ? "must be an object like { attempts: 3 }"
    : Object.keys(unknown).length ? `has unknown fields (${Object.keys(unknown).join(", ")}); expected attempts, maxDelayMs`
    : !Number.isInteger(attempts) || attempts < 1 || attempts > 10 ? "attempts must be a whole number from 1 to 10"
    : typeof maxDelayMs !== "number" || !(maxDelayMs >= 0 && maxDelayMs <= 2_147_483_647) ? "maxDelayMs must be a number of milliseconds from 0 to 2147483647"
    : undefined;
  if (problem) throw new InvalidRequestError(`${where}: retry ${problem}.`, { operation, field: "retry" });
  return { attempts, maxDelayMs };
}

/** The wait before retrying after `error`, or undefined when `error` must not be retried. */
function delayAfter(error: unknown, retries: number, maxDelayMs: number, rule: RetryRule): number | undefined {
  // Exponential, with jitter so that many clients turned away together do not come back together.
  const backoff = Math.min(maxDelayMs, FIRST_DELAY_MS * 2 ** retries) * (1 - Math.random() / 2);
  // A subject token's source answers with a status too; it never asks for a wait.
  if (isOpenRouterOAuthError(error, "SubjectTokenError") && error.httpStatus !== undefined) {
    return rule.retriesStatus(error.httpStatus) ? backoff : undefined;
  }
  if (isOpenRouterOAuthError(error, "APIError") && rule.retriesStatus(error.status)) {
    const wait = error.retryAfterMs ?? backoff;
    // Honoured, never shortened: retrying sooner than asked would only be turned away again.
    return wait <= maxDelayMs ? wait : undefined;
  }
  // The request never left, as the fetch layer decided: nothing was done, so trying again is safe.
  return isOpenRouterOAuthError(error, "ConnectionError") && (error.notSent || rule.resends) ? backoff : undefined;
}

/** Resolves after `ms`, or rejects at once when `signal` aborts. */
function sleep(operation: Operation | undefined, ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(new RequestAbortedError(`${operation ?? "The request"} was aborted while waiting to retry.`, { operation, cause: signal?.reason }));
    };
    const timer = setTimeout(() => {
      letGo();
      resolve();
    }, ms);
    const letGo = whenAborted(signal, onAbort);
  });
}

/**
 * Runs `attempt` until it succeeds, fails in a way that `rule` does not retry, runs out of attempts, or would
 * run past the whole call's timeout (`timeoutMs`, which covers every attempt and every wait) or `rule.until`.
 */
export async function withRetries<T>(
  operation: Operation | undefined,
  attempt: (options: CallOptions) => Promise<T>,
  { attempts, maxDelayMs }: Required<RetryOptions>,
  options: CallOptions,
  timeoutMs: number,
  rule: RetryRule,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  const last = Math.min(deadline, rule.until ?? Infinity);
  const timedOut = (made: number) => new RequestTimeoutError(`${operation ?? "The request"} timed out after ${timeoutMs} ms, in ${made} attempt${made === 1 ? "" : "s"}.`, { operation });
  for (let made = 1; ; made++) {
    // A timer may fire late (a busy event loop): with no time left, the call has timed out.
    const left = deadline - Date.now();
    if (made > 1 && left <= 0) throw timedOut(made - 1);
    try {
      return await attempt(made === 1 ? options : { ...options, timeoutMs: left });
    } catch (error) {
      if (made > 1 && isOpenRouterOAuthError(error, "RequestTimeoutError")) throw timedOut(made);
      const wait = made < attempts ? delayAfter(error, made - 1, maxDelayMs, rule) : undefined;
      // The next attempt needs time of its own before the deadline, and must not start after `until`.
      if (wait === undefined || Date.now() + wait >= last) throw error;
      await sleep(operation, wait, options.signal);
    }
  }
}

/**
 * An operation's retry policy, as its row holds it: which failures it tries again after, the classes of the
 * statuses it waits out, and how one call is sent with the retries asked for.
 */
export interface RetryPolicy extends RetryRule {
  readonly classes: StatusClasses;
  /** Runs one call with the retries asked for (the call's, else the client's), or once when none are. */
  send<T>(
    operation: Operation,
    options: RetriedCallOptions | null | undefined,
    clientRetry: Required<RetryOptions> | undefined,
    clientTimeoutMs: number,
    attempt: (options: CallOptions) => Promise<T>,
  ): Promise<T>;
}

/**
 * The retry policy of an operation that follows `rule`. The retry loop comes with the policy, so that a bundle
 * whose operations have none (the exchange alone) carries no retries.
 */
export const retryPolicy = (rule: RetryRule): RetryPolicy => ({
  ...rule,
  classes: RETRY_CLASSES,
  send(operation, options, clientRetry, clientTimeoutMs, attempt) {
    const { retry, ...callOptions } = options ?? {};
    // The client's retries were checked when it was made; a call's own are checked here.
    const retries = retry === undefined ? clientRetry : retry === false ? undefined : checkRetry(retry, operation, operation);
    if (!retries) return attempt(callOptions);
    return withRetries(operation, attempt, retries, callOptions, callOptions.timeoutMs ?? clientTimeoutMs, rule);
  },
});
