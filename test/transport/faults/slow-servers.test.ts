// Servers that are slow or silent: `timeoutMs` bounds the whole call, body included, and the caller's abort ends
// the call at once, even while the body streams. The timeouts run on the test's clock, moved on only once the
// server has the request or the client the headers; bounds here are generous ceilings, never speed claims.
import { afterEach, describe, expect, it, vi } from "vitest";
import { RequestAbortedError, RequestTimeoutError } from "../../../src/index.js";
import { CODE_MAY_BE_USED, OPERATIONS, send, watchHeaders } from "./client.js";
import { head, settleWithin, startServer, trickle, type Behaviour, type FaultyServer } from "./server.js";

let server: FaultyServer | undefined;
afterEach(async () => {
  vi.useRealTimers();
  await server?.close();
  server = undefined;
});

/** The call's timer on the test's clock; the server's timers and settleWithin's (node:timers) stay real. */
const fakeTheClientsClock = () => vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });

const VALID = '{"key":"sk-or-v1-minted-by-the-slow-server","user_id":null}';
const CREATED = '{"data":{"id":"code-from-the-slow-server","app_id":7,"created_at":"2026-08-22T10:00:00Z"}}';

/** Sends the headers at once, then a body of `size` bytes one byte every 20 ms: about `size / 50` seconds. */
const tricklesBody = (size: number): Behaviour => (socket) => {
  socket.write(head(200, [["content-type", "application/json"], ["content-length", String(size)]]));
  void trickle(socket, " ".repeat(size), 20);
};

describe.each(OPERATIONS)("%s against a slow server", (operation) => {
  const usedHint = operation === "exchangeAuthCodeForAPIKey";

  it("times out a server that never answers, after sending exactly once", async () => {
    let arrived!: () => void;
    const received = new Promise<void>((resolve) => (arrived = resolve));
    server = await startServer(() => arrived()); // and never answers
    fakeTheClientsClock();
    const pending = send(operation, server.baseUrl, { timeoutMs: 1_000 });
    await received;
    vi.advanceTimersByTime(1_000);
    const { error } = await settleWithin(pending, 20_000);
    expect(error).toBeInstanceOf(RequestTimeoutError);
    expect((error as Error).message).toMatch(/timed out after 1000 ms/);
    if (usedHint) expect((error as Error).message).toMatch(CODE_MAY_BE_USED);
    expect(server.requests).toHaveLength(1);
    await settleWithin(server.requests[0]!.closed, 10_000); // the client let go of the connection
  });

  it("times out while the body is still streaming: timeoutMs bounds the whole call", async () => {
    server = await startServer(tricklesBody(10_000)); // some 200 seconds of body
    const watched = watchHeaders();
    fakeTheClientsClock();
    const pending = send(operation, server.baseUrl, { fetch: watched.fetch, timeoutMs: 1_500 });
    let settled = false;
    void pending.finally(() => (settled = true)).catch(() => {});
    await watched.headers; // so the time runs out in the body
    vi.advanceTimersByTime(1_499);
    await new Promise((resolve) => setImmediate(resolve)); // a turn for an abort to settle the call, were there one
    expect(settled).toBe(false);
    vi.advanceTimersByTime(1);
    const { error } = await settleWithin(pending, 20_000);
    expect(error).toBeInstanceOf(RequestTimeoutError);
    expect((error as Error).message).toMatch(/timed out after 1500 ms/);
    if (usedHint) expect((error as Error).message).toMatch(CODE_MAY_BE_USED);
    expect(server.requests).toHaveLength(1);
    await settleWithin(server.requests[0]!.closed, 10_000);
  });

  it("accepts a slow body that completes within timeoutMs", async () => {
    const body = operation === "exchangeAuthCodeForAPIKey" ? VALID : CREATED;
    server = await startServer((socket) => {
      socket.write(head(200, [["content-type", "application/json"], ["content-length", String(body.length)]]));
      void trickle(socket, body, 2);
    });
    const { data, error } = await settleWithin(send(operation, server.baseUrl, { timeoutMs: 30_000 }), 40_000);
    expect(error).toBeUndefined();
    expect(data).toEqual(JSON.parse(body));
  });

  it("settles at once with RequestAbortedError when the caller aborts before the response", async () => {
    let arrived!: () => void;
    const received = new Promise<void>((resolve) => (arrived = resolve));
    server = await startServer(() => arrived()); // and never answers
    const controller = new AbortController();
    const pending = send(operation, server.baseUrl, { signal: controller.signal, timeoutMs: 60_000 });
    await received;
    controller.abort();
    const { error } = await settleWithin(pending, 2_000);
    expect(error).toBeInstanceOf(RequestAbortedError);
    if (usedHint) expect((error as Error).message).toMatch(CODE_MAY_BE_USED);
    await settleWithin(server.requests[0]!.closed, 10_000);
  });

  it("settles at once with RequestAbortedError when the caller aborts while the body streams", async () => {
    server = await startServer(tricklesBody(10_000));
    const controller = new AbortController();
    const watched = watchHeaders();
    const pending = send(operation, server.baseUrl, { fetch: watched.fetch, signal: controller.signal, timeoutMs: 60_000 });
    await watched.headers; // the body now streams for minutes
    controller.abort();
    const { error } = await settleWithin(pending, 2_000);
    expect(error).toBeInstanceOf(RequestAbortedError);
    if (usedHint) expect((error as Error).message).toMatch(CODE_MAY_BE_USED);
    expect(server.requests).toHaveLength(1);
    await settleWithin(server.requests[0]!.closed, 10_000);
  });
});
