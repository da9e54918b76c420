// One source of request rules: on edge values of every field, each accepted or refused as written here, the
// client refuses before sending exactly the bodies that the fake answers with 400. Unknown fields are the one
// place they part, on purpose: the client refuses them (most likely a typo), a server ignores them.
import { describe, expect, it } from "vitest";
import { createOpenRouterOAuth, isOpenRouterOAuthError } from "../../src/index.js";
import { createFakeOpenRouter, FAKE_APP_API_KEY } from "../../src/testing/index.js";
import { CHALLENGE, VERIFIER } from "../support/fixtures.js";

const BASE_URL = "https://openrouter.ai/api/v1";

/** Whether the client refuses `body` without sending it, and what the fake answers when it is sent as is. */
async function verdicts(path: "/auth/keys" | "/auth/keys/code", body: Record<string, unknown>) {
  const fake = createFakeOpenRouter();
  const client = createOpenRouterOAuth({ apiKey: FAKE_APP_API_KEY, fetch: (request) => fake.fetch(request) });
  const call = path === "/auth/keys" ? client.exchangeAuthCodeForAPIKey(body as never) : client.createAuthCode(body as never);
  const outcome = await call.then(() => undefined, (error: unknown) => error);
  const refused = isOpenRouterOAuthError(outcome, "InvalidRequestError");
  const answer = await createFakeOpenRouter().fetch(
    new Request(BASE_URL + path, {
      method: "POST",
      headers: { authorization: `Bearer ${FAKE_APP_API_KEY}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    }),
  );
  return { refused, status: answer.status };
}

const UUID = "0b8f6a9e-3c1d-4e2f-9a7b-5c6d7e8f9a0b";

const CREATE_BASE = { callback_url: "https://app.example/callback", code_challenge: CHALLENGE, code_challenge_method: "S256" };

/** Edge values of each field: those the rules accept, and those they refuse. */
type Edges = Record<string, { accepted: unknown[]; refused: unknown[] }>;

const CREATE_EDGES: Edges = {
  callback_url: {
    accepted: ["https://app.example/callback", "http://localhost:1/cb", "http://127.0.0.1:65535/cb"],
    refused: ["http://app.example/cb", "http://127.0.0.2/cb", "http://[::1]/cb", "ftp://app.example/cb", "/callback", "https://", "", 42, null],
  },
  code_challenge: { accepted: [CHALLENGE, "a".repeat(43), "a".repeat(128)], refused: ["a".repeat(42), "a".repeat(129), `${"a".repeat(42)}+`, "", 1, null] },
  code_challenge_method: { accepted: ["S256", "plain"], refused: ["s256", "", null, 1] },
  limit: { accepted: [0, 1.5, 1e308], refused: [-1, -0.0001, "5", true, null] },
  expires_at: {
    accepted: ["2999-12-31T23:59:59Z", "2999-12-31T23:59:59.5Z", "2999-02-28T00:00:00Z", "2996-02-29T00:00:00Z", null],
    refused: [
      "2999-02-30T00:00:00Z", "2999-02-29T00:00:00Z", "2999-12-31T23:59Z", "2999-12-31T23:59:59+01:00",
      "2999-12-31 23:59:59Z", "2999-13-01T00:00:00Z", "2999-12-31T24:00:00Z", "2000-01-01T00:00:00Z", "", 5,
    ],
  },
  key_label: { accepted: ["", "k", "k".repeat(100)], refused: ["k".repeat(101), 5, null] },
  usage_limit_type: { accepted: ["daily", "weekly", "monthly"], refused: ["yearly", "", null] },
  workspace_id: { accepted: [UUID, UUID.toUpperCase()], refused: [UUID.slice(1), "not-a-uuid", "", null] },
};

const EXCHANGE_BASE = { code: "an-unknown-code", code_verifier: VERIFIER, code_challenge_method: "S256" };
const EXCHANGE_EDGES: Edges = {
  code: { accepted: ["c", "an-unknown-code"], refused: ["", 5, null] },
  code_verifier: { accepted: [VERIFIER, "v".repeat(43), "v".repeat(128)], refused: ["v".repeat(42), "v".repeat(129), `${"v".repeat(42)} `, "", null, 5] },
  code_challenge_method: { accepted: ["S256", "plain", null], refused: ["S512", "", 5] },
};

const cases = (base: Record<string, unknown>, edges: Edges) =>
  Object.entries(edges).flatMap(([field, { accepted, refused }]) =>
    [...accepted.map((value) => [false, value] as const), ...refused.map((value) => [true, value] as const)].map(
      ([refuse, value]) => [field, JSON.stringify(value), refuse ? "refused" : "accepted", refuse, { ...base, [field]: value }] as const,
    ),
  );

describe("createAuthCode: the client refuses exactly what the fake answers with 400", () => {
  it.each(cases(CREATE_BASE, CREATE_EDGES))("%s = %s is %s", async (_, __, ___, refuse, body) => {
    expect(await verdicts("/auth/keys/code", body)).toEqual({ refused: refuse, status: refuse ? 400 : 200 });
  });

  it.each([
    ["a method without a challenge", { callback_url: "https://app.example/callback", code_challenge_method: "S256" }],
    ["no callback_url", { code_challenge: CHALLENGE }],
    ["an empty body", {}],
  ])("%s", async (_, body) => {
    expect(await verdicts("/auth/keys/code", body)).toEqual({ refused: true, status: 400 });
  });
});

describe("exchangeAuthCodeForAPIKey: the client refuses exactly what the fake answers with 400", () => {
  // An acceptable body carries a code the fake never issued: 403.
  it.each(cases(EXCHANGE_BASE, EXCHANGE_EDGES))("%s = %s is %s", async (_, __, ___, refuse, body) => {
    expect(await verdicts("/auth/keys", body)).toEqual({ refused: refuse, status: refuse ? 400 : 403 });
  });

  it("both refuse a body without a code", async () => {
    expect(await verdicts("/auth/keys", { code_verifier: VERIFIER })).toEqual({ refused: true, status: 400 });
  });
});

describe("unknown fields, where the two part on purpose", () => {
  it("are refused by the client and ignored by the fake", async () => {
    expect(await verdicts("/auth/keys/code", { ...CREATE_BASE, callbackUrl: "https://app.example/callback" })).toEqual({
      refused: true,
      status: 200,
    });
  });
});
