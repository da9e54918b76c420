// Before `login` sends anyone to the browser: does the --base-url the user gave answer at all? A typo found after the
// consent wastes the user's approval; found here, it costs one HEAD request.
import { startCall } from "../transport/bounded-fetch.js";
import { ConnectionError } from "../errors/connection-error.js";
import { isOpenRouterOAuthError } from "../errors/openrouter-oauth-error.js";

/** How long the base URL may take to answer; far longer than any working API takes. */
export const PROBE_TIMEOUT_MS = 10_000;

/**
 * Resolves once `baseUrl` gives any HTTP answer (a 404, a redirect: something listens); throws a ConnectionError
 * whose `reason` says what failed when nothing does, and a RequestAbortedError when `signal` aborts first.
 */
export async function checkAnswers(baseUrl: string, signal: AbortSignal | undefined, timeoutMs = PROBE_TIMEOUT_MS): Promise<void> {
  const call = startCall({ fetch: undefined, operation: undefined, timeoutMs, signal });
  try {
    await call.fetch(new Request(baseUrl, { method: "HEAD", redirect: "manual", signal: call.signal }));
  } catch (error) {
    // Connected but silent: no answer came, which the user checks as they would a refused connection.
    if (isOpenRouterOAuthError(error, "RequestTimeoutError")) {
      throw new ConnectionError(`${new URL(baseUrl).host} did not answer within ${timeoutMs} ms.`, { reason: "timeout" });
    }
    throw error;
  } finally {
    call.end();
  }
}
