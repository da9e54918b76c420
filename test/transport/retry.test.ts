// Opt-in retries of createAuthCode, one rule per test, and the exchange's refusal of any retry. Waits are checked
// on fake clocks (no test waits for real time); connection failures are also checked over real loopback sockets.
import { build } from "esbuild";
import { whenAborted } from "../../src/base/abort.js";
import { closedPort } from "../support/closed-port.js";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  APIError,
  completeSignIn,
  ConnectionError,
  createOauthToken,
  createOpenRouterOAuth,
  exchangeAuthCodeForAPIKey,
  InvalidRequestError,
  parseCallback,
  RequestAbortedError,
  RequestTimeoutError,
  ResponseValidationError,
  type FetchLike,
  type OpenRouterOAuthOptions,
  type RetryOptions,
} from "../../src/index.js";
import { startServer, type FaultyServer } from "./faults/server.js";
import { classFor } from "../support/statuses.js";

const BASE_URL = "https://openrouter.test/api/v1";
const REQUEST = { callback_url: "https://app.example/callback" };
const CREATED = { data: { id: "auth-code-1", app_id: 7, created_at: "2030-01-01T00:00:00Z" } };

type Step = Response | Error | "hang";
const status = (code: number, headers: Record<string, string> = {}) => () => new Response(null, { status: code, headers });
const created = () => Response.json(CREATED);
/** A failure to connect, shaped like the one Node's fetch reports. */
const refused = (code = "ECONNREFUSED") => () => new TypeError("fetch failed", { cause: Object.assign(new Error(`connect ${code}`), { code }) });

/** A fetch that answers with `steps` in turn (the last one repeats) and notes when each request came. */
function scripted(...steps: (() => Step)[]) {
  const times: number[] = [];
  const fetch: FetchLike = (request) => {
    times.push(Date.now());
    const step = steps[Math.min(times.length, steps.length) - 1]!();
    if (step === "hang") return new Promise<Response>((_, reject) => whenAborted(request.signal, () => reject(request.signal.reason)));
    return step instanceof Error ? Promise.reject(step) : Promise.resolve(step);
  };
  return { fetch, times, count: () => times.length };
}

const client = (fetch: FetchLike, options: OpenRouterOAuthOptions = {}) =>
  createOpenRouterOAuth({ apiKey: "sk-or-v1-retry-tests", baseUrl: BASE_URL, fetch, ...options });

/** Whether `pending` has settled after the microtasks and zero-delay timers now queued have run. */
async function settledNow(pending: Promise<unknown>) {
  let settled = false;
  pending.then(() => (settled = true), () => (settled = true));
  await vi.advanceTimersByTimeAsync(0);
  return settled;
}

/** Catches now, so that a rejection while fake time advances is never unhandled. */
const outcome = (pending: Promise<unknown>): Promise<{ data?: unknown; error?: unknown }> =>
  pending.then((data) => ({ data }), (error: unknown) => ({ error }));

describe("createAuthCode retries", () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
    vi.setSystemTime(Date.UTC(2030, 0, 1, 12, 0, 0));
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it("are off by default: a 503 is thrown after a single request", async () => {
    const server = scripted(status(503), created);
    const { error } = await outcome(client(server.fetch).createAuthCode(REQUEST));
    expect(error).toMatchObject({ name: "ServiceUnavailableResponseError", status: 503 });
    expect(server.count()).toBe(1);
  });

  it("retry a 503 and a 429 until an attempt succeeds", async () => {
    const server = scripted(status(503), status(429), created);
    const result = outcome(client(server.fetch, { retry: { attempts: 3 } }).createAuthCode(REQUEST));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(await result).toEqual({ data: CREATED });
    expect(server.count()).toBe(3);
  });

  it.each([400, 401, 403, 404, 408, 409, 500, 502, 504])("never retry a %i", async (code) => {
    const server = scripted(status(code), created);
    const result = outcome(client(server.fetch, { retry: { attempts: 5 } }).createAuthCode(REQUEST));
    await vi.advanceTimersByTimeAsync(60_000);
    const { error } = await result;
    expect((error as Error).constructor).toBe(classFor(code, "createAuthCode"));
    expect(error).toMatchObject({ status: code });
    expect(server.count()).toBe(1);
  });

  it("wait exactly as long as Retry-After asks, in seconds", async () => {
    const server = scripted(status(429, { "retry-after": "3" }), created);
    const result = outcome(client(server.fetch, { retry: { attempts: 2 } }).createAuthCode(REQUEST));
    await vi.advanceTimersByTimeAsync(2_999);
    expect(server.count()).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(server.count()).toBe(2);
    expect(await result).toEqual({ data: CREATED });
  });

  it("wait until the date a Retry-After names", async () => {
    const server = scripted(status(503, { "retry-after": new Date(Date.now() + 4_000).toUTCString() }), created);
    const result = outcome(client(server.fetch, { retry: { attempts: 2 } }).createAuthCode(REQUEST));
    await vi.advanceTimersByTimeAsync(3_999);
    expect(server.count()).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(server.count()).toBe(2);
    expect(await result).toEqual({ data: CREATED });
  });

  it("give up at once, rather than retry early, when Retry-After asks for more than maxDelayMs", async () => {
    const server = scripted(status(429, { "retry-after": "120" }), created);
    const pending = client(server.fetch, { retry: { attempts: 5, maxDelayMs: 10_000 } }).createAuthCode(REQUEST);
    expect(await settledNow(pending)).toBe(true);
    await expect(pending).rejects.toMatchObject({ name: "TooManyRequestsResponseError", status: 429, retryAfterMs: 120_000 });
    expect(server.count()).toBe(1);
  });

  it("back off exponentially from half a second, capped by maxDelayMs, without a Retry-After", async () => {
    vi.spyOn(Math, "random").mockReturnValue(0); // no jitter, so the waits are exact
    const server = scripted(status(503), status(503), status(503), status(503), created);
    const result = outcome(client(server.fetch, { retry: { attempts: 5, maxDelayMs: 3_000 } }).createAuthCode(REQUEST));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(await result).toEqual({ data: CREATED });
    const waits = server.times.slice(1).map((time, i) => time - server.times[i]!);
    expect(waits).toEqual([500, 1_000, 2_000, 3_000]);
  });

  it("jitter a backoff down by at most half", async () => {
    vi.spyOn(Math, "random").mockReturnValue(0.999);
    const server = scripted(status(503), created);
    const result = outcome(client(server.fetch, { retry: { attempts: 2 } }).createAuthCode(REQUEST));
    await vi.advanceTimersByTimeAsync(250);
    expect(server.count()).toBe(2);
    expect(await result).toEqual({ data: CREATED });
  });

  it.each(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ENETUNREACH", "EHOSTUNREACH", "UND_ERR_CONNECT_TIMEOUT"])(
    "retry a connection that failed before anything was sent (%s)",
    async (code) => {
      const server = scripted(refused(code), created);
      const result = outcome(client(server.fetch, { retry: { attempts: 2 } }).createAuthCode(REQUEST));
      await vi.advanceTimersByTimeAsync(60_000);
      expect(await result).toEqual({ data: CREATED });
      expect(server.count()).toBe(2);
    },
  );

  it.each(["ECONNRESET", "UND_ERR_SOCKET", "EPIPE", undefined])("never retry a connection that broke once the request could have been sent (%s)", async (code) => {
    const server = scripted(code ? refused(code) : () => new TypeError("Failed to fetch"), created);
    const result = outcome(client(server.fetch, { retry: { attempts: 5 } }).createAuthCode(REQUEST));
    await vi.advanceTimersByTimeAsync(60_000);
    expect((await result).error).toBeInstanceOf(ConnectionError);
    expect(server.count()).toBe(1);
  });

  it("never retry a timeout", async () => {
    const server = scripted(() => "hang", created);
    const result = outcome(client(server.fetch, { retry: { attempts: 5 }, timeoutMs: 1_000 }).createAuthCode(REQUEST));
    await vi.advanceTimersByTimeAsync(60_000);
    expect((await result).error).toBeInstanceOf(RequestTimeoutError);
    expect(server.count()).toBe(1);
  });

  it("never retry a 2xx whose body is wrong", async () => {
    const server = scripted(() => Response.json({ data: {} }), created);
    const result = outcome(client(server.fetch, { retry: { attempts: 5 } }).createAuthCode(REQUEST));
    await vi.advanceTimersByTimeAsync(60_000);
    expect((await result).error).toBeInstanceOf(ResponseValidationError);
    expect(server.count()).toBe(1);
  });

  it("stop after `attempts` attempts and throw the last error", async () => {
    const server = scripted(status(503));
    const result = outcome(client(server.fetch, { retry: { attempts: 4, maxDelayMs: 100 } }).createAuthCode(REQUEST));
    await vi.advanceTimersByTimeAsync(60_000);
    expect((await result).error).toMatchObject({ name: "ServiceUnavailableResponseError", status: 503 });
    expect(server.count()).toBe(4);
  });

  it("stop when the next wait would run past the whole call's timeoutMs", async () => {
    const server = scripted(status(503, { "retry-after": "1" }));
    const result = outcome(client(server.fetch, { retry: { attempts: 10 } }).createAuthCode(REQUEST, { timeoutMs: 2_500 }));
    await vi.advanceTimersByTimeAsync(60_000);
    expect((await result).error).toMatchObject({ name: "ServiceUnavailableResponseError", status: 503 });
    expect(server.times.map((time) => time - server.times[0]!)).toEqual([0, 1_000, 2_000]);
  });

  it("give a later attempt only what is left of timeoutMs, and say so when it runs out", async () => {
    const server = scripted(status(503, { "retry-after": "1" }), () => "hang");
    const pending = client(server.fetch, { retry: { attempts: 3 }, timeoutMs: 3_000 }).createAuthCode(REQUEST);
    const result = outcome(pending);
    await vi.advanceTimersByTimeAsync(2_999);
    expect(await settledNow(pending)).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const { error } = await result;
    expect(error).toBeInstanceOf(RequestTimeoutError);
    expect((error as Error).message).toBe("createAuthCode timed out after 3000 ms, in 2 attempts.");
    expect(server.count()).toBe(2);
  });

  it("stop a backoff wait at once when the caller aborts, and send nothing more", async () => {
    const server = scripted(status(503, { "retry-after": "5" }), created);
    const controller = new AbortController();
    const pending = client(server.fetch, { retry: { attempts: 3 } }).createAuthCode(REQUEST, { signal: controller.signal });
    const result = outcome(pending);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(server.count()).toBe(1);
    controller.abort();
    expect(await settledNow(pending)).toBe(true);
    const { error } = await result;
    expect(error).toBeInstanceOf(RequestAbortedError);
    expect(error).toMatchObject({ operation: "createAuthCode", message: "createAuthCode was aborted while waiting to retry." });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(server.count()).toBe(1);
  });

  it("may be set per call, in place of the client's", async () => {
    const server = scripted(status(503), created);
    const result = outcome(client(server.fetch).createAuthCode(REQUEST, { retry: { attempts: 2 } }));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(await result).toEqual({ data: CREATED });
    expect(server.count()).toBe(2);
  });

  it("may be turned off per call with retry: false", async () => {
    const server = scripted(status(503), created);
    const result = outcome(client(server.fetch, { retry: { attempts: 5 } }).createAuthCode(REQUEST, { retry: false }));
    await vi.advanceTimersByTimeAsync(60_000);
    expect((await result).error).toMatchObject({ name: "ServiceUnavailableResponseError", status: 503 });
    expect(server.count()).toBe(1);
  });
});

describe("createOauthToken retries", () => {
  const TOKEN = {
    access_token: "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJyZXRyeSJ9.c2ln",
    expires_in: 300,
    issued_token_type: "urn:ietf:params:oauth:token-type:access_token",
    scope: "inference",
    token_type: "Bearer",
  };
  const EXCHANGE = { federation_policy_id: "policy-1", subject_token: "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ3b3JrbG9hZCJ9.c2ln" };
  const issued = () => Response.json(TOKEN);
  const oauthError = (code: number, headers: Record<string, string> = {}) => () =>
    Response.json({ error: "temporarily_unavailable", error_description: "later" }, { status: code, headers });

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
  });
  afterEach(() => vi.useRealTimers());

  it("are off by default: a 429 is thrown after a single request", async () => {
    const server = scripted(oauthError(429), issued);
    const { error } = await outcome(client(server.fetch).createOauthToken(EXCHANGE));
    expect(error).toMatchObject({ name: "TooManyRequestsResponseError", status: 429, oauthError: "temporarily_unavailable" });
    expect(server.count()).toBe(1);
  });

  it("wait exactly as long as Retry-After asks, then succeed", async () => {
    const server = scripted(oauthError(429, { "retry-after": "2" }), oauthError(503, { "retry-after": "1" }), issued);
    const result = outcome(client(server.fetch, { retry: { attempts: 3 } }).createOauthToken(EXCHANGE));
    await vi.advanceTimersByTimeAsync(1_999);
    expect(server.count()).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(server.count()).toBe(2);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(await result).toEqual({ data: TOKEN });
    expect(server.count()).toBe(3);
  });

  it("are taken by the standalone call too", async () => {
    const server = scripted(oauthError(503), issued);
    const result = outcome(createOauthToken(EXCHANGE, { baseUrl: BASE_URL, fetch: server.fetch, retry: { attempts: 2 } }));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(await result).toEqual({ data: TOKEN });
  });

  it("retry any 5xx and a connection lost after the request left, as the token source does (it is not single-use)", async () => {
    const server = scripted(oauthError(500), oauthError(502), refused("ECONNRESET"), issued);
    const result = outcome(client(server.fetch, { retry: { attempts: 4 } }).createOauthToken(EXCHANGE));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(await result).toEqual({ data: TOKEN });
    expect(server.count()).toBe(4);
  });

  it("never retry a refused JWT (400)", async () => {
    const server = scripted(() => Response.json({ error: "invalid_grant", error_description: "expired" }, { status: 400 }), issued);
    const result = outcome(client(server.fetch, { retry: { attempts: 5 } }).createOauthToken(EXCHANGE));
    await vi.advanceTimersByTimeAsync(60_000);
    expect((await result).error).toMatchObject({ name: "BadRequestResponseError", oauthError: "invalid_grant" });
    expect(server.count()).toBe(1);
  });
});

describe("retries on a busy machine", () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
  });
  afterEach(() => vi.useRealTimers());

  it("end with RequestTimeoutError, never a complaint about timeoutMs, when a backoff's timer fires past the deadline", async () => {
    let requests = 0;
    const fetch: FetchLike = async () => {
      requests++;
      // The process is busy for 150 ms before the backoff's timer can fire: the clock moves on, the timer fires late.
      setTimeout(() => vi.setSystemTime(Date.now() + 150), 0);
      return new Response(null, { status: 503, headers: { "retry-after": "0" } });
    };
    const result = outcome(createOpenRouterOAuth({ apiKey: "sk-app", baseUrl: BASE_URL, fetch, retry: { attempts: 3 } }).createAuthCode(REQUEST, { timeoutMs: 100 }));
    await vi.advanceTimersByTimeAsync(1_000);
    const { error } = await result;
    expect(error).toBeInstanceOf(RequestTimeoutError);
    expect((error as Error).message).toBe("createAuthCode timed out after 100 ms, in 1 attempt.");
    expect(requests).toBe(1);
  });
});

describe("retry options", () => {
  const bad: [string, unknown][] = [
    ["no attempts", {}],
    ["zero attempts", { attempts: 0 }],
    ["eleven attempts", { attempts: 11 }],
    ["fractional attempts", { attempts: 2.5 }],
    ["attempts as text", { attempts: "3" }],
    ["a negative maxDelayMs", { attempts: 3, maxDelayMs: -1 }],
    ["a NaN maxDelayMs", { attempts: 3, maxDelayMs: Number.NaN }],
    ["an unknown field", { attempts: 3, backoff: "linear" }],
    ["a number", 3],
    ["null", null],
    ["true", true],
  ];

  it.each(bad)("with %s are refused when the client is created", (_, retry) => {
    expect(() => createOpenRouterOAuth({ apiKey: "sk-or-v1-x", retry: retry as RetryOptions })).toThrow(
      expect.objectContaining({ name: "InvalidRequestError", field: "retry", message: expect.stringMatching(/^createOpenRouterOAuth: retry /) }),
    );
  });

  it.each(bad)("with %s are refused per call, with nothing sent", async (_, retry) => {
    const server = scripted(created);
    await expect(client(server.fetch).createAuthCode(REQUEST, { retry: retry as RetryOptions })).rejects.toMatchObject({
      name: "InvalidRequestError",
      field: "retry",
    });
    expect(server.count()).toBe(0);
  });
});

describe("the exchange and retries", () => {
  const exchangeRequest = { code: "single-use-code", code_verifier: "v".repeat(43), code_challenge_method: "S256" as const };

  it("refuses a retry option on the standalone function, with nothing sent", async () => {
    const server = scripted(status(503));
    const error = await exchangeAuthCodeForAPIKey(exchangeRequest, { fetch: server.fetch, baseUrl: BASE_URL, retry: { attempts: 2 } } as never).catch((e) => e);
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect(error).toMatchObject({ field: "retry", message: "exchangeAuthCodeForAPIKey: retry is refused, since the code is single-use." });
    expect(server.count()).toBe(0);
  });

  it("refuses a retry option on the client's method, with nothing sent", async () => {
    const server = scripted(status(503));
    const error = await client(server.fetch).exchangeAuthCodeForAPIKey(exchangeRequest, { retry: { attempts: 2 } } as never).catch((e) => e);
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect(error).toMatchObject({ field: "retry" });
    expect(server.count()).toBe(0);
  });

  it("refuses a retry option given to completeSignIn", async () => {
    const server = scripted(status(503));
    const callback = parseCallback("https://app.example/cb?code=c&state=s", { expectedState: "s" });
    const error = await completeSignIn(callback, "v".repeat(43), { fetch: server.fetch, baseUrl: BASE_URL, retry: { attempts: 2 } } as never).catch((e) => e);
    expect(error).toMatchObject({ name: "InvalidRequestError", field: "retry" });
    expect(server.count()).toBe(0);
  });

  it("sends once even from a client whose createAuthCode retries", async () => {
    const server = scripted(status(503), status(503), Response.json.bind(null, { key: "sk-or-v1-k", user_id: null }));
    const error = await client(server.fetch, { retry: { attempts: 5, maxDelayMs: 0 } }).exchangeAuthCodeForAPIKey(exchangeRequest).catch((e) => e);
    // The exchange, never retried, has no class of its own for 503.
    expect(error.constructor).toBe(APIError);
    expect(error).toMatchObject({ status: 503, operation: "exchangeAuthCodeForAPIKey" });
    expect(server.count()).toBe(1);
  });
});

describe("retries over real sockets", () => {
  let server: FaultyServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it("retry a loopback port where nothing listens, as a failure before anything was sent", async () => {
    const port = await closedPort();
    const attempts: number[] = [];
    const fetch: FetchLike = (request) => (attempts.push(Date.now()), globalThis.fetch(request));
    const error = await client(fetch, { baseUrl: `http://127.0.0.1:${port}/api/v1`, retry: { attempts: 3, maxDelayMs: 20 } })
      .createAuthCode(REQUEST)
      .catch((e) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toMatchObject({ reason: "refused", notSent: true });
    expect(attempts).toHaveLength(3);
  });

  it("never retry a connection reset after the request arrived", async () => {
    server = await startServer((socket) => socket.resetAndDestroy());
    const error = await client((request) => globalThis.fetch(request), { baseUrl: server.baseUrl, retry: { attempts: 5, maxDelayMs: 20 } })
      .createAuthCode(REQUEST)
      .catch((e) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toMatchObject({ reason: "reset", notSent: false });
    expect(server.requests).toHaveLength(1);
  });
});

describe("the retry code in bundles", () => {
  it("is left out of a bundle that imports only the exchange", async () => {
    const entry = `import { exchangeAuthCodeForAPIKey } from ${JSON.stringify(new URL("../../src/index.ts", import.meta.url).pathname)}; console.log(exchangeAuthCodeForAPIKey);`;
    const { metafile } = await build({ stdin: { contents: entry, loader: "ts", resolveDir: "." }, bundle: true, minify: true, write: false, metafile: true, format: "esm", platform: "browser" });
    const inputs = Object.values(metafile.outputs).flatMap((output) => Object.entries(output.inputs).filter(([, { bytesInOutput }]) => bytesInOutput > 0).map(([path]) => path));
    expect(inputs.some((path) => path.endsWith("src/operations/exchange.ts"))).toBe(true);
    // Nor any other operation's row, nor the classes of the statuses that retries wait out.
    const others = /src\/(transport\/retry|operations\/(client|create-auth-code|create-oauth-token|get-current-key|list-oauth-jwks)|errors\/(too-many-requests|service-unavailable)-response-error)\.ts$/;
    expect(inputs.filter((path) => others.test(path))).toEqual([]);
  });
});
