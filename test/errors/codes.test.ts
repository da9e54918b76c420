// docs/errors-and-security.md's table of error codes, held to the code: every error class has a code from it, and
// every row is produced by the package itself, with the class the row names.
import { readFile, mkdtemp, rm, symlink } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import * as entry from "../../src/index.js";
import {
  APIError,
  AuthorizationDeniedError,
  BadRequestResponseError,
  ConflictResponseError,
  ConnectionError,
  createOpenRouterOAuth,
  exchangeAuthCodeForAPIKey,
  ForbiddenResponseError,
  InternalServerResponseError,
  InvalidRequestError,
  isOpenRouterOAuthError,
  OpenRouterOAuthError,
  parseCallback,
  RequestAbortedError,
  RequestTimeoutError,
  ResponseValidationError,
  ServiceUnavailableResponseError,
  SubjectTokenError,
  TooManyRequestsResponseError,
  UnauthorizedResponseError,
  type ErrorCode,
  type ErrorsByName,
  type FetchLike,
} from "../../src/index.js";
import { startLoopbackListener } from "../../src/node/index.js";
import { listenError } from "../../src/node/listener.js";
import { launch } from "../../src/node/open-browser.js";
import { loadJose } from "../../src/testing/jose.js";
import { fromEnv } from "../../src/workload/index.js";
import { parse, UsageError, type UsageErrorCode } from "../../src/cli/args.js";
import { LinkRefusedError, writeTarget } from "../../src/cli/write-target.js";
import { EXCHANGE_INPUT, rejectionOf } from "../support/fixtures.js";
import { testApp } from "../server/support.js";

const BASE_URL = "https://openrouter.test/api/v1";
const CALLBACK = "http://127.0.0.1:8484/callback";

/** A fetch that answers every request with `status` (and an empty JSON object). */
const answering = (status: number): FetchLike => () => Promise.resolve(Response.json({}, { status }));

/** getCurrentKey answered with `status`: every status has the same class for each operation but the exchange. */
const keyLookupAnswered = (status: number) =>
  createOpenRouterOAuth({ apiKey: "sk-or-v1-codes-test", baseUrl: BASE_URL, fetch: answering(status) }).getCurrentKey();

/** A listener on a port some other server already holds. */
async function portTaken() {
  const holder = createServer();
  await new Promise<void>((resolve) => holder.listen(0, "127.0.0.1", resolve));
  try {
    return await rejectionOf(startLoopbackListener({ port: (holder.address() as AddressInfo).port }));
  } finally {
    holder.close();
  }
}

/** The exchange, bounded by `timeoutMs` on a fake clock, sent to a server that never answers. */
async function exchangeTimedOut() {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
  try {
    const hanging: FetchLike = (request) => new Promise((_, reject) => request.signal.addEventListener("abort", () => reject(request.signal.reason)));
    const outcome = rejectionOf(exchangeAuthCodeForAPIKey(EXCHANGE_INPUT, { baseUrl: BASE_URL, fetch: hanging, timeoutMs: 1_000 }));
    await vi.advanceTimersByTimeAsync(1_000);
    return await outcome;
  } finally {
    vi.useRealTimers();
  }
}

// jose, as if it were not installed: nothing else here needs it.
vi.mock("jose", () => {
  throw new Error("Cannot find package 'jose'");
});

let work: string | undefined;
afterAll(() => work && rm(work, { recursive: true, force: true }));

/** A write through a link that points to nothing. */
async function danglingLink() {
  work ??= await mkdtemp(join(tmpdir(), "openrouter-oauth-codes-"));
  await symlink(join(work, "missing"), join(work, "key"));
  return rejectionOf(writeTarget(join(work, "key")));
}

/** Where each code comes from, in the package's own code, and the class it comes with. Type-checked to cover every code. */
const PRODUCED = {
  invalid_request: [InvalidRequestError, () => parseCallback("not a URL", { expectedState: "s" })],
  state_mismatch: [InvalidRequestError, () => parseCallback(`${CALLBACK}?state=another&code=c`, { expectedState: "mine" })],
  no_pending_sign_in: [InvalidRequestError, () => testApp().signIn.finish(new Request(`https://app.test/auth/openrouter/callback?state=s&code=c`))],
  port_in_use: [InvalidRequestError, portTaken],
  port_not_permitted: [InvalidRequestError, () => listenError(Object.assign(new Error("listen EACCES"), { code: "EACCES" }), 80, "127.0.0.1", "startLoopbackListener")],
  port_unavailable: [InvalidRequestError, () => listenError(Object.assign(new Error("listen EADDRNOTAVAIL"), { code: "EADDRNOTAVAIL" }), 8484, "127.0.0.1", "startLoopbackListener")],
  authorization_denied: [AuthorizationDeniedError, () => parseCallback(`${CALLBACK}?state=mine&error=access_denied`, { expectedState: "mine" })],
  connection_failed: [ConnectionError, () => exchangeAuthCodeForAPIKey(EXCHANGE_INPUT, { baseUrl: BASE_URL, fetch: () => Promise.reject(new TypeError("fetch failed")) })],
  timeout: [RequestTimeoutError, exchangeTimedOut],
  aborted: [RequestAbortedError, () => exchangeAuthCodeForAPIKey(EXCHANGE_INPUT, { baseUrl: BASE_URL, fetch: answering(200), signal: AbortSignal.abort() })],
  response_invalid: [ResponseValidationError, () => exchangeAuthCodeForAPIKey(EXCHANGE_INPUT, { baseUrl: BASE_URL, fetch: answering(200) })],
  subject_token_unavailable: [SubjectTokenError, () => fromEnv("OPENROUTER_CODES_TEST_JWT", { env: {} }).getToken()],
  bad_request: [BadRequestResponseError, () => keyLookupAnswered(400)],
  unauthorized: [UnauthorizedResponseError, () => keyLookupAnswered(401)],
  forbidden: [ForbiddenResponseError, () => keyLookupAnswered(403)],
  conflict: [ConflictResponseError, () => keyLookupAnswered(409)],
  too_many_requests: [TooManyRequestsResponseError, () => keyLookupAnswered(429)],
  internal_server_error: [InternalServerResponseError, () => keyLookupAnswered(500)],
  service_unavailable: [ServiceUnavailableResponseError, () => keyLookupAnswered(503)],
  api_error: [APIError, () => keyLookupAnswered(404)],
  browser_not_opened: [OpenRouterOAuthError, () => launch(join(tmpdir(), "openrouter-oauth-no-such-opener"), [], 2_147_483_647)],
  dependency_missing: [OpenRouterOAuthError, () => loadJose("createFakeIssuer")],
  unknown: [OpenRouterOAuthError, () => new OpenRouterOAuthError("made by an app, without a code")],
  invalid_usage: [UsageError, () => parse(["--bogus"], {})],
  link_refused: [LinkRefusedError, danglingLink],
} satisfies Record<ErrorCode | UsageErrorCode, [Function, () => unknown]>;

/** What `produce` threw, rejected with, or returned (an error made, not thrown). */
async function outcomeOf(produce: () => unknown): Promise<unknown> {
  try {
    return await produce();
  } catch (error) {
    return error;
  }
}

/** The rows of the table under "### Error codes": [code, class] as written. */
async function documentedRows(): Promise<[string, string][]> {
  const markdown = await readFile(new URL("../../docs/errors-and-security.md", import.meta.url), "utf8");
  const lines = markdown.slice(markdown.indexOf("### Error codes")).split("\n");
  const start = lines.findIndex((line) => line.startsWith("| code"));
  const end = lines.findIndex((line, index) => index > start && !line.startsWith("|"));
  return lines.slice(start + 2, end).map((row) => {
    const [code, cls] = row.slice(2, -2).split(" | ");
    return [/^`(\w+)`$/.exec(code!)![1]!, /^`(\w+)`/.exec(cls!)![1]!];
  });
}

const rows = await documentedRows();
const documented = new Set(rows.map(([code]) => code));

describe("docs/errors-and-security.md's error codes", () => {
  it("has a row for each code, and each code once", () => {
    expect(rows.map(([code]) => code).sort()).toEqual(Object.keys(PRODUCED).sort());
  });

  it.each(rows)("%s is produced by the package, as a %s", async (code, className) => {
    const [cls, produce] = PRODUCED[code as keyof typeof PRODUCED];
    const error = await outcomeOf(produce);
    expect(cls.name).toBe(className);
    expect(error).toBeInstanceOf(cls);
    expect((error as { code?: unknown }).code).toBe(code);
  });
});

describe("every error class", () => {
  const details = { operation: "getCurrentKey" as const, status: 418, headers: {} };
  // Each exported class made as an app or a test would, with nothing but what its constructor needs.
  const made: Record<keyof ErrorsByName, Error> = {
    OpenRouterOAuthError: new OpenRouterOAuthError("m"),
    APIError: new APIError("m", details),
    BadRequestResponseError: new BadRequestResponseError("m", details),
    UnauthorizedResponseError: new UnauthorizedResponseError("m", details),
    ForbiddenResponseError: new ForbiddenResponseError("m", details),
    ConflictResponseError: new ConflictResponseError("m", details),
    TooManyRequestsResponseError: new TooManyRequestsResponseError("m", details),
    InternalServerResponseError: new InternalServerResponseError("m", details),
    ServiceUnavailableResponseError: new ServiceUnavailableResponseError("m", details),
    ConnectionError: new ConnectionError("m"),
    RequestTimeoutError: new RequestTimeoutError("m"),
    RequestAbortedError: new RequestAbortedError("m"),
    ResponseValidationError: new ResponseValidationError("m"),
    InvalidRequestError: new InvalidRequestError("m"),
    AuthorizationDeniedError: new AuthorizationDeniedError("access_denied"),
    SubjectTokenError: new SubjectTokenError("m"),
  };
  const cli = { UsageError: new UsageError("m"), LinkRefusedError: new LinkRefusedError("a", "b", "dangling") };

  it("is covered here: every error class the package exports", () => {
    const exported = Object.entries(entry).filter(([, value]) => typeof value === "function" && value.prototype instanceof Error);
    expect(exported.map(([name]) => name).sort()).toEqual(Object.keys(made).sort());
  });

  it.each(Object.entries({ ...made, ...cli }))("%s has a documented code, as an own property", (name, error) => {
    expect(documented.has((error as { code: string }).code), `${name}'s code ${(error as { code: string }).code}`).toBe(true);
    expect(Object.keys(error)).toContain("code");
  });

  it("each class has the code its row names, when it is made without one", () => {
    for (const [name, error] of Object.entries({ ...made, ...cli })) {
      const row = rows.find(([code, cls]) => cls === name && code === (error as { code: string }).code);
      expect(row, `${name} has no row for its code`).toBeDefined();
    }
  });
});
