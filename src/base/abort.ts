// How every wait of this package listens to a caller's AbortSignal. An "abort" event fires once: a listener
// added after it would wait for ever, so a signal that has already aborted is acted on at once.

/** Runs `onAbort` once when `signal` aborts, or at once if it already has; returns what lets go of the signal. */
export function whenAborted(signal: AbortSignal | null | undefined, onAbort: () => void): () => void {
  if (!signal) return () => {};
  if (signal.aborted) {
    onAbort();
    return () => {};
  }
  signal.addEventListener("abort", onAbort, { once: true });
  return () => signal.removeEventListener("abort", onAbort);
}

/**
 * What the async `start` gives, unless `signal` aborts first: then `aborted()` at once, and what `start` began runs
 * on unheard. With a signal that has already aborted, `start` is not called.
 */
export function unlessAborted<T>(signal: AbortSignal | null | undefined, aborted: () => Error, start: () => Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let stopped = false;
    const letGo = whenAborted(signal, () => {
      stopped = true;
      reject(aborted());
    });
    if (!stopped) start().then(resolve, reject).finally(letGo);
  });
}
