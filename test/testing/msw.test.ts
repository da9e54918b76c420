// The fake inside MSW, as an app's test suite would use it: the app's code keeps its default URLs and the global
// fetch, and MSW hands every request for openrouter.ai to the fake.
import { http } from "msw";
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  buildAuthorizationUrl,
  completeSignIn,
  createOpenRouterOAuth,
  createPkcePair,
  ForbiddenResponseError,
  parseCallback,
} from "../../src/index.js";
import { FAKE_APP_API_KEY, simulateUser } from "../../src/testing/index.js";
import { checkedFake } from "./checked.js";

let current = checkedFake();
const server = setupServer(http.all("https://openrouter.ai/*", ({ request }) => current.fetch(request)));

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => {
  current = checkedFake();
});
afterAll(() => server.close());

describe("the fake behind MSW", () => {
  it("completes a sign-in with the default URLs and the global fetch", async () => {
    const pair = await createPkcePair();
    const authorization = buildAuthorizationUrl({ callbackUrl: "http://localhost:3000/callback", codeChallenge: pair.code_challenge });
    const { redirectedTo } = await simulateUser(authorization.url, "approve", { follow: false });
    const callback = parseCallback(redirectedTo!, { expectedState: authorization.state });
    const { key } = await completeSignIn(callback, pair.code_verifier);
    expect(key).toMatch(/^sk-or-v1-[0-9a-f]{64}$/);
    expect(current.fake.calls.exchangeAuthCodeForAPIKey).toBe(1);
    expect(current.checker.checked).toBe(1);
  });

  it("keeps its state between requests, so a code is refused the second time", async () => {
    const pair = await createPkcePair();
    const authorization = buildAuthorizationUrl({ callbackUrl: "http://localhost:3000/callback", codeChallenge: pair.code_challenge });
    const { redirectedTo } = await simulateUser(authorization.url, "approve", { follow: false });
    const callback = parseCallback(redirectedTo!, { expectedState: authorization.state });
    await completeSignIn(callback, pair.code_verifier);
    await expect(completeSignIn(callback, pair.code_verifier)).rejects.toBeInstanceOf(ForbiddenResponseError);
  });

  it("serves createAuthCode to a client with the app's key", async () => {
    const client = createOpenRouterOAuth({ apiKey: FAKE_APP_API_KEY });
    const { data } = await client.createAuthCode({ callback_url: "https://app.example/callback" });
    expect(await client.exchangeAuthCodeForAPIKey({ code: data.id })).toMatchObject({ key: expect.stringMatching(/^sk-or-v1-/) });
  });
});
