import { whenAborted } from "../base/abort.js";
import { RequestAbortedError } from "../errors/request-aborted-error.js";
import { RequestTimeoutError } from "../errors/request-timeout-error.js";

/**
 * Starts listening for the redirect and returns how to stop; later (never before it returns) calls `arrived` with
 * the URL, or `failed` with why none will come.
 */
export type Listen = (arrived: (url: string) => void, failed: (error: unknown) => void) => () => void;

/**
 * The URL the user was sent back to, from `listen`, unless `timeoutMs` passes first (RequestTimeoutError saying
 * `timedOut`) or `signal` aborts (RequestAbortedError). The first of these ends the wait and stops the listening.
 */
export function waitForRedirect(listen: Listen, timeoutMs: number, signal: AbortSignal | undefined, timedOut: string): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    let ended = false;
    let stopListening = () => {};
    let letGoOfSignal = () => {};
    const end = (settle: () => void) => {
      if (ended) return;
      ended = true;
      clearTimeout(timer);
      letGoOfSignal();
      stopListening();
      settle();
    };
    const timer = setTimeout(() => end(() => reject(new RequestTimeoutError(timedOut))), timeoutMs);
    letGoOfSignal = whenAborted(signal, () => end(() => reject(new RequestAbortedError("The sign-in was aborted before the user came back from OpenRouter."))));
    if (!ended) stopListening = listen((url) => end(() => resolve(url)), (error) => end(() => reject(error)));
  });
}
