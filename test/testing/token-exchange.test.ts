// The fake's workload identity, through the real client: POST /oauth/token checks a JWT as OpenRouter does and
// answers with RFC 6749's codes; an access token it mints verifies against its GET /oauth/jwks and works as the
// policy's key for GET /key until it expires. Every answer is validated against our spec (checked.ts).
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify, SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import {
  BadRequestResponseError,
  createOauthToken,
  createOpenRouterOAuth,
  getCurrentKey,
  InternalServerResponseError,
  InvalidRequestError,
  listOauthJwks,
  maskKey,
  ServiceUnavailableResponseError,
  TooManyRequestsResponseError,
  UnauthorizedResponseError,
} from "../../src/index.js";
import { ACCESS_TOKEN_MAX_SECONDS, createFakeIssuer, createFakeOpenRouter, type FakeIssuer } from "../../src/testing/index.js";
import { rejectionOf, thrownBy } from "../support/fixtures.js";
import { checkedFake, ORIGIN } from "./checked.js";

const BASE_URL = `${ORIGIN}/api/v1`;
const ISSUER = "https://token.actions.example";
const SUBJECT = "repo:example/app:ref:refs/heads/main";
const AUDIENCE = "https://openrouter.ai";
const POLICY_ID = "4b2f7d1e-8c3a-4e5f-9a6b-1c2d3e4f5a6b";
const START = Date.UTC(2030, 0, 1);

/** A fake with one issuer and one policy for it, on a clock the test moves by hand. */
async function workloadFake() {
  const clock = { now: START };
  const now = () => clock.now;
  const issuer = createFakeIssuer({ issuer: ISSUER, now });
  const { fake, fetch } = checkedFake({
    now,
    workloadIdentity: { issuers: [issuer], policies: [{ id: POLICY_ID, issuer: ISSUER, subject: SUBJECT, audience: AUDIENCE }] },
  });
  const exchange = (subject_token: string, federation_policy_id = POLICY_ID) =>
    createOauthToken({ federation_policy_id, subject_token }, { baseUrl: BASE_URL, fetch });
  const jwt = (claims: Record<string, unknown> = {}) => issuer.sign({ sub: SUBJECT, aud: AUDIENCE, ...claims });
  return { fake, fetch, clock, issuer, exchange, jwt };
}

/** Sends the form `fields` (pairs, so that one may repeat) to the fake's /oauth/token as it is. */
async function postForm(fetch: (request: Request) => Promise<Response>, fields: [string, string][], contentType = "application/x-www-form-urlencoded") {
  const response = await fetch(new Request(`${BASE_URL}/oauth/token`, { method: "POST", headers: { "content-type": contentType }, body: new URLSearchParams(fields).toString() }));
  return { status: response.status, body: (await response.json()) as { error: string; error_description: string } };
}

const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");

/** The RFC 6749 refusal a call ended with: its class, its code and its description. */
async function refusal(call: Promise<unknown>) {
  const err = await rejectionOf(call);
  expect(err).toBeInstanceOf(BadRequestResponseError);
  return { code: err.oauthError as string, description: err.oauthErrorDescription as string };
}

describe("the fake's token exchange, for a JWT its policy accepts", () => {
  it("answers an access token, lifetime and all, never to be cached", async () => {
    const { fetch, jwt } = await workloadFake();
    const token = await jwt();
    const response = await fetch(new Request(`${BASE_URL}/oauth/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ grant_type: "urn:ietf:params:oauth:grant-type:token-exchange", subject_token_type: "urn:ietf:params:oauth:token-type:jwt", federation_policy_id: POLICY_ID, subject_token: token }),
    }));
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.json()).toEqual({
      access_token: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
      expires_in: 300,
      issued_token_type: "urn:ietf:params:oauth:token-type:access_token",
      scope: "inference",
      token_type: "Bearer",
    });
  });

  it("counts each exchange in calls.createOauthToken, refused ones included", async () => {
    const { fake, exchange, jwt } = await workloadFake();
    await exchange(await jwt());
    await rejectionOf(exchange(await jwt({ sub: "someone else" })));
    expect(fake.calls.createOauthToken).toBe(2);
  });

  it(`gives a token of at most ${ACCESS_TOKEN_MAX_SECONDS} s for a JWT that lives an hour`, async () => {
    const { exchange, jwt } = await workloadFake();
    expect((await exchange(await jwt({ expiresInSeconds: 3600 }))).expires_in).toBe(900);
  });

  it("never gives a token that outlives the JWT", async () => {
    const { clock, exchange, jwt } = await workloadFake();
    const token = await jwt({ expiresInSeconds: 300 });
    clock.now += 180_000;
    expect((await exchange(token)).expires_in).toBe(120);
  });

  it("exchanges the same JWT again, as the exchange is not single-use", async () => {
    const { exchange, jwt } = await workloadFake();
    const token = await jwt();
    const [first, second] = [await exchange(token), await exchange(token)];
    expect(first.access_token).not.toBe(second.access_token);
  });

  it("accepts a JWT whose aud is a list holding the policy's audience", async () => {
    const { exchange, jwt } = await workloadFake();
    expect((await exchange(await jwt({ aud: ["https://other.example", AUDIENCE] }))).token_type).toBe("Bearer");
  });

  it("mints an ES256 JWT that verifies against its own GET /oauth/jwks, not the issuer's", async () => {
    const { fetch, issuer, exchange, jwt } = await workloadFake();
    const { access_token } = await exchange(await jwt());
    const jwks = await listOauthJwks({ baseUrl: BASE_URL, fetch });
    expect(jwks.keys).toEqual([expect.objectContaining({ kty: "EC", crv: "P-256", alg: "ES256", use: "sig" })]);
    expect(decodeProtectedHeader(access_token)).toMatchObject({ alg: "ES256", kid: jwks.keys[0]!.kid });
    const { payload } = await jwtVerify(access_token, createLocalJWKSet(jwks), { algorithms: ["ES256"], currentDate: new Date(START) });
    expect(payload).toMatchObject({ sub: SUBJECT, scope: "inference", exp: START / 1000 + 300 });
    await expect(jwtVerify(access_token, createLocalJWKSet((await issuer.jwks()) as never), { currentDate: new Date(START) })).rejects.toMatchObject({ code: "ERR_JWKS_NO_MATCHING_KEY" });
  });

  it("lets the access token act as the policy's key: GET /key answers for it until it expires, then 401", async () => {
    const { fetch, clock, exchange, jwt } = await workloadFake();
    const { access_token, expires_in } = await exchange(await jwt());
    const { data } = await getCurrentKey({ apiKey: access_token, baseUrl: BASE_URL, fetch });
    expect(data.label).toBe(maskKey(access_token));
    expect(data.expires_at).toBe(new Date(START + expires_in * 1000).toISOString());
    clock.now += expires_in * 1000 - 1;
    await getCurrentKey({ apiKey: access_token, baseUrl: BASE_URL, fetch });
    clock.now += 1;
    await expect(getCurrentKey({ apiKey: access_token, baseUrl: BASE_URL, fetch })).rejects.toBeInstanceOf(UnauthorizedResponseError);
  });

  it("is reached through createOpenRouterOAuth too, with no key sent", async () => {
    const { jwt, fake } = await workloadFake();
    const seen: Request[] = [];
    const oauth = createOpenRouterOAuth({ apiKey: "sk-or-v1-fake-app-key", baseUrl: BASE_URL, fetch: (request) => (seen.push(request.clone()), fake.fetch(request)) });
    expect((await oauth.createOauthToken({ federation_policy_id: POLICY_ID, subject_token: await jwt() })).scope).toBe("inference");
    expect(seen[0]!.headers.has("authorization")).toBe(false);
  });
});

describe("the fake's refusals of a JWT: invalid_grant", () => {
  it.each([
    ["a JWT signed by another key of the same issuer URL", "signature does not verify", async (f: Awaited<ReturnType<typeof workloadFake>>) =>
      createFakeIssuer({ issuer: ISSUER, now: () => f.clock.now }).sign({ sub: SUBJECT, aud: AUDIENCE })],
    ["a JWT of another iss, signed by the right key", "iss is not the policy's issuer", (f: Awaited<ReturnType<typeof workloadFake>>) => f.jwt({ iss: "https://elsewhere.example" })],
    ["a JWT of another aud", "aud does not include the policy's audience", (f: Awaited<ReturnType<typeof workloadFake>>) => f.jwt({ aud: "https://api.openai.com" })],
    ["a JWT whose sub only starts with the policy's", "sub is not the policy's subject", (f: Awaited<ReturnType<typeof workloadFake>>) => f.jwt({ sub: `${SUBJECT}:extra` })],
    ["a JWT whose sub differs in case", "sub is not the policy's subject", (f: Awaited<ReturnType<typeof workloadFake>>) => f.jwt({ sub: SUBJECT.toUpperCase() })],
    ["an expired JWT", "has expired", (f: Awaited<ReturnType<typeof workloadFake>>) => f.jwt({ expiresInSeconds: -1 })],
    ["a JWT that expires this very second", "has expired", (f: Awaited<ReturnType<typeof workloadFake>>) => f.jwt({ expiresInSeconds: 0 })],
    ["a JWT without exp", "no valid exp", (f: Awaited<ReturnType<typeof workloadFake>>) => f.jwt({ exp: undefined })],
    ["a JWT whose nbf is in the future", "not valid yet (nbf)", (f: Awaited<ReturnType<typeof workloadFake>>) => f.jwt({ nbf: START / 1000 + 60 })],
    ["a JWT whose iat is in the future", "issued in the future (iat)", (f: Awaited<ReturnType<typeof workloadFake>>) => f.jwt({ iat: START / 1000 + 60, exp: START / 1000 + 600 })],
    ["an unsigned JWT (alg none)", "algorithm is not accepted", async () =>
      `${base64url({ alg: "none", typ: "JWT" })}.${base64url({ iss: ISSUER, sub: SUBJECT, aud: AUDIENCE, exp: START / 1000 + 300 })}.`],
    ["an HMAC-signed JWT (HS256)", "algorithm is not accepted", () =>
      new SignJWT({ iss: ISSUER, sub: SUBJECT, aud: AUDIENCE, exp: START / 1000 + 300 }).setProtectedHeader({ alg: "HS256" }).sign(new TextEncoder().encode("a shared secret of 32 bytes!!!!!"))],
    ["a JWT whose payload was changed after signing", "signature does not verify", async (f: Awaited<ReturnType<typeof workloadFake>>) => {
      const [header, , signature] = (await f.jwt({ sub: "repo:other/app" })).split(".");
      return `${header}.${base64url({ iss: ISSUER, sub: SUBJECT, aud: AUDIENCE, exp: START / 1000 + 300 })}.${signature}`;
    }],
    ["something shaped like a JWT that is none", "is not a JWT", async () => "abc.def.ghi"],
  ])("refuses %s", async (_, says, make) => {
    const f = await workloadFake();
    const { code, description } = await refusal(f.exchange(await make(f)));
    expect(code).toBe("invalid_grant");
    expect(description).toContain(says);
  });

  it("refuses a federation_policy_id it does not know", async () => {
    const { exchange, jwt } = await workloadFake();
    expect(await refusal(exchange(await jwt(), "7c1e0b8a-0000-4000-8000-000000000000"))).toEqual({ code: "invalid_grant", description: "No federation policy has this id" });
  });

  it("says in the error's message what to fix", async () => {
    const { exchange, jwt } = await workloadFake();
    const err = await rejectionOf(exchange(await jwt({ aud: "https://api.openai.com" })));
    expect(err.message).toContain("iss, sub or aud matches no federation policy");
  });

  it("refuses every exchange when it was given no workload identity", async () => {
    const fake = createFakeOpenRouter();
    const { jwt } = await workloadFake();
    expect(await refusal(createOauthToken({ federation_policy_id: POLICY_ID, subject_token: await jwt() }, { baseUrl: BASE_URL, fetch: fake.fetch })))
      .toMatchObject({ code: "invalid_grant" });
  });
});

describe("the fake's refusals of a request", () => {
  /** A valid exchange's fields, but for its JWT, which no issuer signed: enough for the refusals that come first. */
  const valid = async (): Promise<[string, string][]> => [
      ["grant_type", "urn:ietf:params:oauth:grant-type:token-exchange"],
      ["subject_token_type", "urn:ietf:params:oauth:token-type:jwt"],
      ["federation_policy_id", POLICY_ID],
      ["subject_token", "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln"],
    ];

  it.each(["grant_type", "subject_token_type", "federation_policy_id", "subject_token"])("answers invalid_request when %s is missing", async (name) => {
    const { fetch } = await workloadFake();
    const { status, body } = await postForm(fetch, (await valid()).filter(([field]) => field !== name));
    expect(status).toBe(400);
    expect(body).toEqual({ error: "invalid_request", error_description: `${name} is required` });
  });

  it.each(["grant_type", "federation_policy_id", "subject_token", "scope"])("answers invalid_request when %s is sent twice", async (name) => {
    const { fetch } = await workloadFake();
    const fields = [...(await valid()), ["scope", "inference"] as [string, string]];
    const { status, body } = await postForm(fetch, [...fields, fields.find(([field]) => field === name)!]);
    expect(status).toBe(400);
    expect(body).toEqual({ error: "invalid_request", error_description: `The parameter ${name} was sent more than once` });
  });

  it("answers unsupported_grant_type for another grant", async () => {
    const { fetch } = await workloadFake();
    const fields = (await valid()).map(([name, value]): [string, string] => [name, name === "grant_type" ? "client_credentials" : value]);
    expect(await postForm(fetch, fields)).toMatchObject({ status: 400, body: { error: "unsupported_grant_type" } });
  });

  it.each(["admin", "inference openid", ""])("answers invalid_scope for the scope %j", async (scope) => {
    const { fetch } = await workloadFake();
    expect(await postForm(fetch, [...(await valid()), ["scope", scope]])).toMatchObject({ status: 400, body: { error: "invalid_scope" } });
  });

  it("answers invalid_request for another subject_token_type or requested_token_type", async () => {
    const { fetch } = await workloadFake();
    const fields = await valid();
    const idToken = fields.map(([name, value]): [string, string] => [name, name === "subject_token_type" ? "urn:ietf:params:oauth:token-type:id_token" : value]);
    expect(await postForm(fetch, idToken)).toMatchObject({ status: 400, body: { error: "invalid_request" } });
    expect(await postForm(fetch, [...fields, ["requested_token_type", "urn:ietf:params:oauth:token-type:refresh_token"]])).toMatchObject({ status: 400, body: { error: "invalid_request" } });
  });

  it("answers invalid_request for a JSON body", async () => {
    const { fetch } = await workloadFake();
    expect(await postForm(fetch, await valid(), "application/json")).toMatchObject({ status: 400, body: { error: "invalid_request" } });
  });

  it("ignores a parameter it does not know, as RFC 6749 says", async () => {
    const { fetch, jwt } = await workloadFake();
    const fields = (await valid()).filter(([name]) => name !== "subject_token");
    expect((await postForm(fetch, [...fields, ["subject_token", await jwt()], ["audience", "x"]])).status).toBe(200);
  });
});

describe("the fake's failNext for the token exchange", () => {
  it.each([
    [429, TooManyRequestsResponseError, "temporarily_unavailable"],
    [500, InternalServerResponseError, "server_error"],
    [503, ServiceUnavailableResponseError, "temporarily_unavailable"],
  ] as const)("answers %i in RFC 6749's shape, once", async (status, cls, code) => {
    const { fake, exchange, jwt } = await workloadFake();
    fake.failNext("createOauthToken", status);
    const err = await rejectionOf(exchange(await jwt()));
    expect(err).toBeInstanceOf(cls);
    expect(err.oauthError).toBe(code);
    if (status === 429) expect(err.retryAfterMs).toBe(1000);
    expect((await exchange(await jwt())).token_type).toBe("Bearer");
    expect(fake.calls.createOauthToken).toBe(2);
  });

  it("is retried by a client that asks for retries", async () => {
    const { fake, fetch, jwt } = await workloadFake();
    fake.failNext("createOauthToken", 503);
    const token = await createOauthToken({ federation_policy_id: POLICY_ID, subject_token: await jwt() }, { baseUrl: BASE_URL, fetch, retry: { attempts: 2, maxDelayMs: 0 } });
    expect(token.expires_in).toBe(300);
    expect(fake.calls.createOauthToken).toBe(2);
  });

  it("works for listOauthJwks too, and counts it", async () => {
    const { fake, fetch } = await workloadFake();
    fake.failNext("listOauthJwks", 500);
    await expect(listOauthJwks({ baseUrl: BASE_URL, fetch })).rejects.toBeInstanceOf(InternalServerResponseError);
    expect((await listOauthJwks({ baseUrl: BASE_URL, fetch })).keys).toHaveLength(1);
    expect(fake.calls.listOauthJwks).toBe(2);
  });
});

describe("the fake's workload identity options", () => {
  let issuer: FakeIssuer;
  const make = (workloadIdentity: unknown) => () => createFakeOpenRouter({ workloadIdentity } as never);
  const policy = { id: POLICY_ID, issuer: ISSUER, subject: SUBJECT, audience: AUDIENCE };

  it("takes a policy that names its issuer by the fake issuer itself", async () => {
    issuer = createFakeIssuer({ issuer: ISSUER });
    const fake = createFakeOpenRouter({ workloadIdentity: { issuers: [issuer], policies: [{ ...policy, issuer }] } });
    const token = await createOauthToken({ federation_policy_id: POLICY_ID, subject_token: await issuer.sign({ sub: SUBJECT, aud: AUDIENCE }) }, { baseUrl: BASE_URL, fetch: fake.fetch });
    expect(token.token_type).toBe("Bearer");
  });

  it.each([
    ["no object", 42, "workloadIdentity"],
    ["issuers that are no array", { issuers: {}, policies: [] }, "workloadIdentity.issuers"],
    ["an issuer without keys", { issuers: [{ issuer: ISSUER }], policies: [] }, "workloadIdentity.issuers"],
    ["an issuer with a JWK Set in place of jwks()", { issuers: [{ issuer: ISSUER, jwks: { keys: [] } }], policies: [] }, "workloadIdentity.issuers"],
    ["a policy naming an issuer it was not given", { issuers: [], policies: [policy] }, "workloadIdentity.policies"],
    ["a policy without an audience", { issuers: [{ issuer: ISSUER, jwks: async () => ({ keys: [] }) }], policies: [{ ...policy, audience: "" }] }, "workloadIdentity.policies"],
    ["two policies of one id", { issuers: [{ issuer: ISSUER, jwks: async () => ({ keys: [] }) }], policies: [policy, policy] }, "workloadIdentity.policies"],
  ])("refuses %s", (_, workloadIdentity, field) => {
    expect(thrownBy(make(workloadIdentity), InvalidRequestError).field).toBe(field);
  });
});

describe("createFakeIssuer", () => {
  it("publishes one ES256 public key with a kid, and signs with it", async () => {
    const issuer = createFakeIssuer();
    expect(issuer.issuer).toBe("https://issuer.fake.test");
    const jwks = await issuer.jwks();
    expect(jwks.keys).toEqual([expect.objectContaining({ kty: "EC", crv: "P-256", alg: "ES256", use: "sig", kid: expect.any(String) })]);
    expect(jwks.keys[0]).not.toHaveProperty("d");
    const token = await issuer.sign({ sub: "workload", aud: "aud-1", team: "blue" });
    const { payload, protectedHeader } = await jwtVerify(token, createLocalJWKSet(jwks as never), { issuer: issuer.issuer, audience: "aud-1" });
    expect(protectedHeader).toMatchObject({ alg: "ES256", kid: (jwks.keys[0] as { kid: string }).kid, typ: "JWT" });
    expect(payload).toMatchObject({ sub: "workload", team: "blue" });
    expect(payload.exp! - payload.iat!).toBe(300);
  });

  it.each([
    ["an issuer that is no URL", { issuer: "not a url" }, "issuer"],
    ["an unknown option", { issuerUrl: "https://x.example" }, "issuerUrl"],
  ])("refuses %s", async (_, options, field) => {
    const err = await rejectionOf(Promise.resolve().then(() => createFakeIssuer(options as never)));
    expect(err).toBeInstanceOf(InvalidRequestError);
    expect(err.field).toBe(field);
  });

  it.each([
    ["no sub", { aud: "a" }, "claims"],
    ["an expiresInSeconds that is not finite", { sub: "s", aud: "a", expiresInSeconds: Infinity }, "expiresInSeconds"],
  ])("refuses to sign claims with %s", async (_, claims, field) => {
    const issuer = createFakeIssuer();
    await expect(issuer.sign(claims as never)).rejects.toBeInstanceOf(InvalidRequestError);
    await expect(issuer.sign(claims as never)).rejects.toMatchObject({ field });
  });
});
