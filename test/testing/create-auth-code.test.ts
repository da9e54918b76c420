// The fake's createAuthCode (POST /api/v1/auth/keys/code), as OpenRouter documents it.
import { describe, expect, it } from "vitest";
import { FAKE_APP_API_KEY } from "../../src/testing/index.js";
import { checkedFake, createCode, exchange, fakeWithClock, ORIGIN } from "./checked.js";

const CALLBACK = "https://app.example/callback";
const VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
const CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

describe("the fake's createAuthCode", () => {
  it("mints a code with the app's id and the time of the injected clock", async () => {
    const { fetch, clock } = fakeWithClock();
    const { status, body } = await createCode(fetch, { callback_url: CALLBACK }, FAKE_APP_API_KEY);
    expect(status).toBe(200);
    expect(body.data).toEqual({ id: expect.any(String), app_id: 1, created_at: new Date(clock.now).toISOString() });
  });

  it("mints a code that the exchange accepts with the matching verifier", async () => {
    const { fetch } = checkedFake();
    const { body } = await createCode(fetch, { callback_url: CALLBACK, code_challenge: CHALLENGE, code_challenge_method: "S256" }, FAKE_APP_API_KEY);
    const exchanged = await exchange(fetch, { code: body.data.id, code_verifier: VERIFIER, code_challenge_method: "S256" });
    expect(exchanged.status).toBe(200);
  });

  it("mints a different code every time", async () => {
    const { fetch } = checkedFake();
    const ids = new Set<string>();
    for (let i = 0; i < 5; i++) ids.add((await createCode(fetch, { callback_url: CALLBACK }, FAKE_APP_API_KEY)).body.data.id);
    expect(ids.size).toBe(5);
  });

  it("answers 401 without an Authorization header", async () => {
    const { fetch } = checkedFake();
    const { status, body } = await createCode(fetch, { callback_url: CALLBACK });
    expect(status).toBe(401);
    expect(body.error.code).toBe(401);
  });

  it("answers 401 for a key it does not know", async () => {
    const { fetch } = checkedFake();
    expect((await createCode(fetch, { callback_url: CALLBACK }, "sk-or-v1-someone-else")).status).toBe(401);
  });

  it("answers 401 for a key sent without the Bearer scheme", async () => {
    const { fetch } = checkedFake();
    const request = new Request(`${ORIGIN}/api/v1/auth/keys/code`, {
      method: "POST",
      headers: { authorization: FAKE_APP_API_KEY },
      body: JSON.stringify({ callback_url: CALLBACK }),
    });
    expect((await fetch(request)).status).toBe(401);
  });

  it("checks the key before the body", async () => {
    const { fetch } = checkedFake();
    expect((await createCode(fetch, "{not json", "sk-or-v1-unknown")).status).toBe(401);
  });

  it("accepts only the keys given as apiKeys, each as its own app", async () => {
    const { fetch } = checkedFake({ apiKeys: ["sk-or-v1-app-one", "sk-or-v1-app-two"] });
    expect((await createCode(fetch, { callback_url: CALLBACK }, FAKE_APP_API_KEY)).status).toBe(401);
    expect((await createCode(fetch, { callback_url: CALLBACK }, "sk-or-v1-app-one")).body.data.app_id).toBe(1);
    expect((await createCode(fetch, { callback_url: CALLBACK }, "sk-or-v1-app-two")).body.data.app_id).toBe(2);
  });

  it.each([
    ["http on a public host", "http://app.example/callback"],
    ["not a URL", "callback"],
    ["another scheme", "ftp://app.example/callback"],
    ["not a string", 42],
  ])("answers 400 for a callback URL that is %s", async (_, callback_url) => {
    const { fetch } = checkedFake();
    const { status, body } = await createCode(fetch, { callback_url }, FAKE_APP_API_KEY);
    expect(status).toBe(400);
    // OpenRouter's error body names the field only in its message: the fake does the same.
    expect(body.error).toEqual({ code: 400, message: expect.stringMatching(/^callback_url /) });
  });

  it("answers 400 without a callback URL", async () => {
    const { fetch } = checkedFake();
    expect((await createCode(fetch, {}, FAKE_APP_API_KEY)).body.error).toEqual({ code: 400, message: "callback_url is required" });
  });

  it.each(["http://localhost:3000/cb", "http://127.0.0.1:54321/cb", "https://app.example:8443/cb"])(
    "accepts the callback URL %s",
    async (callback_url) => {
      const { fetch } = checkedFake();
      expect((await createCode(fetch, { callback_url }, FAKE_APP_API_KEY)).status).toBe(200);
    },
  );

  it.each([
    ["code_challenge", "too-short"],
    ["code_challenge_method", "S512"],
    ["limit", -1],
    ["limit", "10"],
    ["expires_at", "2031-01-01T00:00Z"],
    ["expires_at", "2029-12-31T23:59:59Z"],
    ["key_label", "k".repeat(101)],
    ["usage_limit_type", "hourly"],
    ["workspace_id", "not-a-uuid"],
  ])("answers 400 for a bad %s (%j)", async (field, value) => {
    const { fetch } = fakeWithClock(); // the clock says 2030-01-01
    const { status, body } = await createCode(fetch, { callback_url: CALLBACK, code_challenge: CHALLENGE, [field]: value }, FAKE_APP_API_KEY);
    expect(status).toBe(400);
    expect(body.error).toEqual({ code: 400, message: expect.stringMatching(new RegExp(`^${field} `)) });
  });

  it("accepts every optional field when it is well formed", async () => {
    const { fetch } = fakeWithClock();
    const request = {
      callback_url: CALLBACK,
      code_challenge: CHALLENGE,
      code_challenge_method: "S256",
      limit: 2.5,
      expires_at: "2030-01-02T00:00:00.000Z",
      key_label: "My app",
      usage_limit_type: "monthly",
      workspace_id: "3f2504e0-4f89-11d3-9a0c-0305e82c3301",
      some_future_field: true,
    };
    expect((await createCode(fetch, request, FAKE_APP_API_KEY)).status).toBe(200);
    expect((await createCode(fetch, { callback_url: CALLBACK, expires_at: null }, FAKE_APP_API_KEY)).status).toBe(200);
  });

  it("answers 400 for a code_challenge_method without a code_challenge", async () => {
    const { fetch } = checkedFake();
    expect((await createCode(fetch, { callback_url: CALLBACK, code_challenge_method: "S256" }, FAKE_APP_API_KEY)).status).toBe(400);
  });

  it("answers 400 for a body that is not a JSON object", async () => {
    const { fetch } = checkedFake();
    expect((await createCode(fetch, '"callback"', FAKE_APP_API_KEY)).status).toBe(400);
  });
});
