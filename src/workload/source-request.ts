// The one way the HTTP sources ask for a JWT: a GET that never follows a redirect, bounded in time (10 s unless
// set, every retry included) and in size, retried a few times on the statuses its service names as passing.
import { startCall, type FetchLike } from "../transport/bounded-fetch.js";
import { isOpenRouterOAuthError } from "../errors/openrouter-oauth-error.js";
import { SubjectTokenError } from "../errors/subject-token-error.js";
import { checkField, fail, refuseUnknownOptions } from "../transport/options.js";
import { fetchProblem, timeoutMsProblem } from "../checks/option-checks.js";
import { withRetries } from "../transport/retry.js";
import type { Environment } from "./environment.js";
import { usableToken } from "./subject-token.js";

/** Options every HTTP source takes besides its own. */
export interface SourceOptions {
  /** How long getting one token may take, retries included: 10 seconds unless set. */
  timeoutMs?: number | undefined;
  /** The fetch to ask with; the global fetch, looked up at each call, unless set. */
  fetch?: FetchLike | undefined;
  /** The environment variables to read; the process's (`process.env`) unless set. */
  env?: Environment | undefined;
}

export const SOURCE_OPTIONS = { timeoutMs: 1, fetch: 1, env: 1 } satisfies Record<keyof SourceOptions, 1>;

const DEFAULT_TIMEOUT_MS = 10_000;
const RETRIES = { attempts: 3, maxDelayMs: 2_000 };

/** Checks a source's options against what it takes (`known`); `where` is the source's function. */
export function checkSourceOptions(options: unknown, known: object, where: string): void {
  refuseUnknownOptions(options, known, where);
  const { timeoutMs, fetch, env } = (options ?? {}) as SourceOptions;
  if (timeoutMs !== undefined) checkField(where, "timeoutMs", timeoutMs, timeoutMsProblem);
  checkField(where, "fetch", fetch, fetchProblem);
  if (env !== undefined && (typeof env !== "object" || env === null)) fail(where, "env", "env must be an object of environment variables");
}

/** Refuses an audience that is no non-empty string; `where` is the source's function. */
export function checkAudience(audience: unknown, where: string): void {
  if (typeof audience !== "string" || !audience) fail(where, "audience", "audience must be a non-empty string, such as the policy's Audience");
}

/** One source's request for a token. */
export interface SourceRequest {
  /** Who is asked, in words: `GitHub Actions`. */
  source: string;
  url: string;
  headers: Record<string, string>;
  /** What the request carries that must never be printed (GitHub's request token). */
  secrets: string[];
  /** The statuses the service answers when it may answer better a moment later. */
  retriesStatus(status: number): boolean;
  /** The token in a 2xx answer; a problem is said with `refuse`. */
  tokenIn(text: string, headers: Headers): unknown;
}

/** Asks for a token as `request` says; any failure is a SubjectTokenError that names the source. */
export async function requestToken({ source, url, headers, secrets, retriesStatus, tokenIn }: SourceRequest, options: SourceOptions | undefined): Promise<string> {
  const timeoutMs = options?.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const attempt = async (call: { timeoutMs?: number | undefined }) => {
    const bounded = startCall({ fetch: options?.fetch, operation: undefined, timeoutMs: call.timeoutMs ?? timeoutMs, signal: undefined, secrets });
    try {
      const response = await bounded.fetch(new Request(url, { headers, redirect: "manual", signal: bounded.signal }));
      const { status } = response;
      // A browser shows a redirect as status 0: followed or not, it is not the service's answer. The body is read
      // up to 1 MiB: what was read of a longer one is no token, even when it looks like one.
      const what = status < 200 || (status >= 300 && status < 400) ? `a redirect (HTTP ${status}), which is not followed`
        : status > 299 ? `HTTP ${status}`
        : bounded.received?.cut ? "more than 1 MiB"
        : undefined;
      if (what) throw new SubjectTokenError(`${source} answered with ${what}, not a token.`, { source, httpStatus: status });
      return usableToken(tokenIn(await response.text(), response.headers), source);
    } finally {
      bounded.end();
    }
  };
  try {
    return await withRetries(undefined, attempt, RETRIES, {}, timeoutMs, { retriesStatus, resends: true });
  } catch (error) {
    if (isOpenRouterOAuthError(error, "SubjectTokenError")) throw error;
    const host = new URL(url).host;
    const why = isOpenRouterOAuthError(error, "RequestTimeoutError") ? `did not answer within ${timeoutMs} ms` : `could not be reached at ${host}`;
    throw new SubjectTokenError(`${source} ${why}, so there is no JWT to exchange.`, { source, cause: error });
  }
}

/** Reads `text` as a JSON object, or says that the source answered something else. */
export function jsonObject(text: string, source: string): Record<string, unknown> {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    // Its text is never quoted: it may be the token itself, cut short.
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new SubjectTokenError(`${source} answered with something that is not a JSON object.`, { source });
  }
  return body as Record<string, unknown>;
}

/** Checks a URL taken from an environment variable: http(s), and parseable. */
export function urlFromEnvironment(value: string, variable: string, source: string): void {
  if (!/^https?:\/\//i.test(value) || !URL.canParse(value)) {
    throw new SubjectTokenError(`${source}: ${variable} is not an http(s) URL.`, { source });
  }
}
