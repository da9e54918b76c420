// What the property tests share: reproducible settings, an in-memory OpenRouter that answers with whatever a
// property generated, and the arbitraries for hostile responses.
import fc from "fast-check";
import { afterAll, beforeAll, expect } from "vitest";
import { createOpenRouterOAuth, exchangeAuthCodeForAPIKey, type FetchLike } from "../../src/index.js";

/** Replay a failure with the seed (and path) fast-check prints: PROPERTY_SEED=... npx vitest run test/properties */
export const SEED = Number(process.env.PROPERTY_SEED ?? 20260822);
/** Scales every property's number of runs, for a deeper search now and then: PROPERTY_RUNS=10. */
const SCALE = Number(process.env.PROPERTY_RUNS ?? 1);

export const settings = (numRuns: number): fc.Parameters<unknown> => ({
  seed: SEED,
  numRuns: Math.max(1, Math.round(numRuns * SCALE)),
});

/** Enough for the largest property on two slow cores, and still a bound. */
export const PROPERTY_TIMEOUT_MS = 120_000;

export const BASE_URL = "https://openrouter.test/api/v1";
/** The client's bound on a response body (src/transport.ts). */
export const BODY_LIMIT = 1 << 20;

/** Collects unhandled rejections while the file runs, so that a property can assert there were none. */
export function watchUnhandledRejections(): () => Promise<unknown[]> {
  const seen: unknown[] = [];
  const onRejection = (reason: unknown) => seen.push(reason);
  beforeAll(() => void process.on("unhandledRejection", onRejection));
  afterAll(() => void process.off("unhandledRejection", onRejection));
  return async () => {
    // Node reports an unhandled rejection after the microtask queue drains; a macrotask turn is enough.
    await new Promise((resolve) => setImmediate(resolve));
    return seen.splice(0);
  };
}

/** What the in-memory server does with one request. */
export type Reply =
  | { kind: "response"; status: number; headers: [string, string][]; body: Uint8Array; chunks: number }
  | { kind: "body-breaks"; status: number; headers: [string, string][]; body: Uint8Array }
  | { kind: "fetch-rejects"; reason: unknown }
  | { kind: "not-a-response"; value: unknown };

const NULL_BODY_STATUSES = [204, 205, 304];

/** The Response (or failure) a Reply stands for, built afresh for each request. */
export async function answer(reply: Reply): Promise<Response> {
  if (reply.kind === "fetch-rejects") throw reply.reason;
  if (reply.kind === "not-a-response") return reply.value as Response;
  const { status, headers, body } = reply;
  // The body arrives in `chunks` pieces of (nearly) equal size, however the platform happens to split it.
  const chunkSize = Math.max(1, Math.ceil(body.byteLength / (reply.kind === "response" ? reply.chunks : 1)));
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      for (let at = 0; at < body.byteLength; at += chunkSize) controller.enqueue(body.subarray(at, at + chunkSize));
      if (reply.kind === "body-breaks") controller.error(new TypeError("terminated"));
      else controller.close();
    },
  });
  return new Response(NULL_BODY_STATUSES.includes(status) ? null : stream, { status, headers });
}

export type Operation = "exchange" | "standalone exchange" | "createAuthCode";
export const OPERATIONS: Operation[] = ["exchange", "standalone exchange", "createAuthCode"];
export const pathOf = (operation: Operation) => (operation === "createAuthCode" ? "/auth/keys/code" : "/auth/keys");

export interface Secrets {
  apiKey: string;
  code: string;
  verifier: string;
}

const DEFAULT_SECRETS: Secrets = {
  apiKey: "sk-or-v1-app-key-for-property-tests",
  code: "code-for-property-tests",
  verifier: "v".repeat(43),
};

/** Calls `operation` against a fetch that answers `reply`; returns how it settled and how many requests went out. */
export async function call(operation: Operation, reply: Reply, secrets: Secrets = DEFAULT_SECRETS) {
  let requests = 0;
  const fetch: FetchLike = async () => {
    requests++;
    return answer(reply);
  };
  const exchangeRequest = { code: secrets.code, code_verifier: secrets.verifier, code_challenge_method: "S256" as const };
  const pending: Promise<unknown> =
    operation === "standalone exchange"
      ? exchangeAuthCodeForAPIKey(exchangeRequest, { fetch, baseUrl: BASE_URL })
      : operation === "exchange"
        ? createOpenRouterOAuth({ apiKey: secrets.apiKey, fetch, baseUrl: BASE_URL }).exchangeAuthCodeForAPIKey(exchangeRequest)
        : createOpenRouterOAuth({ apiKey: secrets.apiKey, fetch, baseUrl: BASE_URL }).createAuthCode({
            callback_url: "http://127.0.0.1:3000/callback",
            code_challenge: secrets.verifier,
            code_challenge_method: "S256",
          });
  const outcome = await settle(pending);
  return { ...outcome, requests };
}

/** How a promise settled, failing the property if it does not settle at all within a generous bound. */
export async function settle<T>(pending: Promise<T>): Promise<{ data?: T; error?: unknown }> {
  let guard: ReturnType<typeof setTimeout> | undefined;
  const never = new Promise<never>((_, reject) => {
    guard = setTimeout(() => reject(new Error("the call did not settle within 10 s")), 10_000);
  });
  try {
    return { data: await Promise.race([pending, never]) };
  } catch (error) {
    expect((error as Error)?.message).not.toBe("the call did not settle within 10 s");
    return { error };
  } finally {
    clearTimeout(guard);
  }
}

// ---- arbitraries -------------------------------------------------------------------------------------------

const encoder = new TextEncoder();
export const utf8 = (text: string) => encoder.encode(text);

export const statusArb = fc.oneof(
  fc.integer({ min: 200, max: 599 }),
  fc.constantFrom(200, 201, 204, 205, 301, 302, 304, 307, 308, 400, 401, 403, 404, 405, 409, 429, 500, 502, 503, 504),
);

const headerValueArb = fc.oneof(
  // Any Latin-1 text a Response can carry (no control characters, which the platform refuses).
  fc.string({ unit: fc.integer({ min: 0x20, max: 0xff }).filter((c) => c !== 0x7f).map((c) => String.fromCharCode(c)), maxLength: 40 }),
  fc.constantFrom("0", "-1", "1", "120", "abc", "99999999999999999999", "Wed, 21 Oct 2015 07:28:00 GMT", "120, 5", "application/json", "text/html; charset=utf-8", "chunked"),
);

const headerNameArb = fc.oneof(
  fc.constantFrom("content-type", "content-length", "retry-after", "www-authenticate", "location", "set-cookie", "x-request-id", "content-encoding"),
  fc.string({ unit: fc.constantFrom(..."abcdefghijklmnopqrstuvwxyz0123456789-_!#$%&'*+.^`|~"), minLength: 1, maxLength: 20 }),
);

export const headersArb = fc.array(fc.tuple(headerNameArb, headerValueArb), { maxLength: 6 });

/** Bodies OpenRouter could send, well-formed or not, so that both valid and invalid shapes are common. */
const specShapedArb = fc.oneof(
  fc.record({ key: fc.oneof(fc.string(), fc.anything()), user_id: fc.oneof(fc.string(), fc.constant(null), fc.anything()) }, { requiredKeys: [] }),
  fc.record({
    data: fc.oneof(
      fc.record({ id: fc.oneof(fc.string(), fc.anything()), app_id: fc.oneof(fc.integer(), fc.anything()), created_at: fc.oneof(fc.string(), fc.anything()) }, { requiredKeys: [] }),
      fc.anything(),
    ),
  }),
  fc.record({
    error: fc.oneof(
      fc.record({ code: fc.oneof(fc.integer(), fc.anything()), message: fc.oneof(fc.string(), fc.anything()), metadata: fc.oneof(fc.constant(null), fc.object()) }, { requiredKeys: [] }),
      fc.anything(),
    ),
    user_id: fc.oneof(fc.string(), fc.constant(null)),
  }, { requiredKeys: ["error"] }),
);

const INVALID_UTF8 = [[0xff], [0xfe, 0xff], [0xc3, 0x28], [0x80], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82]];

/** Built once: large bodies are costly to make, and a property only needs a few of them. */
function bigBodies(): Uint8Array[] {
  const starts = ['{"key":"sk-or-v1-big","user_id":null,"pad":"', '{"data":{"id":"big","app_id":1,"created_at":"now"},"pad":"', '{"error":{"code":500,"message":"big"},"pad":"'];
  return [-1, 0, 1, BODY_LIMIT].flatMap((offset) =>
    starts.map((start) => {
      const bytes = new Uint8Array(BODY_LIMIT + offset).fill(0x61);
      bytes.set(utf8(start));
      bytes.set(utf8('"}'), bytes.byteLength - 2);
      return bytes;
    }),
  );
}

export const bodyArb: fc.Arbitrary<Uint8Array> = fc.oneof(
  { weight: 6, arbitrary: specShapedArb.map((value) => utf8(JSON.stringify(value))) },
  { weight: 3, arbitrary: fc.jsonValue().map((value) => utf8(JSON.stringify(value) ?? "")) },
  { weight: 2, arbitrary: fc.string({ unit: "binary" }).map(utf8) },
  { weight: 1, arbitrary: fc.constant(new Uint8Array()) },
  { weight: 2, arbitrary: fc.uint8Array({ maxLength: 300 }) },
  {
    weight: 2,
    arbitrary: fc
      .array(fc.oneof(fc.string().map(utf8), fc.constantFrom(...INVALID_UTF8).map((bytes) => Uint8Array.from(bytes))), { maxLength: 8 })
      .map((parts) => Uint8Array.from(parts.flatMap((part) => [...part]))),
  },
  // Around the client's bound: valid bodies padded to just under, at, just over and far over 1 MiB.
  { weight: 1, arbitrary: fc.constantFrom(...bigBodies()) },
);

export const replyArb: fc.Arbitrary<Reply> = fc.oneof(
  { weight: 12, arbitrary: fc.record({ kind: fc.constant("response" as const), status: statusArb, headers: headersArb, body: bodyArb, chunks: fc.integer({ min: 1, max: 16 }) }) },
  {
    // Statuses that carry a body, and no Content-Length: 0, so that the client reads the body that breaks.
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("body-breaks" as const),
      status: statusArb.filter((status) => !NULL_BODY_STATUSES.includes(status)),
      headers: headersArb.map((headers) => headers.filter(([name]) => name !== "content-length")),
      body: fc.uint8Array({ maxLength: 100 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("fetch-rejects" as const), reason: fc.oneof(fc.constant(new TypeError("fetch failed")), fc.anything()) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("not-a-response" as const), value: fc.anything() }) },
);
