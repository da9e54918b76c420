// jose is an optional peer dependency of openrouter-oauth/testing: without it, the sign-in fake still works, and
// what needs it says how to install it, as an error of ours.
import { describe, expect, it, vi } from "vitest";
import { createOauthToken, InternalServerResponseError, isOpenRouterOAuthError } from "../../src/index.js";
import { createFakeIssuer, createFakeOpenRouter, FAKE_APP_API_KEY } from "../../src/testing/index.js";
import { rejectionOf } from "../support/fixtures.js";

vi.mock("jose", () => {
  throw new Error("Cannot find package 'jose'");
});

const BASE_URL = "https://openrouter.ai/api/v1";

describe("the testing entry without jose", () => {
  it("makes a fake issuer whose keys and JWTs say how to install jose", async () => {
    const issuer = createFakeIssuer();
    for (const call of [() => issuer.jwks(), () => issuer.sign({ sub: "s", aud: "a" })]) {
      const err = await rejectionOf(call());
      expect(isOpenRouterOAuthError(err)).toBe(true);
      expect(err.message).toBe(
        "createFakeIssuer needs the jose package (the fake's workload identity signs and checks JWTs with it): npm install --save-dev jose@6.",
      );
    }
  });

  it("still answers the sign-in's operations", async () => {
    const fake = createFakeOpenRouter();
    const response = await fake.fetch(new Request(`${BASE_URL}/key`, { headers: { authorization: `Bearer ${FAKE_APP_API_KEY}` } }));
    expect(response.status).toBe(200);
  });

  it("answers a token exchange with a 500 that says how to install jose", async () => {
    const fake = createFakeOpenRouter({ workloadIdentity: { issuers: [{ issuer: "https://issuer.fake.test", jwks: async () => ({ keys: [] }) }], policies: [{ id: "p", issuer: "https://issuer.fake.test", subject: "s", audience: "a" }] } });
    const err = await rejectionOf(createOauthToken({ federation_policy_id: "p", subject_token: "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJzIn0.c2ln" }, { baseUrl: BASE_URL, fetch: fake.fetch }));
    expect(err).toBeInstanceOf(InternalServerResponseError);
    expect(err.oauthErrorDescription).toContain("npm install --save-dev jose");
  });
});
