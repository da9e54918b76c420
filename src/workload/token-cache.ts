// The access token, held between exchanges: one exchange at a time, shared by every caller; a refresh a little
// before expiry while the held token still serves; no timer of its own, so nothing keeps a process alive.
import { unlessAborted } from "../base/abort.js";
import { isOpenRouterOAuthError } from "../errors/openrouter-oauth-error.js";
import { RequestAbortedError } from "../errors/request-aborted-error.js";

/** What one exchange gives: the access token, and how long it lives from when the exchange began. */
export interface Exchanged {
  accessToken: string;
  expiresInSeconds: number;
}

/** The held token and its times, on the monotonic clock (performance.now, ms). */
interface Held {
  token: string;
  refreshAt: number;
  expiresAt: number;
}

/** After a failed refresh, at least this long before the next (a Retry-After may ask for more, up to MAX). */
const REFRESH_PAUSE_MS = 1_000;
const REFRESH_PAUSE_MAX_MS = 60_000;

export interface TokenCache {
  /** The held token while it is valid, else the token of an exchange (the one under way, or a new one). */
  get(signal: AbortSignal | undefined): Promise<string>;
  /** Forgets `token` if it is the one held, and keeps any exchange under way from being held after it. */
  invalidate(token: unknown): void;
}

/**
 * Holds what `exchange` gives. A refresh starts `refreshBeforeSeconds` before expiry, at most half the token's
 * lifetime before (a short token would otherwise be exchanged on every call). Expiry is counted on the monotonic
 * clock from when the exchange began: a wrong wall clock, or one that jumps, changes nothing.
 */
export function createTokenCache(exchange: () => Promise<Exchanged>, refreshBeforeSeconds: number): TokenCache {
  let held: Held | undefined;
  let running: Promise<string> | undefined;
  // Bumped by each invalidation: an exchange that began before it is not held once it ends.
  let generation = 0;
  let refreshNotBefore = 0;

  async function exchanged(began: number, startedIn: number): Promise<string> {
    try {
      const { accessToken, expiresInSeconds } = await exchange();
      const lifetimeMs = expiresInSeconds * 1000;
      if (startedIn === generation) {
        const expiresAt = began + lifetimeMs;
        held = { token: accessToken, expiresAt, refreshAt: expiresAt - Math.min(refreshBeforeSeconds * 1000, lifetimeMs / 2) };
      }
      return accessToken;
    } catch (error) {
      // Not held: the next caller without a valid token exchanges again. A refresh waits a little first.
      const asked = isOpenRouterOAuthError(error, "APIError") ? (error.retryAfterMs ?? 0) : 0;
      refreshNotBefore = performance.now() + Math.min(REFRESH_PAUSE_MAX_MS, Math.max(REFRESH_PAUSE_MS, asked));
      throw error;
    }
  }

  function start(): Promise<string> {
    const run = exchanged(performance.now(), generation);
    running = run;
    const done = () => {
      if (running === run) running = undefined;
    };
    run.then(done, done);
    return run;
  }

  return {
    get(signal) {
      const now = performance.now();
      if (held && now < held.expiresAt) {
        if (now >= held.refreshAt && !running && now >= refreshNotBefore) {
          // The held token serves until it expires: a refresh that fails fails nobody.
          start().catch(() => {});
        }
        return Promise.resolve(held.token);
      }
      held = undefined;
      return abortable(running ?? start(), signal);
    },
    invalidate(token) {
      if (held === undefined || held.token !== token) return;
      held = undefined;
      generation++;
      // An exchange under way began before the invalidation: callers from now on get one that began after.
      running = undefined;
    },
  };
}

/** `shared`, as one caller waits for it: the caller's abort rejects its own wait, and the exchange goes on for the others. */
function abortable<T>(shared: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return shared;
  return unlessAborted(signal, () => new RequestAbortedError("getAccessToken was aborted while waiting for the exchange.", { cause: signal.reason }), () => shared);
}
