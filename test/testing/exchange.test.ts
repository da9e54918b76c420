// The fake's exchange (POST /api/v1/auth/keys), as OpenRouter documents it.
import { describe, expect, it } from "vitest";
import { FAKE_APP_API_KEY, FAKE_USER_ID } from "../../src/testing/index.js";
import { checkedFake, createCode, exchange, fakeWithClock } from "./checked.js";

// RFC 7636 Appendix B.
const VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
const CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
const TEN_MINUTES = 10 * 60 * 1000;

type Fetch = ReturnType<typeof checkedFake>["fetch"];

async function issue(fetch: Fetch, request: Record<string, unknown> = { code_challenge: CHALLENGE, code_challenge_method: "S256" }) {
  const { status, body } = await createCode(fetch, { callback_url: "https://app.example/callback", ...request }, FAKE_APP_API_KEY);
  expect(status).toBe(200);
  return body.data.id as string;
}

const s256 = (code: string) => ({ code, code_verifier: VERIFIER, code_challenge_method: "S256" });

describe("the fake's exchange", () => {
  it("trades a code and its verifier for a key shaped like a real one", async () => {
    const { fetch } = checkedFake();
    const { status, body } = await exchange(fetch, s256(await issue(fetch)));
    expect(status).toBe(200);
    expect(body.key).toMatch(/^sk-or-v1-[0-9a-f]{64}$/);
    expect(body.user_id).toBe(FAKE_USER_ID);
  });

  it("mints a different key for every code", async () => {
    const { fetch } = checkedFake();
    const first = await exchange(fetch, s256(await issue(fetch)));
    const second = await exchange(fetch, s256(await issue(fetch)));
    expect(first.body.key).not.toBe(second.body.key);
  });

  it("needs no Authorization header", async () => {
    const { fetch } = checkedFake();
    const code = await issue(fetch);
    const response = await fetch(new Request("https://openrouter.ai/api/v1/auth/keys", { method: "POST", body: JSON.stringify(s256(code)) }));
    expect(response.status).toBe(200);
  });

  it("refuses a code the second time with 403", async () => {
    const { fetch } = checkedFake();
    const code = await issue(fetch);
    expect((await exchange(fetch, s256(code))).status).toBe(200);
    const again = await exchange(fetch, s256(code));
    expect(again.status).toBe(403);
    expect(again.body.error).toEqual({ code: 403, message: "Invalid code or code_verifier" });
  });

  it("redeems a code only once when two exchanges race", async () => {
    const { fetch } = checkedFake();
    const code = await issue(fetch);
    const statuses = (await Promise.all([exchange(fetch, s256(code)), exchange(fetch, s256(code))])).map((r) => r.status);
    expect(statuses.sort()).toEqual([200, 403]);
  });

  it("spends a code on a failed attempt, so a corrected retry is refused too", async () => {
    const { fetch } = checkedFake();
    const code = await issue(fetch);
    expect((await exchange(fetch, { ...s256(code), code_verifier: "x".repeat(43) })).status).toBe(403);
    expect((await exchange(fetch, s256(code))).status).toBe(403);
  });

  it("accepts a code until the last millisecond of its ten minutes", async () => {
    const { fetch, clock } = fakeWithClock();
    const code = await issue(fetch);
    clock.now += TEN_MINUTES - 1;
    expect((await exchange(fetch, s256(code))).status).toBe(200);
  });

  it("refuses a code ten minutes after it was issued with 403 'Authorization code expired'", async () => {
    const { fetch, clock } = fakeWithClock();
    const code = await issue(fetch);
    clock.now += TEN_MINUTES;
    const { status, body } = await exchange(fetch, s256(code));
    expect(status).toBe(403);
    expect(body.error.message).toBe("Authorization code expired");
  });

  it("still says 'expired' after other codes were issued", async () => {
    const { fetch, clock } = fakeWithClock();
    const code = await issue(fetch);
    clock.now += TEN_MINUTES + 1;
    await issue(fetch);
    expect((await exchange(fetch, s256(code))).body.error.message).toBe("Authorization code expired");
  });

  it("forgets codes long past their expiry", async () => {
    const { fetch, clock } = fakeWithClock();
    const code = await issue(fetch);
    clock.now += 2 * TEN_MINUTES;
    await issue(fetch);
    expect((await exchange(fetch, s256(code))).body.error.message).toBe("Invalid code or code_verifier");
  });

  it("uses codeLifetimeMs as the lifetime of a code", async () => {
    const { fetch, clock } = fakeWithClock({ codeLifetimeMs: 1000 });
    const code = await issue(fetch);
    clock.now += 1000;
    expect((await exchange(fetch, s256(code))).status).toBe(403);
  });

  it("answers 403 for a code it never issued", async () => {
    const { fetch } = checkedFake();
    const { status, body } = await exchange(fetch, s256("not-a-code"));
    expect(status).toBe(403);
    expect(body.error.message).toBe("Invalid code or code_verifier");
  });

  it("answers 403 for a verifier that does not match the challenge", async () => {
    const { fetch } = checkedFake();
    const code = await issue(fetch);
    expect((await exchange(fetch, { ...s256(code), code_verifier: "a".repeat(43) })).status).toBe(403);
  });

  it("answers 403 when the verifier is missing though a challenge was sent", async () => {
    const { fetch } = checkedFake();
    const code = await issue(fetch);
    expect((await exchange(fetch, { code, code_challenge_method: "S256" })).status).toBe(403);
  });

  it("answers 400 for a verifier that is not a PKCE verifier at all, as the client refuses to send it", async () => {
    const { fetch } = checkedFake();
    const code = await issue(fetch);
    expect((await exchange(fetch, { ...s256(code), code_verifier: "short" })).status).toBe(400);
  });

  it.each([
    ["plain", "plain"],
    ["null", null],
    ["left out", undefined],
  ])("answers 400 'Invalid code_challenge_method' when the method is %s but the code was issued with S256", async (_, method) => {
    const { fetch } = checkedFake();
    const code = await issue(fetch);
    const { status, body } = await exchange(fetch, { code, code_verifier: VERIFIER, code_challenge_method: method });
    expect(status).toBe(400);
    expect(body.error).toEqual({ code: 400, message: "Invalid code_challenge_method" });
  });

  it("answers 400 for S256 when the code was issued with plain", async () => {
    const { fetch } = checkedFake();
    const code = await issue(fetch, { code_challenge: VERIFIER, code_challenge_method: "plain" });
    expect((await exchange(fetch, s256(code))).status).toBe(400);
  });

  it("verifies a plain challenge by comparing it with the verifier", async () => {
    const { fetch } = checkedFake();
    const code = await issue(fetch, { code_challenge: VERIFIER, code_challenge_method: "plain" });
    expect((await exchange(fetch, { code, code_verifier: VERIFIER, code_challenge_method: "plain" })).status).toBe(200);
  });

  it("treats a challenge sent without a method as plain (RFC 7636 4.3)", async () => {
    const { fetch } = checkedFake();
    const code = await issue(fetch, { code_challenge: VERIFIER });
    expect((await exchange(fetch, { code, code_verifier: VERIFIER })).status).toBe(200);
  });

  it("exchanges a code issued without a challenge with no verifier", async () => {
    const { fetch } = checkedFake();
    const code = await issue(fetch, {});
    expect((await exchange(fetch, { code })).status).toBe(200);
  });

  it.each([
    ["a body that is not JSON", "{not json"],
    ["a JSON array", "[]"],
    ["no code", {}],
    ["an empty code", { code: "" }],
    ["a code that is not a string", { code: 7 }],
    ["a verifier that is not a string", { code: "c", code_verifier: 7 }],
    ["an unknown code_challenge_method", { code: "c", code_challenge_method: "S512" }],
  ])("answers 400 for %s", async (_, body) => {
    const { fetch } = checkedFake();
    expect((await exchange(fetch, body)).status).toBe(400);
  });

  it("never quotes the code or the verifier in an error", async () => {
    const { fetch } = checkedFake();
    const code = await issue(fetch);
    const wrong = "w".repeat(43);
    const answers = [
      await exchange(fetch, { code, code_verifier: wrong, code_challenge_method: "S256" }),
      await exchange(fetch, { code, code_verifier: VERIFIER, code_challenge_method: "S256" }),
      await exchange(fetch, { code: "unknown-code-123", code_verifier: wrong, code_challenge_method: "plain" }),
    ];
    for (const { status, body } of answers) {
      expect(status).toBeGreaterThanOrEqual(400);
      for (const secret of [code, wrong, VERIFIER, "unknown-code-123"]) expect(JSON.stringify(body)).not.toContain(secret);
    }
  });
});
