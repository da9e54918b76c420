// The fake's consent page takes every callback the rule allows and redirects to it with the code and the state;
// simulateUser hands back a redirect to an app's own scheme without following it.
import { describe, expect, it } from "vitest";
import {
  AuthorizationDeniedError,
  buildAuthorizationUrl,
  completeSignIn,
  createPkcePair,
  InvalidRequestError,
  parseCallback,
} from "../../src/index.js";
import { simulateUser } from "../../src/testing/index.js";
import { ALLOWED_CALLBACKS, REFUSED_CALLBACKS } from "../support/callbacks.js";
import { rejectionOf } from "../support/fixtures.js";
import { checkedFake, ORIGIN } from "./checked.js";

const CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
const AUTH_URL = `${ORIGIN}/auth`;

/** The checked fake, and every URL a request was sent to. */
function recordedFake() {
  const { fake, fetch } = checkedFake();
  const sentTo: string[] = [];
  return {
    fake,
    sentTo,
    fetch: (request: Request) => {
      sentTo.push(request.url);
      return fetch(request);
    },
  };
}

describe("the fake's consent page and simulateUser, on every allowed callback", () => {
  it.each(ALLOWED_CALLBACKS)("redirects to %s with the code and the state", async (callbackUrl) => {
    const { fetch, sentTo } = recordedFake();
    const authorization = buildAuthorizationUrl({ callbackUrl, codeChallenge: CHALLENGE, authUrl: AUTH_URL });
    const page = await fetch(new Request(authorization.url));
    expect(page.status).toBe(200);
    // The user is told where they go back to, as a web origin or the app's scheme and name, never "null".
    expect(await page.text()).not.toMatch(/sent back to null/);

    const user = await simulateUser(authorization.url, "approve", { fetch, follow: false });
    const redirected = new URL(user.redirectedTo!);
    expect(redirected.protocol).toBe(new URL(callbackUrl).protocol);
    expect(redirected.searchParams.get("state")).toBe(authorization.state);
    expect(redirected.searchParams.get("code")).toBe(user.code);
    expect(parseCallback(redirected, { expectedState: authorization.state! }).code).toBe(user.code);
    // The page and its form only: nothing was sent to the callback.
    expect(sentTo.every((url) => url.startsWith(ORIGIN))).toBe(true);
  });

  it.each(REFUSED_CALLBACKS.filter(([, url]) => typeof url === "string" && url))("answers 400 to %s", async (_, callbackUrl) => {
    const { fetch } = recordedFake();
    const url = `${AUTH_URL}?${new URLSearchParams({ callback_url: callbackUrl as string, code_challenge: CHALLENGE, code_challenge_method: "S256" })}`;
    expect((await fetch(new Request(url))).status).toBe(400);
    expect(await rejectionOf(simulateUser(url, "approve", { fetch }))).toBeInstanceOf(InvalidRequestError);
  });

  it.each(ALLOWED_CALLBACKS.filter((url) => !/^https?:/.test(url)))("does not follow a redirect to %s, even unasked", async (callbackUrl) => {
    const { fetch, sentTo } = recordedFake();
    const authorization = buildAuthorizationUrl({ callbackUrl, codeChallenge: CHALLENGE, authUrl: AUTH_URL });
    const user = await simulateUser(authorization.url, "approve", { fetch });
    expect(user.redirectedTo).toMatch(new RegExp(`^${new URL(callbackUrl).protocol}`));
    expect(user.callbackStatus).toBeUndefined();
    expect(sentTo).not.toContain(user.redirectedTo);
    expect(sentTo.every((url) => url.startsWith(ORIGIN))).toBe(true);
  });
});

describe("a sign-in end to end against the fake", () => {
  it("signs a VS Code extension in through its vscode:// callback", async () => {
    const { fake, fetch } = recordedFake();
    const pair = await createPkcePair();
    const authorization = buildAuthorizationUrl({
      callbackUrl: "vscode://publisher.extension/callback",
      codeChallenge: pair.code_challenge,
      authUrl: AUTH_URL,
    });
    const user = await simulateUser(authorization.url, "approve", { fetch });
    // What the extension's URI handler is given, as uri.toString() writes it: the query's = and & escaped.
    const handed = user.redirectedTo!.replace(/\?(.*)$/, (_, query: string) => `?${query.replace(/=/g, "%3D").replace(/&/g, "%26")}`);
    const callback = parseCallback(handed, { expectedState: authorization.state! });
    const { key } = await completeSignIn(callback, pair.code_verifier, { baseUrl: `${ORIGIN}/api/v1`, fetch });
    expect(key).toMatch(/^sk-or-v1-[0-9a-f]{64}$/);
    expect(fake.calls.exchangeAuthCodeForAPIKey).toBe(1);
  });

  it("signs a browser extension in through its chromiumapp.org callback, which the browser takes and never loads", async () => {
    const { fake, fetch, sentTo } = recordedFake();
    const pair = await createPkcePair();
    const authorization = buildAuthorizationUrl({
      callbackUrl: "https://abcdefghijklmnopabcdefghijklmnop.chromiumapp.org/",
      codeChallenge: pair.code_challenge,
      authUrl: AUTH_URL,
    });
    const user = await simulateUser(authorization.url, "approve", { fetch, follow: false });
    expect(sentTo.every((url) => new URL(url).origin === ORIGIN)).toBe(true);
    const callback = parseCallback(user.redirectedTo!, { expectedState: authorization.state! });
    const { key } = await completeSignIn(callback, pair.code_verifier, { baseUrl: `${ORIGIN}/api/v1`, fetch });
    expect(key).toMatch(/^sk-or-v1-[0-9a-f]{64}$/);
    expect(fake.calls.exchangeAuthCodeForAPIKey).toBe(1);
  });

  it("reports a denial on a vscode:// callback, with the state or, as OpenRouter sends it, without", async () => {
    const { fake, fetch } = recordedFake();
    const authorization = buildAuthorizationUrl({ callbackUrl: "vscode://publisher.extension/callback", codeChallenge: CHALLENGE, authUrl: AUTH_URL });
    const user = await simulateUser(authorization.url, "deny", { fetch });
    expect(user.code).toBeUndefined();
    const denied = new URL(user.redirectedTo!);
    expect(() => parseCallback(denied, { expectedState: authorization.state! })).toThrow(AuthorizationDeniedError);
    denied.searchParams.delete("state");
    expect(() => parseCallback(denied, { expectedState: authorization.state! })).toThrow(AuthorizationDeniedError);
    expect(fake.calls.exchangeAuthCodeForAPIKey).toBe(0);
  });
});
