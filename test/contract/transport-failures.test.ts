// When no complete response arrives: the network fails, the server hangs, the caller aborts. Each becomes one
// error of ours, and the single-use exchange is sent once and only once, whatever goes wrong.
import { inspect } from "node:util";
import { HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import {
  ConnectionError,
  exchangeAuthCodeForAPIKey,
  RequestAbortedError,
  RequestTimeoutError,
} from "../../src/index.js";
import { whenAborted } from "../../src/base/abort.js";
import { closedPort } from "../support/closed-port.js";
import { CLIENT_OPTIONS, EXCHANGE_INPUT, MINTED_KEY, rejectionOf } from "../support/fixtures.js";
import { hang, sent, server, undocumented, useMockServer } from "../support/msw.js";
import { EVERY, CREATE_AUTH_CODE, EXCHANGE } from "../support/operations.js";

// Captured before msw patches it, for the one test that needs a real refused connection.
const realFetch = globalThis.fetch;

useMockServer();

const USED_HINT = "The code may already have been used: start a new authorization";

describe.each(EVERY)("%s", (operation, op) => {
  it("throws ConnectionError, not fetch's TypeError, when the network fails", async () => {
    server.use(undocumented(op.path, () => HttpResponse.error()));
    const err = await rejectionOf(op.call());
    expect(err).toBeInstanceOf(ConnectionError);
    expect(err.operation).toBe(operation);
    // What the fetch threw, as a copy with every secret masked.
    expect(err.cause).toMatchObject({ name: "TypeError" });
    expect(err.message).toContain("no complete response from openrouter.ai");
  });

  it.each([
    ["a message that is no text", { message: Object.create(null) }],
    ["a message that cannot be read", { get message(): never { throw new Error("unreadable"); } }],
    ["a cause whose message is no text", { cause: { message: Object.create(null) } }],
  ])("throws ConnectionError for a fetch of the app's that fails with %s", async (_, thrown) => {
    const fetch = async () => {
      throw thrown;
    };
    const err = await rejectionOf(op.call(undefined, { ...CLIENT_OPTIONS, fetch }));
    expect(err).toBeInstanceOf(ConnectionError);
    // What cannot be read is kept as that fact, wherever it is in the chain of causes.
    expect(inspect(err)).toContain("the fetch failed with something that cannot be read");
  });

  it("throws RequestTimeoutError when the server never answers within the client's timeoutMs", async () => {
    server.use(undocumented(op.path, hang));
    const err = await rejectionOf(op.call(undefined, { ...CLIENT_OPTIONS, timeoutMs: 50 }));
    expect(err).toBeInstanceOf(RequestTimeoutError);
    expect(err.operation).toBe(operation);
    expect(err.message).toContain("timed out after 50 ms");
  });

  it("lets the call's timeoutMs override the client's", async () => {
    server.use(undocumented(op.path, hang));
    const err = await rejectionOf(op.call({ timeoutMs: 40 }, { ...CLIENT_OPTIONS, timeoutMs: 60_000 }));
    expect(err).toBeInstanceOf(RequestTimeoutError);
    expect(err.message).toContain("timed out after 40 ms");
  });

  it("cancels the request on the wire when it times out", async () => {
    let cancelled: Promise<void> | undefined;
    server.use(undocumented(op.path, (request) => {
      cancelled = new Promise((resolve) => whenAborted(request.signal, () => resolve()));
      return hang(request);
    }));
    await rejectionOf(op.call({ timeoutMs: 40 }));
    await expect(cancelled).resolves.toBeUndefined();
  });

  it("times out a body that never ends, since timeoutMs bounds the whole call", async () => {
    const endless = new ReadableStream<Uint8Array>({ start: (c) => c.enqueue(new TextEncoder().encode('{"key":')) });
    server.use(undocumented(op.path, () => new HttpResponse(endless, { headers: { "content-type": "application/json" } })));
    expect(await rejectionOf(op.call({ timeoutMs: 50 }))).toBeInstanceOf(RequestTimeoutError);
  });

  it("settles on timeout even when a custom fetch ignores the abort signal", async () => {
    const ignoring = () => new Promise<Response>(() => {});
    const err = await rejectionOf(op.call({ timeoutMs: 40 }, { apiKey: "sk-or-v1-app", fetch: ignoring }));
    expect(err).toBeInstanceOf(RequestTimeoutError);
  });

  it("throws RequestAbortedError and sends nothing when the caller's signal is already aborted", async () => {
    server.use(undocumented(op.path, () => HttpResponse.json({})));
    const err = await rejectionOf(op.call({ signal: AbortSignal.abort() }));
    expect(err).toBeInstanceOf(RequestAbortedError);
    expect(err.message).toContain("aborted before anything was sent");
    expect(sent).toHaveLength(0);
  });

  it("throws RequestAbortedError with the caller's reason when the caller aborts in flight", async () => {
    const controller = new AbortController();
    const reason = new Error("user closed the page");
    server.use(undocumented(op.path, (request) => {
      queueMicrotask(() => controller.abort(reason));
      return hang(request);
    }));
    const err = await rejectionOf(op.call({ signal: controller.signal }));
    expect(err).toBeInstanceOf(RequestAbortedError);
    expect(err.operation).toBe(operation);
    expect(err.cause).toBe(reason);
  });
});

describe("the exchange's failures", () => {
  it("says that the code may have been used after a network failure", async () => {
    server.use(undocumented("/auth/keys", () => HttpResponse.error()));
    const err = await rejectionOf(EXCHANGE.call());
    expect(err).toBeInstanceOf(ConnectionError);
    expect(err.notSent).toBe(false);
    expect(err.message).toContain(USED_HINT);
  });

  it("says that the code may have been used after a timeout", async () => {
    server.use(undocumented("/auth/keys", hang));
    const err = await rejectionOf(EXCHANGE.call({ timeoutMs: 40 }));
    expect(err).toBeInstanceOf(RequestTimeoutError);
    expect(err.message).toContain(USED_HINT);
  });

  it("says that the code may have been used after an abort in flight", async () => {
    const controller = new AbortController();
    server.use(undocumented("/auth/keys", (request) => {
      queueMicrotask(() => controller.abort());
      return hang(request);
    }));
    const err = await rejectionOf(EXCHANGE.call({ signal: controller.signal }));
    expect(err).toBeInstanceOf(RequestAbortedError);
    expect(err.message).toContain(USED_HINT);
  });

  it("names the refused connection's code from a real refused connection on loopback", async () => {
    const port = await closedPort();
    const err = await rejectionOf(exchangeAuthCodeForAPIKey(EXCHANGE_INPUT, { baseUrl: `http://127.0.0.1:${port}`, fetch: realFetch }));
    expect(err).toBeInstanceOf(ConnectionError);
    expect(err.reason).toBe("refused");
    expect(err.message).toContain(`no complete response from 127.0.0.1:${port} (ECONNREFUSED)`);
  });

  it("tells the exchange's caller that a refused connection left the code unused", async () => {
    const port = await closedPort();
    const err = await rejectionOf(exchangeAuthCodeForAPIKey(EXCHANGE_INPUT, { baseUrl: `http://127.0.0.1:${port}`, fetch: realFetch }));
    expect(err).toBeInstanceOf(ConnectionError);
    expect(err).toMatchObject({ operation: "exchangeAuthCodeForAPIKey", reason: "refused", notSent: true });
    expect(err.message).toContain("Nothing reached the server, so trying again is safe.");
    expect(err.message).not.toContain(USED_HINT);
  });
});

describe("createAuthCode's failures", () => {
  it("suggests checking the network and trying again after a network failure", async () => {
    server.use(undocumented("/auth/keys/code", () => HttpResponse.error()));
    const err = await rejectionOf(CREATE_AUTH_CODE.call());
    expect(err).toBeInstanceOf(ConnectionError);
    expect(err.operation).toBe("createAuthCode");
    expect(err.message).toContain("Check the network and try again.");
    expect(err.message).not.toContain("code may already have been used");
  });
});

describe("the exchange is sent exactly once", () => {
  const json = (status: number, headers: Record<string, string> = {}) => () =>
    HttpResponse.json({ error: { code: status, message: "failed" } }, { status, headers });

  const failures: (readonly [string, (request: Request) => Response | Promise<Response>])[] = [
    ...[400, 401, 403, 404, 405, 409, 500].map((status) => [`on HTTP ${status}`, json(status)] as const),
    ["on HTTP 429 with Retry-After", json(429, { "retry-after": "1" })],
    ["on HTTP 502 with an HTML page", () => HttpResponse.html("<html>Bad Gateway</html>", { status: 502 })],
    ["on HTTP 503 with Retry-After", json(503, { "retry-after": "1" })],
    ["on a redirect", () => new HttpResponse(null, { status: 302, headers: { location: "https://openrouter.ai/api/v1/auth/keys" } })],
    ["on a network failure", () => HttpResponse.error()],
    ["on a timeout", hang],
    ["on an empty 200", () => new HttpResponse(null, { status: 200 })],
    ["on a 200 of broken JSON", () => HttpResponse.text('{"key":')],
    ["on a 200 of the wrong shape", () => HttpResponse.json({ token: MINTED_KEY })],
  ];

  it.each(failures)("%s", async (_, answer) => {
    let calls = 0;
    server.use(undocumented("/auth/keys", (request) => {
      calls++;
      return answer(request);
    }));
    // Only the server that never answers needs a short timeout; the others answer at once.
    await rejectionOf(EXCHANGE.call(answer === hang ? { timeoutMs: 100 } : {}));
    expect(calls).toBe(1);
    expect(sent).toHaveLength(1);
  });
});
