// OpenRouter's official SDK against the served fake: its oAuth.createOauthToken and oAuth.listOauthJwks work as
// they would against openrouter.ai, and the access token verifies against the JWK Set, offline, with jose.
import { OpenRouter } from "@openrouter/sdk";
import { createLocalJWKSet, jwtVerify } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getCurrentKey, maskKey } from "../../src/index.js";
import { createFakeIssuer, createFakeOpenRouter, type FakeIssuer } from "../../src/testing/index.js";
import { serveFakeOpenRouter, type ServedFakeOpenRouter } from "../../src/testing/node/index.js";

// One clock for the issuer, the fake and the verification, standing still: an access token lives as long as the
// JWT it came from has left, which on the wall clock would shrink by a second now and then.
const NOW = Date.UTC(2030, 0, 1);
const now = () => NOW;
const POLICY = { id: "4b2f7d1e-8c3a-4e5f-9a6b-1c2d3e4f5a6b", subject: "repo:example/app:ref:refs/heads/main", audience: "https://openrouter.ai" };

let issuer: FakeIssuer;
let served: ServedFakeOpenRouter;
let sdk: OpenRouter;

beforeAll(async () => {
  issuer = createFakeIssuer({ issuer: "https://token.actions.example", now });
  const fake = createFakeOpenRouter({ now, workloadIdentity: { issuers: [issuer], policies: [{ ...POLICY, issuer: issuer.issuer }] } });
  served = await serveFakeOpenRouter(fake);
  // A workload's SDK: no API key anywhere.
  sdk = new OpenRouter({ serverURL: served.baseUrl, retryConfig: { strategy: "none" } });
});
afterAll(() => served.close());

const exchange = async (claims: { sub?: string; aud?: string } = {}) =>
  sdk.oAuth.createOauthToken({
    tokenExchangeRequest: {
      federationPolicyId: POLICY.id,
      grantType: "urn:ietf:params:oauth:grant-type:token-exchange",
      subjectToken: await issuer.sign({ sub: POLICY.subject, aud: POLICY.audience, ...claims }),
      subjectTokenType: "urn:ietf:params:oauth:token-type:jwt",
    },
  });

describe("@openrouter/sdk against the served fake", () => {
  it("exchanges a JWT with oAuth.createOauthToken, and the access token verifies against oAuth.listOauthJwks", async () => {
    const token = await exchange();
    expect(token).toMatchObject({ expiresIn: 300, issuedTokenType: "urn:ietf:params:oauth:token-type:access_token", scope: "inference", tokenType: "Bearer" });
    const jwks = await sdk.oAuth.listOauthJwks();
    expect(jwks.keys).toHaveLength(1);
    const { payload, protectedHeader } = await jwtVerify(token.accessToken, createLocalJWKSet(jwks as never), { algorithms: ["ES256"], currentDate: new Date(NOW) });
    expect(protectedHeader.kid).toBe(jwks.keys[0]!.kid);
    expect(payload).toMatchObject({ sub: POLICY.subject, scope: "inference" });
  });

  it("gets an access token that works as the policy's key, over the same loopback server", async () => {
    const { accessToken } = await exchange();
    const { data } = await getCurrentKey({ apiKey: accessToken, baseUrl: served.baseUrl });
    expect(data.label).toBe(maskKey(accessToken));
  });

  it("gets the fake's RFC 6749 refusal as the SDK's error of its own", async () => {
    const error = await exchange({ aud: "https://api.openai.com" }).then(() => undefined, (e: unknown) => e);
    expect(error).toMatchObject({ statusCode: 400, error: "invalid_grant" });
  });
});
