// OpenRouter's official SDK against the fake, served on loopback, as an app that tests with the SDK would run
// it: every answer our spec documents, for every operation, parses as the SDK expects, and each error lands in
// the SDK's class for its status. The SDK validates what it receives, so a field the fake lacks fails here.
import { OpenRouter } from "@openrouter/sdk";
import {
  BadRequestResponseError,
  ConflictResponseError,
  ForbiddenResponseError,
  InternalServerResponseError,
  OAuthErrorResponse,
  OpenRouterDefaultError,
  OpenRouterError,
  ServiceUnavailableResponseError,
  TooManyRequestsResponseError,
  UnauthorizedResponseError,
} from "@openrouter/sdk/models/errors";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createPkcePair } from "../../src/index.js";
import type { Operation } from "../../src/errors/openrouter-oauth-error.js";
import {
  createFakeIssuer,
  createFakeOpenRouter,
  FAKE_APP_API_KEY,
  FAKE_USER_ID,
  FAKE_WORKSPACE_ID,
  type FakeIssuer,
  type FakeOpenRouter,
} from "../../src/testing/index.js";
import { serveFakeOpenRouter, type ServedFakeOpenRouter } from "../../src/testing/node/index.js";
import { documentedResponses } from "../support/spec.js";

/** The SDK's class for each error status; a status it has no class for is its OpenRouterDefaultError. */
const SDK_ERRORS: Record<number, abstract new (...args: never[]) => OpenRouterError> = {
  400: BadRequestResponseError,
  401: UnauthorizedResponseError,
  403: ForbiddenResponseError,
  409: ConflictResponseError,
  429: TooManyRequestsResponseError,
  500: InternalServerResponseError,
  503: ServiceUnavailableResponseError,
};

/** What each case runs against: the fake, and an SDK client on it. */
interface Against {
  fake: FakeOpenRouter;
  /** The SDK pointed at the served fake, with `apiKey` (none unless given) and no retries. */
  sdk(apiKey?: string): OpenRouter;
}

/** One operation of our spec, as an app calls it through the SDK. */
interface SdkOperation {
  /** The name the fake's failNext and calls know it by. */
  fake: Operation;
  /** Calls it as an app would; anything it needs first (a code, a key) is made through the SDK too. */
  call(against: Against): Promise<unknown>;
  /** What the SDK must have parsed a 200 into. */
  parsed: unknown;
  /**
   * The SDK's error for each status, and the body it read, when the operation's errors are not OpenRouter's
   * `{ error: { code, message } }` (the token exchange answers RFC 6749's `{ error, error_description }`).
   */
  errors?: { of(status: number): abstract new (...args: never[]) => OpenRouterError; body(status: number): object };
}

const POLICY = { id: "4b2f7d1e-8c3a-4e5f-9a6b-1c2d3e4f5a6b", subject: "repo:example/app:ref:refs/heads/main", audience: "https://openrouter.ai" };
let issuer: FakeIssuer;

const CALLBACK_URL = "http://127.0.0.1:43210/callback";
const EXPIRES_AT = new Date("2999-01-31T12:00:00Z");

/** A code made by the app's key, and its verifier; `key` is what the key made from it may spend. */
async function createCode(sdk: Against["sdk"], key: { limit?: number; expiresAt?: Date } = {}) {
  const pair = await createPkcePair();
  const { data } = await sdk(FAKE_APP_API_KEY).oAuth.createAuthCode({
    requestBody: { callbackUrl: CALLBACK_URL, codeChallenge: pair.code_challenge, codeChallengeMethod: "S256", usageLimitType: "monthly", ...key },
  });
  return { code: data.id, verifier: pair.code_verifier };
}

async function exchange(sdk: Against["sdk"], key?: { limit?: number; expiresAt?: Date }) {
  const { code, verifier } = await createCode(sdk, key);
  return sdk().oAuth.exchangeAuthCodeForAPIKey({ requestBody: { code, codeVerifier: verifier, codeChallengeMethod: "S256" } });
}

/** Every operation of our spec, by its operationId. */
const OPERATIONS: Record<string, SdkOperation> = {
  exchangeAuthCodeForAPIKey: {
    fake: "exchangeAuthCodeForAPIKey",
    call: ({ sdk }) => exchange(sdk),
    parsed: { key: expect.stringMatching(/^sk-or-v1-[0-9a-f]{64}$/), userId: FAKE_USER_ID },
  },
  createAuthKeysCode: {
    fake: "createAuthCode",
    call: ({ sdk }) => sdk(FAKE_APP_API_KEY).oAuth.createAuthCode({ requestBody: { callbackUrl: CALLBACK_URL, keyLabel: "Tested with the SDK" } }),
    parsed: { data: { id: expect.stringMatching(/^[0-9a-f]{32}$/), appId: 1, createdAt: expect.any(String) } },
  },
  getCurrentKey: {
    fake: "getCurrentKey",
    async call({ sdk }) {
      const { key } = await exchange(sdk, { limit: 2.5, expiresAt: EXPIRES_AT });
      return sdk(key).apiKeys.getCurrentKeyMetadata();
    },
    parsed: {
      data: {
        // The key masked, as OpenRouter labels a user key.
        label: expect.stringMatching(/^sk-or-v1-[0-9a-f]{3}\.\.\.[0-9a-f]{4}$/),
        limit: 2.5,
        limitRemaining: 2.5,
        limitReset: "monthly",
        usage: 0,
        usageDaily: 0,
        usageWeekly: 0,
        usageMonthly: 0,
        byokUsage: 0,
        includeByokInLimit: false,
        isFreeTier: false,
        isManagementKey: false,
        creatorUserId: FAKE_USER_ID,
        expiresAt: EXPIRES_AT,
        allowedDataRegions: ["global"],
        freeModelDailyRequests: { limit: 1000, remaining: 1000, used: 0 },
        organizationId: null,
        workspaceId: FAKE_WORKSPACE_ID,
      },
    },
  },
  createOauthToken: {
    fake: "createOauthToken",
    async call({ sdk }) {
      const subjectToken = await issuer.sign({ sub: POLICY.subject, aud: POLICY.audience });
      return sdk().oAuth.createOauthToken({
        tokenExchangeRequest: {
          federationPolicyId: POLICY.id,
          grantType: "urn:ietf:params:oauth:grant-type:token-exchange",
          subjectToken,
          subjectTokenType: "urn:ietf:params:oauth:token-type:jwt",
        },
      });
    },
    parsed: { accessToken: expect.stringMatching(/^eyJ/), expiresIn: expect.any(Number), issuedTokenType: "urn:ietf:params:oauth:token-type:access_token", scope: "inference", tokenType: "Bearer" },
    errors: {
      of: () => OAuthErrorResponse,
      body: (status) => ({ error: status === 400 ? "invalid_request" : status === 500 ? "server_error" : "temporarily_unavailable", errorDescription: "Simulated failure of createOauthToken (failNext)" }),
    },
  },
  listOauthJwks: {
    fake: "listOauthJwks",
    call: ({ sdk }) => sdk().oAuth.listOauthJwks(),
    parsed: { keys: [expect.objectContaining({ kty: "EC", crv: "P-256", alg: "ES256", use: "sig", kid: expect.any(String) })] },
  },
};

/** Every (operation, status) our spec documents, each a case. */
const CASES = documentedResponses().map(({ operationId, status }) => [`${operationId} ${status}`, operationId, status] as const);

let fake: FakeOpenRouter;
let served: ServedFakeOpenRouter;
beforeEach(async () => {
  issuer = createFakeIssuer({ issuer: "https://token.actions.example" });
  fake = createFakeOpenRouter({ workloadIdentity: { issuers: [issuer], policies: [{ ...POLICY, issuer: issuer.issuer }] } });
  served = await serveFakeOpenRouter(fake);
});
afterEach(() => served.close());

const against = (): Against => ({
  fake,
  sdk: (apiKey) => new OpenRouter({ apiKey, serverURL: served.baseUrl, retryConfig: { strategy: "none" } }),
});

describe("the official SDK (@openrouter/sdk) against the served fake", () => {
  it("has a case for every operation of our spec", () => {
    expect(Object.keys(OPERATIONS).sort()).toEqual([...new Set(CASES.map(([, operationId]) => operationId))].sort());
  });

  it.each(CASES)("parses %s as the SDK expects", async (_, operationId, status) => {
    const operation = OPERATIONS[operationId]!;
    if (status === 200) {
      expect(await operation.call(against())).toMatchObject(operation.parsed as object);
      return;
    }
    fake.failNext(operation.fake, status);
    const error = await operation.call(against()).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    const expected = operation.errors?.of(status) ?? SDK_ERRORS[status] ?? OpenRouterDefaultError;
    expect(error).toBeInstanceOf(expected);
    expect((error as OpenRouterError).statusCode).toBe(status);
    // A class of its status has read the error body.
    if (operation.errors) {
      expect(error).toMatchObject(operation.errors.body(status));
    } else if (expected !== OpenRouterDefaultError) {
      expect((error as BadRequestResponseError).error).toEqual({ code: status, message: `Simulated failure of ${operation.fake} (failNext)` });
    }
    // Sent once: the SDK's retries are off, and the fake counts what reached it.
    expect(fake.calls[operation.fake]).toBe(1);
  });
});
