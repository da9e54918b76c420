// The whole sign-in through the real client, in-process: the client's fetch is the fake's (spec-checked) fetch.
import { describe, expect, it } from "vitest";
import {
  AuthorizationDeniedError,
  BadRequestResponseError,
  buildAuthorizationUrl,
  completeSignIn,
  ConflictResponseError,
  createOpenRouterOAuth,
  createPkcePair,
  exchangeAuthCodeForAPIKey,
  ForbiddenResponseError,
  InternalServerResponseError,
  parseCallback,
  UnauthorizedResponseError,
} from "../../src/index.js";
import { FAKE_APP_API_KEY, FAKE_USER_ID, simulateUser } from "../../src/testing/index.js";
import { rejectionOf } from "../support/fixtures.js";
import { checkedFake, fakeWithClock } from "./checked.js";

const CALLBACK = "http://127.0.0.1:43210/callback";

/** A user who signs in through the consent page, up to the callback URL their browser lands on. */
async function signIn(fetch: (request: Request) => Promise<Response>, decision: "approve" | "deny" = "approve") {
  const pair = await createPkcePair();
  const authorization = buildAuthorizationUrl({ callbackUrl: CALLBACK, codeChallenge: pair.code_challenge, keyLabel: "Flow test" });
  const { redirectedTo } = await simulateUser(authorization.url, decision, { fetch, follow: false });
  return { pair, authorization, redirectedTo: redirectedTo! };
}

describe("the sign-in against the fake, in-process", () => {
  it("gives the app a key for the user, with the exchange sent exactly once", async () => {
    const { fake, fetch } = checkedFake();
    const { pair, authorization, redirectedTo } = await signIn(fetch);
    const callback = parseCallback(redirectedTo, { expectedState: authorization.state });
    const result = await completeSignIn(callback, pair.code_verifier, { fetch });
    expect(result.key).toMatch(/^sk-or-v1-[0-9a-f]{64}$/);
    expect(result.user_id).toBe(FAKE_USER_ID);
    expect(fake.calls.exchangeAuthCodeForAPIKey).toBe(1);
  });

  it("ends in AuthorizationDeniedError when the user presses Deny", async () => {
    const { fake, fetch } = checkedFake();
    const { authorization, redirectedTo } = await signIn(fetch, "deny");
    expect(() => parseCallback(redirectedTo, { expectedState: authorization.state })).toThrow(AuthorizationDeniedError);
    expect(fake.calls.exchangeAuthCodeForAPIKey).toBe(0);
  });

  it("works headless: the user pastes the code the page shows", async () => {
    const { fetch } = checkedFake();
    const pair = await createPkcePair();
    const { url } = buildAuthorizationUrl({ codeChallenge: pair.code_challenge });
    const { code, redirectedTo } = await simulateUser(url, "approve", { fetch });
    expect(redirectedTo).toBeUndefined();
    const result = await exchangeAuthCodeForAPIKey({ code: code!, code_verifier: pair.code_verifier, code_challenge_method: "S256" }, { fetch });
    expect(result.key).toMatch(/^sk-or-v1-/);
  });

  it("refuses the second completion of the same callback with ForbiddenResponseError", async () => {
    const { fetch } = checkedFake();
    const { pair, authorization, redirectedTo } = await signIn(fetch);
    const callback = parseCallback(redirectedTo, { expectedState: authorization.state });
    await completeSignIn(callback, pair.code_verifier, { fetch });
    await expect(completeSignIn(callback, pair.code_verifier, { fetch })).rejects.toBeInstanceOf(ForbiddenResponseError);
  });

  it("refuses a completion after ten minutes with ForbiddenResponseError", async () => {
    const { fetch, clock } = fakeWithClock();
    const { pair, authorization, redirectedTo } = await signIn(fetch);
    clock.now += 10 * 60 * 1000;
    const callback = parseCallback(redirectedTo, { expectedState: authorization.state });
    const error = await rejectionOf(completeSignIn(callback, pair.code_verifier, { fetch }));
    expect(error).toBeInstanceOf(ForbiddenResponseError);
    expect(error).toMatchObject({ status: 403, operation: "exchangeAuthCodeForAPIKey", error: { code: 403, message: "Authorization code expired" } });
  });

  it("refuses another sign-in's verifier with ForbiddenResponseError", async () => {
    const { fetch } = checkedFake();
    const { authorization, redirectedTo } = await signIn(fetch);
    const other = await createPkcePair();
    const callback = parseCallback(redirectedTo, { expectedState: authorization.state });
    await expect(completeSignIn(callback, other.code_verifier, { fetch })).rejects.toBeInstanceOf(ForbiddenResponseError);
  });

  it("answers a method other than the authorization's with BadRequestResponseError", async () => {
    const { fetch } = checkedFake();
    const { pair, redirectedTo } = await signIn(fetch);
    const code = new URL(redirectedTo).searchParams.get("code")!;
    const client = createOpenRouterOAuth({ fetch });
    await expect(client.exchangeAuthCodeForAPIKey({ code, code_verifier: pair.code_verifier, code_challenge_method: "plain" }))
      .rejects.toBeInstanceOf(BadRequestResponseError);
  });

  it("does not retry an exchange that failed with 500", async () => {
    const { fake, fetch } = checkedFake();
    const { pair, authorization, redirectedTo } = await signIn(fetch);
    fake.failNext("exchangeAuthCodeForAPIKey", 500);
    const callback = parseCallback(redirectedTo, { expectedState: authorization.state });
    await expect(completeSignIn(callback, pair.code_verifier, { fetch })).rejects.toBeInstanceOf(InternalServerResponseError);
    expect(fake.calls.exchangeAuthCodeForAPIKey).toBe(1);
  });
});

describe("createAuthCode against the fake, in-process", () => {
  it("mints a code with the app's key that the exchange turns into a key", async () => {
    const { fetch } = checkedFake();
    const pair = await createPkcePair();
    const client = createOpenRouterOAuth({ apiKey: FAKE_APP_API_KEY, fetch });
    const { data } = await client.createAuthCode({ callback_url: CALLBACK, code_challenge: pair.code_challenge, code_challenge_method: "S256" });
    const result = await client.exchangeAuthCodeForAPIKey({ code: data.id, code_verifier: pair.code_verifier, code_challenge_method: "S256" });
    expect(result.key).toMatch(/^sk-or-v1-/);
  });

  it("answers a key the fake does not know with UnauthorizedResponseError", async () => {
    const { fetch } = checkedFake();
    const client = createOpenRouterOAuth({ apiKey: "sk-or-v1-not-the-app", fetch });
    await expect(client.createAuthCode({ callback_url: CALLBACK })).rejects.toBeInstanceOf(UnauthorizedResponseError);
  });

  it("surfaces a failNext(409) as ConflictResponseError", async () => {
    const { fake, fetch } = checkedFake();
    fake.failNext("createAuthCode", 409);
    const client = createOpenRouterOAuth({ apiKey: FAKE_APP_API_KEY, fetch });
    await expect(client.createAuthCode({ callback_url: CALLBACK })).rejects.toBeInstanceOf(ConflictResponseError);
  });
});
