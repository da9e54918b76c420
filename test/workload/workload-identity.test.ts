// createWorkloadIdentity end to end through a scripted fetch: what each exchange sends, the subject token read
// afresh, the default retries and their bound, the errors' secrets, and the fetch that carries the bearer.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { BadRequestResponseError, InvalidRequestError, ResponseValidationError, ServiceUnavailableResponseError, SubjectTokenError, type FetchLike } from "../../src/index.js";
import { createWorkloadIdentity, fromFile, type WorkloadIdentityOptions } from "../../src/workload/index.js";
import { expectNoSecretIn, rejectionOf, thrownBy } from "../support/fixtures.js";
import { jwt } from "./stand-in.js";

const BASE_URL = "https://openrouter.test/api/v1";
const POLICY = "4b2f7d1e-8c3a-4e5f-9a6b-1c2d3e4f5a6b";
const SUBJECT = jwt({ sub: "repo:acme/app:ref:refs/heads/main", exp: 4_102_444_800, marker: "subject-secret-7c1d" });
const ACCESS = (n: number) => `eyJhbGciOiJFUzI1NiJ9.eyJhY2Nlc3MiOiR7bn19.access-token-secret-${n}`;

type Step = Response | Error;
const granted = (n: number, expiresIn = 900) =>
  Response.json(
    { access_token: ACCESS(n), expires_in: expiresIn, issued_token_type: "urn:ietf:params:oauth:token-type:access_token", scope: "inference", token_type: "Bearer" },
    { headers: { "cache-control": "no-store" } },
  );
const oauthError = (status: number, error: string, description = "no", headers: Record<string, string> = {}) =>
  Response.json({ error, error_description: description }, { status, headers });
const reset = () => new TypeError("fetch failed", { cause: Object.assign(new Error("other side closed"), { code: "UND_ERR_SOCKET" }) });

/** A fetch that answers /oauth/token with `steps` in turn (the last repeats) and anything else with `other`. */
function scripted(steps: (() => Step)[], other: (request: Request) => Response | Promise<Response> = () => new Response("ok")) {
  const exchanges: URLSearchParams[] = [];
  const elsewhere: Request[] = [];
  const fetch: FetchLike = async (request) => {
    if (new URL(request.url).pathname.endsWith("/oauth/token")) {
      exchanges.push(new URLSearchParams(await request.text()));
      const step = steps[Math.min(exchanges.length, steps.length) - 1]!();
      if (step instanceof Error) throw step;
      return step;
    }
    elsewhere.push(request);
    return other(request);
  };
  return { fetch, exchanges, elsewhere };
}

const identity = (fetch: FetchLike, options: Partial<WorkloadIdentityOptions> = {}) =>
  createWorkloadIdentity({ federationPolicyId: POLICY, subjectToken: SUBJECT, baseUrl: BASE_URL, fetch, ...options });

afterEach(() => vi.useRealTimers());

describe("createWorkloadIdentity's exchange", () => {
  it("sends the policy's id and the subject token, trimmed, and gives the access token", async () => {
    const server = scripted([() => granted(1)]);
    const wi = identity(server.fetch, { subjectToken: `  ${SUBJECT}\n`, scope: "inference" });
    expect(await wi.getAccessToken()).toBe(ACCESS(1));
    expect(server.exchanges).toHaveLength(1);
    expect(server.exchanges[0]!.get("federation_policy_id")).toBe(POLICY);
    expect(server.exchanges[0]!.get("subject_token")).toBe(SUBJECT);
    expect(server.exchanges[0]!.get("scope")).toBe("inference");
  });

  it("works unbound, as an SDK calls its apiKey function", async () => {
    const { getAccessToken } = identity(scripted([() => granted(1)]).fetch);
    expect(await getAccessToken()).toBe(ACCESS(1));
  });

  it("reads the subject token again for every exchange", async () => {
    const server = scripted([() => granted(1, 2), () => granted(2)]);
    let n = 0;
    const wi = identity(server.fetch, { subjectToken: async () => jwt({ n: ++n }) });
    await wi.getAccessToken();
    wi.invalidate(ACCESS(1));
    await wi.getAccessToken();
    expect(server.exchanges.map((body) => body.get("subject_token"))).toEqual([jwt({ n: 1 }), jwt({ n: 2 })]);
  });

  it("picks up a token file rotated between two exchanges", async () => {
    const dir = await mkdtemp(join(tmpdir(), "openrouter-oauth-rotated-"));
    try {
      const file = join(dir, "token");
      await writeFile(file, `${jwt({ n: 1 })}\n`);
      const server = scripted([() => granted(1, 2), () => granted(2)]);
      const wi = identity(server.fetch, { subjectToken: fromFile(file) });
      await wi.getAccessToken();
      // The kubelet writes a new token; the held access token is then refused.
      await writeFile(file, `${jwt({ n: 2 })}\n`);
      wi.invalidate(ACCESS(1));
      expect(await wi.getAccessToken()).toBe(ACCESS(2));
      expect(server.exchanges.map((body) => body.get("subject_token"))).toEqual([jwt({ n: 1 }), jwt({ n: 2 })]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("refuses an empty or failing subject token with a SubjectTokenError naming its source, sending nothing", async () => {
    const server = scripted([() => granted(1)]);
    const cases: [WorkloadIdentityOptions["subjectToken"], string][] = [
      [" \n", "the subjectToken string"],
      [async () => "", "the subjectToken function"],
      [async () => Promise.reject(new Error("no provider")), "the subjectToken function"],
      [{ getToken: async () => 42 as never }, "subjectToken.getToken()"],
    ];
    for (const [subjectToken, source] of cases) {
      const error = await rejectionOf(identity(server.fetch, { subjectToken }).getAccessToken());
      expect(error).toBeInstanceOf(SubjectTokenError);
      expect(error.source).toBe(source);
    }
    expect(server.exchanges).toHaveLength(0);
  });

  it("retries 429, 500 and 503 by default, and a connection lost after the request left", async () => {
    // The backoffs between attempts pass on a clock of the test's own.
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date", "performance"] });
    const server = scripted([() => oauthError(503, "temporarily_unavailable"), () => oauthError(500, "server_error"), () => granted(1)]);
    const first = identity(server.fetch).getAccessToken();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(await first).toBe(ACCESS(1));
    expect(server.exchanges).toHaveLength(3);
    const lost = scripted([reset, () => oauthError(429, "temporarily_unavailable", "no", { "retry-after": "0" }), () => granted(2)]);
    const second = identity(lost.fetch).getAccessToken();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(await second).toBe(ACCESS(2));
    expect(lost.exchanges).toHaveLength(3);
  });

  it("stops after three attempts, and never retries a refused JWT", async () => {
    // The backoffs between attempts pass on a clock of the test's own.
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date", "performance"] });
    const busy = scripted([() => oauthError(503, "temporarily_unavailable")]);
    const pending = identity(busy.fetch).getAccessToken().catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(await pending).toBeInstanceOf(ServiceUnavailableResponseError);
    expect(await pending).toMatchObject({ status: 503, operation: "createOauthToken", oauthError: "temporarily_unavailable" });
    expect(busy.exchanges).toHaveLength(3);
    const refused = scripted([() => oauthError(400, "invalid_grant")]);
    const error = await rejectionOf(identity(refused.fetch).getAccessToken());
    expect(error).toBeInstanceOf(BadRequestResponseError);
    expect(error).toMatchObject({ status: 400, operation: "createOauthToken", oauthError: "invalid_grant" });
    expect(refused.exchanges).toHaveLength(1);
  });

  it("does not retry when retry is false", async () => {
    const server = scripted([() => oauthError(503, "temporarily_unavailable"), () => granted(1)]);
    const error = await rejectionOf(identity(server.fetch, { retry: false }).getAccessToken());
    expect(error).toBeInstanceOf(ServiceUnavailableResponseError);
    expect(error.status).toBe(503);
    expect(server.exchanges).toHaveLength(1);
  });

  it("never retries past the subject JWT's expiry", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date", "performance"] });
    const server = scripted([() => oauthError(503, "temporarily_unavailable", "no", { "retry-after": "2" }), () => granted(1)]);
    const expiring = jwt({ sub: "s", exp: Math.floor(Date.now() / 1000) + 1 });
    const pending = identity(server.fetch, { subjectToken: expiring }).getAccessToken().catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(await pending).toBeInstanceOf(ServiceUnavailableResponseError);
    expect(await pending).toMatchObject({ status: 503, retryAfterMs: 2000 });
    expect(server.exchanges).toHaveLength(1);
    // The same answer, for a JWT that lives on, is retried after its Retry-After.
    const later = identity(server.fetch).getAccessToken();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(await later).toBe(ACCESS(1));
  });

  it.each([0, -1, -(2 ** 53 - 1), 1.5, 0.25])("refuses an answer whose expires_in is %d, and holds nothing", async (expiresIn) => {
    const server = scripted([() => granted(1, expiresIn), () => granted(2)]);
    const wi = identity(server.fetch);
    const err = await rejectionOf(wi.getAccessToken());
    expect(err).toBeInstanceOf(ResponseValidationError);
    expect(err.field).toBe("expires_in");
    expect(await wi.getAccessToken()).toBe(ACCESS(2));
  });

  it.each([1e16, 2 ** 53 - 1])("holds a token whose expires_in is %d for 15 minutes at most, then exchanges again", async (expiresIn) => {
    // The clock the cache counts on (performance.now) is the test's.
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date", "performance"] });
    const server = scripted([() => granted(1, expiresIn), () => granted(2, expiresIn)]);
    const wi = identity(server.fetch, { refreshBeforeSeconds: 0 });
    expect(await wi.getAccessToken()).toBe(ACCESS(1));
    await vi.advanceTimersByTimeAsync(899_999);
    expect(await wi.getAccessToken()).toBe(ACCESS(1));
    expect(server.exchanges).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(await wi.getAccessToken()).toBe(ACCESS(2));
    expect(server.exchanges).toHaveLength(2);
  });

  it("never prints the subject token or the access token in an error, its causes included", async () => {
    // A fetch that fails quoting the request: only the subject token can be in it, as no access token came back.
    const echo = JSON.stringify({ subject_token: SUBJECT });
    const failures: (() => Step)[] = [
      () => oauthError(400, "invalid_grant", `rejected ${SUBJECT}`),
      () => Response.json({ access_token: ACCESS(1), expires_in: -1 }),
      () => new TypeError(`fetch failed for ${echo}`, { cause: Object.assign(new Error(`socket ${echo}`), { code: "ECONNRESET" }) }),
    ];
    for (const failure of failures) {
      const error = await rejectionOf(identity(scripted([failure]).fetch, { retry: false }).getAccessToken());
      for (let link: unknown = error; link; link = (link as Error).cause) {
        expectNoSecretIn(link, { "subject token": SUBJECT, "access token": ACCESS(1), "encoded subject token": encodeURIComponent(SUBJECT) });
      }
    }
    const sourceError = await rejectionOf(identity(scripted([() => granted(1)]).fetch, { subjectToken: async () => Promise.reject(new Error("nope")) }).getAccessToken());
    expectNoSecretIn(sourceError, { "subject token": SUBJECT });
  });

  it("refuses unknown options, an API key, and bad values when made", () => {
    const fetch = scripted([() => granted(1)]).fetch;
    const misspelt = thrownBy(() => identity(fetch, { federationPolicyID: POLICY } as never), InvalidRequestError);
    expect(misspelt.field).toBe("federationPolicyID");
    // The suggestion is what the person reads to fix it.
    expect(misspelt.message).toContain('unknown option "federationPolicyID" (did you mean "federationPolicyId"?)');
    expect(thrownBy(() => identity(fetch, { apiKey: "sk-or-v1-x" } as never), InvalidRequestError).field).toBe("apiKey");
    expect(thrownBy(() => identity(fetch, { federationPolicyId: "" }), InvalidRequestError).field).toBe("federationPolicyId");
    expect(thrownBy(() => identity(fetch, { subjectToken: 42 as never }), InvalidRequestError).field).toBe("subjectToken");
    expect(thrownBy(() => identity(fetch, { refreshBeforeSeconds: -1 }), InvalidRequestError).field).toBe("refreshBeforeSeconds");
    expect(thrownBy(() => identity(fetch, { scope: "admin" as never }), InvalidRequestError).field).toBe("scope");
    expect(thrownBy(() => identity(fetch, { retry: { attempts: 0 } }), InvalidRequestError).field).toBe("retry");
    expect(thrownBy(() => identity(fetch, { baseUrl: "openrouter.ai" }), InvalidRequestError).field).toBe("baseUrl");
  });

  it("refuses a signal that is no AbortSignal, exchanging nothing", async () => {
    const server = scripted([() => granted(1)]);
    const error = await rejectionOf(identity(server.fetch).getAccessToken({ signal: 42 as never }));
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect(error.field).toBe("signal");
    expect(server.exchanges).toHaveLength(0);
  });
});

describe("createWorkloadIdentity's fetch", () => {
  it("adds the bearer to requests for baseUrl's origin, one exchange for all", async () => {
    const server = scripted([() => granted(1)]);
    const wi = identity(server.fetch);
    await Promise.all([wi.fetch(`${BASE_URL}/key`), wi.fetch(new Request(`${BASE_URL}/models`))]);
    expect(server.elsewhere.map((request) => request.headers.get("authorization"))).toEqual([`Bearer ${ACCESS(1)}`, `Bearer ${ACCESS(1)}`]);
    expect(server.exchanges).toHaveLength(1);
  });

  it("leaves requests for other origins alone, and exchanges nothing for them", async () => {
    const server = scripted([() => granted(1)]);
    const wi = identity(server.fetch);
    await wi.fetch("https://openrouter.test.evil.example/api/v1/key");
    await wi.fetch("http://openrouter.test/api/v1/key");
    expect(server.elsewhere.map((request) => request.headers.get("authorization"))).toEqual([null, null]);
    expect(server.exchanges).toHaveLength(0);
  });

  it("replaces an Authorization the client set for OpenRouter's origin (a placeholder key) with its bearer", async () => {
    const server = scripted([() => granted(1)]);
    const wi = identity(server.fetch);
    await wi.fetch(`${BASE_URL}/key`, { headers: { authorization: "Bearer placeholder" } });
    await wi.fetch(new Request(`${BASE_URL}/chat/completions`, { method: "POST", headers: { Authorization: "Bearer sk-or-v1-own" }, body: "{}" }));
    expect(server.elsewhere.map((request) => request.headers.get("authorization"))).toEqual([`Bearer ${ACCESS(1)}`, `Bearer ${ACCESS(1)}`]);
    expect(server.exchanges).toHaveLength(1);
  });

  it("leaves the Authorization of a request for another origin as it is", async () => {
    const server = scripted([() => granted(1)]);
    await identity(server.fetch).fetch("https://elsewhere.test/api", { headers: { authorization: "Bearer their-own" } });
    expect(server.elsewhere[0]!.headers.get("authorization")).toBe("Bearer their-own");
    expect(server.exchanges).toHaveLength(0);
  });

  it("invalidates the token a request carried when it is answered 401, without sending the request again", async () => {
    let status = 401;
    const server = scripted([() => granted(1), () => granted(2)], () => new Response(null, { status }));
    const wi = identity(server.fetch);
    // A streamed body cannot be replayed; it need not be.
    const body = new ReadableStream({ start: (controller) => (controller.enqueue(new TextEncoder().encode("{}")), controller.close()) });
    const refused = await wi.fetch(`${BASE_URL}/chat/completions`, { method: "POST", body, duplex: "half" } as RequestInit);
    expect(refused.status).toBe(401);
    expect(server.elsewhere).toHaveLength(1);
    status = 200;
    await wi.fetch(`${BASE_URL}/key`);
    expect(server.elsewhere[1]!.headers.get("authorization")).toBe(`Bearer ${ACCESS(2)}`);
    expect(server.exchanges).toHaveLength(2);
  });

  it("keeps a newer token when a request that carried an older one is answered 401", async () => {
    let answerSlow: ((response: Response) => void) | undefined;
    let slowArrived!: () => void;
    const arrived = new Promise<void>((resolve) => (slowArrived = resolve));
    const server = scripted([() => granted(1), () => granted(2)], (request) => {
      if (!request.url.endsWith("/slow")) return new Response("ok");
      slowArrived();
      return new Promise<Response>((resolve) => (answerSlow = resolve));
    });
    const wi = identity(server.fetch);
    const slow = wi.fetch(`${BASE_URL}/slow`);
    await arrived;
    // Meanwhile token 1 is dropped and token 2 is held; then the slow request, sent with token 1, is refused.
    wi.invalidate(ACCESS(1));
    await wi.fetch(`${BASE_URL}/key`);
    answerSlow!(new Response(null, { status: 401 }));
    expect((await slow).status).toBe(401);
    expect(await wi.getAccessToken()).toBe(ACCESS(2));
    expect(server.exchanges).toHaveLength(2);
  });

  it("passes a failure of the underlying fetch through as fetch would, and refuses what is no request", async () => {
    const failure = new TypeError("fetch failed");
    const failing: FetchLike = async (request) => {
      if (request.url.endsWith("/oauth/token")) return granted(1);
      throw failure;
    };
    const wi = identity(failing);
    await expect(wi.fetch(`${BASE_URL}/key`)).rejects.toBe(failure);
    const refused = await rejectionOf(wi.fetch("not a url"));
    expect(refused).toBeInstanceOf(InvalidRequestError);
    expect(refused.field).toBe("input");
  });
});
