// The fake's GET /key, through the real client: it describes the keys it minted with what their sign-in asked
// for, and knows no other key. Every answer is validated against our spec (checked.ts).
import { describe, expect, it } from "vitest";
import {
  buildAuthorizationUrl,
  completeSignIn,
  createOpenRouterOAuth,
  createPkcePair,
  exchangeAuthCodeForAPIKey,
  getCurrentKey,
  parseCallback,
  UnauthorizedResponseError,
} from "../../src/index.js";
import { FAKE_APP_API_KEY, FAKE_USER_ID, FAKE_WORKSPACE_ID, simulateUser } from "../../src/testing/index.js";
import { rejectionOf } from "../support/fixtures.js";
import { checkedFake, fakeWithClock, ORIGIN } from "./checked.js";

const BASE_URL = `${ORIGIN}/api/v1`;
type Fetch = (request: Request) => Promise<Response>;

/** A sign-in through the consent page with `keyLabel` and `limit`; returns the minted key. */
async function signIn(fetch: Fetch, options: { keyLabel?: string; limit?: number } = {}) {
  const pair = await createPkcePair();
  const authorization = buildAuthorizationUrl({ callbackUrl: "http://127.0.0.1:43210/callback", codeChallenge: pair.code_challenge, ...options });
  const { redirectedTo } = await simulateUser(authorization.url, "approve", { fetch, follow: false });
  const { key } = await completeSignIn(parseCallback(redirectedTo!, { expectedState: authorization.state }), pair.code_verifier, { fetch });
  return key;
}

/** A code minted by an app with createAuthCode, then exchanged: the way an app sets a reset and an expiry. */
async function mintedByApp(fetch: Fetch, fields: Record<string, unknown>) {
  const pair = await createPkcePair();
  const app = createOpenRouterOAuth({ apiKey: FAKE_APP_API_KEY, fetch });
  const { data } = await app.createAuthCode({ callback_url: "https://app.example/cb", code_challenge: pair.code_challenge, code_challenge_method: "S256", ...fields });
  const { key } = await exchangeAuthCodeForAPIKey({ code: data.id, code_verifier: pair.code_verifier, code_challenge_method: "S256" }, { fetch });
  return key;
}

describe("the fake's GET /key", () => {
  // String() writes these as 1e-7 and 1e+21, which the page would refuse.
  it.each([1e-7, 1e21])("describes a key minted through the consent page with a limit of %d", async (limit) => {
    const { fetch } = checkedFake();
    const key = await signIn(fetch, { limit });
    expect((await getCurrentKey({ apiKey: key, fetch, baseUrl: BASE_URL })).data.limit).toBe(limit);
  });

  it("describes a key minted through the consent page with the limit asked for, nothing spent, in the fake account's workspace", async () => {
    const { fake, fetch } = checkedFake();
    const key = await signIn(fetch, { keyLabel: "My laptop", limit: 2.5 });
    const { data } = await getCurrentKey({ apiKey: key, fetch, baseUrl: BASE_URL });
    expect(data).toMatchObject({
      limit: 2.5,
      limit_remaining: 2.5,
      limit_reset: null,
      usage: 0,
      usage_daily: 0,
      usage_weekly: 0,
      usage_monthly: 0,
      is_free_tier: false,
      creator_user_id: FAKE_USER_ID,
      expires_at: null,
      allowed_data_regions: ["global"],
      free_model_daily_requests: { limit: 1000, remaining: 1000, used: 0 },
      organization_id: null,
      workspace_id: FAKE_WORKSPACE_ID,
    });
    expect(fake.calls.getCurrentKey).toBe(1);
  });

  it("labels the key by its masked form, as OpenRouter does, not by the key_label of its sign-in", async () => {
    const { fetch } = checkedFake();
    const key = await signIn(fetch, { keyLabel: "My laptop" });
    const { data } = await getCurrentKey({ apiKey: key, fetch, baseUrl: BASE_URL });
    expect(data.label).toBe(`sk-or-v1-${key.slice(9, 12)}...${key.slice(-4)}`);
  });

  it("has no limit when the sign-in asked for none", async () => {
    const { fetch } = checkedFake();
    const key = await signIn(fetch);
    const { data } = await createOpenRouterOAuth({ apiKey: key, fetch, baseUrl: BASE_URL }).getCurrentKey();
    expect(data.limit).toBeNull();
    expect(data.limit_remaining).toBeNull();
    expect(data.limit_reset).toBeNull();
  });

  it("keeps createAuthCode's limit, usage_limit_type and expires_at, and labels the key by its masked form", async () => {
    const { fetch } = checkedFake();
    const key = await mintedByApp(fetch, { key_label: "From the app", limit: 7, usage_limit_type: "weekly", expires_at: "2999-01-31T12:00:00Z" });
    const { data } = await getCurrentKey({ apiKey: key, fetch, baseUrl: BASE_URL });
    expect(data).toMatchObject({ label: `sk-or-v1-${key.slice(9, 12)}...${key.slice(-4)}`, limit: 7, limit_remaining: 7, limit_reset: "weekly", expires_at: "2999-01-31T12:00:00Z" });
  });

  it("answers 401 for a key it did not mint, and for no key at all", async () => {
    const { fetch } = checkedFake();
    const error = await rejectionOf(getCurrentKey({ apiKey: "sk-or-v1-not-one-of-the-fakes", fetch, baseUrl: BASE_URL }));
    expect(error).toBeInstanceOf(UnauthorizedResponseError);
    const bare = await fetch(new Request(`${BASE_URL}/key`));
    expect(bare.status).toBe(401);
  });

  it("answers 401 once the key has expired", async () => {
    const { fetch, clock } = fakeWithClock();
    const key = await mintedByApp(fetch, { expires_at: "2030-01-01T00:05:00Z" });
    expect((await getCurrentKey({ apiKey: key, fetch, baseUrl: BASE_URL })).data.expires_at).toBe("2030-01-01T00:05:00Z");
    clock.now += 10 * 60_000;
    expect(await rejectionOf(getCurrentKey({ apiKey: key, fetch, baseUrl: BASE_URL }))).toBeInstanceOf(UnauthorizedResponseError);
  });

  it("answers only GET, and failNext works for it", async () => {
    const { fake, fetch } = checkedFake();
    const post = await fetch(new Request(`${BASE_URL}/key`, { method: "POST", body: "{}" }));
    expect(post.status).toBe(405);
    expect(post.headers.get("allow")).toBe("GET");
    fake.failNext("getCurrentKey", 500);
    const key = await signIn(fetch);
    expect((await rejectionOf(getCurrentKey({ apiKey: key, fetch, baseUrl: BASE_URL }))).status).toBe(500);
    expect((await getCurrentKey({ apiKey: key, fetch, baseUrl: BASE_URL })).data.usage).toBe(0);
  });
});
