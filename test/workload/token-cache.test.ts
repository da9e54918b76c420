// The token source's cache, one rule per test, with a scripted exchange and fake clocks: no test waits for real time.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { APIError, RequestAbortedError } from "../../src/index.js";
import { createTokenCache, type Exchanged } from "../../src/workload/token-cache.js";

/** An exchange whose answers the test gives, one per call, in order. */
function scriptedExchange() {
  const pending: { resolve(value: Exchanged): void; reject(error: unknown): void }[] = [];
  const exchange = vi.fn(
    () =>
      new Promise<Exchanged>((resolve, reject) => {
        pending.push({ resolve, reject });
      }),
  );
  let made = 0;
  return {
    exchange,
    /** Answers the oldest unanswered exchange with a token named `token-N`, living `seconds`. */
    answer(seconds = 900, token = `token-${++made}`) {
      pending.shift()!.resolve({ accessToken: token, expiresInSeconds: seconds });
      return token;
    },
    fail(error: unknown) {
      pending.shift()!.reject(error);
    },
  };
}

const tooMany = (retryAfterMs?: number) => new APIError("429", { operation: "getCurrentKey", status: 429, headers: {}, retryAfterMs });
/** Lets the promises now queued settle. */
const settle = () => vi.advanceTimersByTimeAsync(0);
const seconds = (n: number) => vi.advanceTimersByTimeAsync(n * 1000);

describe("the token cache", () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date", "performance"] });
  });
  afterEach(() => vi.useRealTimers());

  it("holds a token: later calls get it without another exchange", async () => {
    const script = scriptedExchange();
    const cache = createTokenCache(script.exchange, 60);
    const first = cache.get(undefined);
    script.answer();
    expect(await first).toBe("token-1");
    await seconds(100);
    expect(await cache.get(undefined)).toBe("token-1");
    expect(script.exchange).toHaveBeenCalledTimes(1);
  });

  it("shares one exchange among callers who ask at once", async () => {
    const script = scriptedExchange();
    const cache = createTokenCache(script.exchange, 60);
    const calls = [cache.get(undefined), cache.get(undefined), cache.get(undefined)];
    script.answer();
    expect(await Promise.all(calls)).toEqual(["token-1", "token-1", "token-1"]);
    expect(script.exchange).toHaveBeenCalledTimes(1);
  });

  it("starts a refresh refreshBeforeSeconds before expiry, serving the held token at once meanwhile, and only one", async () => {
    const script = scriptedExchange();
    const cache = createTokenCache(script.exchange, 60);
    const first = cache.get(undefined);
    script.answer(900);
    await first;
    await seconds(839);
    expect(await cache.get(undefined)).toBe("token-1");
    expect(script.exchange).toHaveBeenCalledTimes(1);
    await seconds(1);
    expect(await cache.get(undefined)).toBe("token-1");
    expect(await cache.get(undefined)).toBe("token-1");
    expect(script.exchange).toHaveBeenCalledTimes(2);
    script.answer(900);
    await settle();
    expect(await cache.get(undefined)).toBe("token-2");
  });

  it("refreshes at most half a token's lifetime before its expiry, so that a short token is not exchanged per call", async () => {
    const script = scriptedExchange();
    const cache = createTokenCache(script.exchange, 60);
    const first = cache.get(undefined);
    script.answer(40);
    await first;
    await seconds(19);
    await cache.get(undefined);
    expect(script.exchange).toHaveBeenCalledTimes(1);
    await seconds(1);
    await cache.get(undefined);
    expect(script.exchange).toHaveBeenCalledTimes(2);
  });

  it("counts expiry from when the exchange began, on the monotonic clock, whatever the wall clock says", async () => {
    const script = scriptedExchange();
    const cache = createTokenCache(script.exchange, 0);
    const first = cache.get(undefined);
    // The exchange takes 10 s to answer: the token's 100 s run from its start.
    await seconds(10);
    script.answer(100);
    await first;
    vi.setSystemTime(Date.now() + 10 * 86_400_000);
    await seconds(89);
    expect(await cache.get(undefined)).toBe("token-1");
    await seconds(1);
    const next = cache.get(undefined);
    expect(script.exchange).toHaveBeenCalledTimes(2);
    script.answer();
    expect(await next).toBe("token-2");
  });

  it("does not fail callers when a refresh fails while the token is valid, and waits a second before the next", async () => {
    const script = scriptedExchange();
    const cache = createTokenCache(script.exchange, 60);
    const first = cache.get(undefined);
    script.answer(900);
    await first;
    await seconds(850);
    expect(await cache.get(undefined)).toBe("token-1");
    script.fail(tooMany());
    await settle();
    expect(await cache.get(undefined)).toBe("token-1");
    await seconds(0.999);
    expect(await cache.get(undefined)).toBe("token-1");
    expect(script.exchange).toHaveBeenCalledTimes(2);
    await seconds(0.001);
    expect(await cache.get(undefined)).toBe("token-1");
    expect(script.exchange).toHaveBeenCalledTimes(3);
  });

  it("waits as long as a failed refresh's Retry-After asks, up to a minute", async () => {
    const script = scriptedExchange();
    const cache = createTokenCache(script.exchange, 300);
    const first = cache.get(undefined);
    script.answer(900);
    await first;
    await seconds(700);
    await cache.get(undefined);
    script.fail(tooMany(5_000));
    await seconds(4.9);
    await cache.get(undefined);
    expect(script.exchange).toHaveBeenCalledTimes(2);
    await seconds(0.1);
    await cache.get(undefined);
    expect(script.exchange).toHaveBeenCalledTimes(3);
    script.fail(tooMany(3_600_000));
    await seconds(60);
    await cache.get(undefined);
    expect(script.exchange).toHaveBeenCalledTimes(4);
  });

  it("holds no failure: a failed exchange fails its callers, and the next call exchanges again at once", async () => {
    const script = scriptedExchange();
    const cache = createTokenCache(script.exchange, 60);
    const first = cache.get(undefined).catch((error: unknown) => error);
    const failure = tooMany();
    script.fail(failure);
    expect(await first).toBe(failure);
    const second = cache.get(undefined);
    expect(script.exchange).toHaveBeenCalledTimes(2);
    script.answer();
    expect(await second).toBe("token-1");
  });

  it("lets a caller give up waiting without cancelling the exchange for the others", async () => {
    const script = scriptedExchange();
    const cache = createTokenCache(script.exchange, 60);
    const controller = new AbortController();
    const leaving = cache.get(controller.signal).catch((error: unknown) => error);
    const staying = cache.get(undefined);
    controller.abort();
    expect(await leaving).toBeInstanceOf(RequestAbortedError);
    script.answer();
    expect(await staying).toBe("token-1");
    expect(await cache.get(undefined)).toBe("token-1");
    expect(script.exchange).toHaveBeenCalledTimes(1);
  });

  it("refuses at once a caller whose signal is already aborted, yet exchanges for the next", async () => {
    const script = scriptedExchange();
    const cache = createTokenCache(script.exchange, 60);
    await expect(cache.get(AbortSignal.abort())).rejects.toBeInstanceOf(RequestAbortedError);
    const next = cache.get(undefined);
    script.answer();
    expect(await next).toBe("token-1");
  });

  it("sets no timer of its own, so nothing keeps a process alive", async () => {
    const script = scriptedExchange();
    const cache = createTokenCache(script.exchange, 60);
    const first = cache.get(undefined);
    script.answer();
    await first;
    await seconds(850);
    await cache.get(undefined);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("forgets the held token when it is invalidated, and only that token", async () => {
    const script = scriptedExchange();
    const cache = createTokenCache(script.exchange, 60);
    const first = cache.get(undefined);
    script.answer();
    await first;
    cache.invalidate("some-older-token");
    expect(await cache.get(undefined)).toBe("token-1");
    expect(script.exchange).toHaveBeenCalledTimes(1);
    cache.invalidate("token-1");
    const next = cache.get(undefined);
    expect(script.exchange).toHaveBeenCalledTimes(2);
    script.answer();
    expect(await next).toBe("token-2");
  });

  it("never holds the token of an exchange that began before an invalidation", async () => {
    const script = scriptedExchange();
    const cache = createTokenCache(script.exchange, 60);
    const first = cache.get(undefined);
    script.answer(900);
    await first;
    await seconds(850);
    // A refresh is under way when a request with token-1 is turned away.
    expect(await cache.get(undefined)).toBe("token-1");
    cache.invalidate("token-1");
    const after = cache.get(undefined);
    expect(script.exchange).toHaveBeenCalledTimes(3);
    script.answer(900, "from-before");
    script.answer(900, "from-after");
    expect(await after).toBe("from-after");
    expect(await cache.get(undefined)).toBe("from-after");
  });
});
