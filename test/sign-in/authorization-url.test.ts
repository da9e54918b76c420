import { describe, expect, it } from "vitest";
import { buildAuthorizationUrl, createPkcePair, InvalidRequestError } from "../../src/index.js";

const codeChallenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

describe("buildAuthorizationUrl", () => {
  it("points at OpenRouter's page with the challenge, S256 and the callback", () => {
    const { url, callbackUrl, state } = buildAuthorizationUrl({ callbackUrl: "https://app.example/cb", codeChallenge, state: "s1" });
    const parsed = new URL(url);
    expect(parsed.origin + parsed.pathname).toBe("https://openrouter.ai/auth");
    expect(Object.fromEntries(parsed.searchParams)).toEqual({
      callback_url: "https://app.example/cb?state=s1",
      code_challenge: codeChallenge,
      code_challenge_method: "S256",
    });
    expect(callbackUrl).toBe("https://app.example/cb?state=s1");
    expect(state).toBe("s1");
  });

  it("makes a fresh random state when none is given and keeps the callback's own query", () => {
    const first = buildAuthorizationUrl({ callbackUrl: "http://127.0.0.1:4321/cb?app=1", codeChallenge });
    const second = buildAuthorizationUrl({ callbackUrl: "http://127.0.0.1:4321/cb?app=1", codeChallenge });
    expect(first.state).toMatch(/^[0-9a-f]{32}$/);
    expect(second.state).not.toBe(first.state);
    const callback = new URL(first.callbackUrl!);
    expect(callback.searchParams.get("app")).toBe("1");
    expect(callback.searchParams.get("state")).toBe(first.state);
  });

  it("leaves out the callback and the state in headless mode", () => {
    const { url, state, callbackUrl } = buildAuthorizationUrl({ codeChallenge, keyLabel: "My CLI", limit: 5 });
    expect(Object.fromEntries(new URL(url).searchParams)).toEqual({
      code_challenge: codeChallenge,
      code_challenge_method: "S256",
      key_label: "My CLI",
      limit: "5",
    });
    expect(state).toBeNull();
    expect(callbackUrl).toBeUndefined();
  });

  it.each([1e-7, 1.2345678901234567e-7, 5e-21, 1e21, 1.5e300, 2.5])("writes a limit of %d in plain decimal that reads back as the same number", (limit) => {
    const written = new URL(buildAuthorizationUrl({ codeChallenge, limit }).url).searchParams.get("limit")!;
    expect(written).toMatch(/^\d+(\.\d+)?$/);
    expect(Number(written)).toBe(limit);
  });

  it("refuses a state in headless mode, which has no callback to carry it back", () => {
    expect(() => buildAuthorizationUrl({ codeChallenge, state: "mine" })).toThrow(
      "buildAuthorizationUrl: state needs a callbackUrl: a headless sign-in has no callback to carry it back.",
    );
  });

  it("uses another authorization page when asked", () => {
    const { url } = buildAuthorizationUrl({ codeChallenge, authUrl: "http://127.0.0.1:9999/auth" });
    expect(url.startsWith("http://127.0.0.1:9999/auth?")).toBe(true);
  });

  it("accepts a challenge made by createPkcePair", async () => {
    const pair = await createPkcePair();
    expect(new URL(buildAuthorizationUrl({ codeChallenge: pair.code_challenge }).url).searchParams.get("code_challenge")).toBe(pair.code_challenge);
  });

  it.each([
    ["codeChallenge", { codeChallenge: "too-short" }],
    ["codeChallenge", { codeChallenge: `${codeChallenge}=` }],
    ["callbackUrl", { codeChallenge, callbackUrl: "http://app.example/cb" }],
    ["callbackUrl", { codeChallenge, callbackUrl: "/cb" }],
    ["authUrl", { codeChallenge, authUrl: "ftp://openrouter.ai/auth" }],
    ["keyLabel", { codeChallenge, keyLabel: "x".repeat(101) }],
    ["limit", { codeChallenge, limit: -1 }],
    ["limit", { codeChallenge, limit: Number.NaN }],
    ["state", { codeChallenge, callbackUrl: "https://app.example/cb", state: "" }],
  ])("refuses a bad %s with an error naming it", (field, options) => {
    let error: unknown;
    try {
      buildAuthorizationUrl(options as never);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect((error as InvalidRequestError).field).toBe(field);
    expect((error as Error).message).toContain(field);
  });

  it("refuses a callbackUrl that carries its own state, which the sign-in's would overwrite", () => {
    let error: unknown;
    try {
      buildAuthorizationUrl({ codeChallenge, callbackUrl: "https://app.example/cb?state=mine" });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect((error as InvalidRequestError).field).toBe("callbackUrl");
    expect((error as Error).message).toBe("buildAuthorizationUrl: callbackUrl already carries a state, where the sign-in puts its own; pass yours as the state option.");
  });
});
