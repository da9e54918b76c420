// simulateUser: a user at the consent page without a browser, and what it says when something is off.
import { describe, expect, it, vi } from "vitest";
import { buildAuthorizationUrl, ConnectionError, InvalidRequestError } from "../../src/index.js";
import { simulateUser } from "../../src/testing/index.js";
import { checkedFake } from "./checked.js";

const CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
const authorization = (callbackUrl?: string) =>
  buildAuthorizationUrl({ callbackUrl, codeChallenge: CHALLENGE, keyLabel: `Tom & "Jerry"` }).url;

/** The fake, plus a stand-in callback that answers 204 and records what reached it. */
function fakeWithCallback() {
  const { fake, fetch } = checkedFake();
  const callbacks: string[] = [];
  const route = async (request: Request) => {
    if (new URL(request.url).host === "app.example") {
      callbacks.push(request.url);
      return new Response(null, { status: 204 });
    }
    return fetch(request);
  };
  return { fake, route, callbacks };
}

describe("simulateUser", () => {
  it("follows the redirect to the callback and reports its status", async () => {
    const { route, callbacks } = fakeWithCallback();
    const user = await simulateUser(authorization("https://app.example/cb"), "approve", { fetch: route });
    expect(user.callbackStatus).toBe(204);
    expect(callbacks).toEqual([user.redirectedTo]);
    expect(user.code).toBe(new URL(user.redirectedTo!).searchParams.get("code"));
  });

  it("stops at the redirect when follow is false", async () => {
    const { route, callbacks } = fakeWithCallback();
    const user = await simulateUser(authorization("https://app.example/cb"), "approve", { fetch: route, follow: false });
    expect(user.redirectedTo).toMatch(/^https:\/\/app\.example\/cb\?state=[0-9a-f]+&code=[0-9a-f]+$/);
    expect(user.callbackStatus).toBeUndefined();
    expect(callbacks).toEqual([]);
  });

  it("gets no code when it denies", async () => {
    const { route } = fakeWithCallback();
    const user = await simulateUser(authorization("https://app.example/cb"), "deny", { fetch: route });
    expect(user.code).toBeUndefined();
    expect(new URL(user.redirectedTo!).searchParams.get("error")).toBe("access_denied");
  });

  it("posts back the form fields exactly, escaped characters included", async () => {
    const { route } = fakeWithCallback();
    const callback = "https://app.example/cb?q=%22a%22%26b%3Cc%3E";
    const user = await simulateUser(authorization(callback), "approve", { fetch: route, follow: false });
    expect(new URL(user.redirectedTo!).searchParams.get("q")).toBe(`"a"&b<c>`);
  });

  it("returns the code the page shows in headless mode", async () => {
    const { fetch } = checkedFake();
    const user = await simulateUser(authorization(), "approve", { fetch });
    expect(user).toEqual({ redirectedTo: undefined, callbackStatus: undefined, code: expect.stringMatching(/^[0-9a-f]{32}$/) });
  });

  it("says what the consent page refused", async () => {
    const { fetch } = checkedFake();
    const url = "https://openrouter.ai/auth?callback_url=http%3A%2F%2Fapp.example%2Fcb";
    const error = await simulateUser(url, "approve", { fetch }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect((error as Error).message).toMatch(/^simulateUser: the consent page answered HTTP 400: This sign-in link is not valid The callback_url must be /);
  });

  it("says so when the page has no button for the decision", async () => {
    const page = async () => new Response("<html><form action='/x'></form></html>", { status: 200 });
    const error = await simulateUser("https://openrouter.ai/auth", "approve", { fetch: page }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect((error as Error).message).toBe('simulateUser: the consent page has no form with a "approve" button.');
  });

  it("says what the consent form's target refused", async () => {
    const { fetch } = checkedFake();
    const refusing = async (request: Request) => (request.method === "POST" ? new Response("<p>nope</p>", { status: 403 }) : fetch(request));
    const error = await simulateUser(authorization("https://app.example/cb"), "approve", { fetch: refusing }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect((error as Error).message).toBe("simulateUser: the consent form was refused with HTTP 403: nope");
  });

  it("reports an unreachable callback as a ConnectionError that does not quote the code", async () => {
    const { fetch } = checkedFake();
    const offline = async (request: Request) => {
      if (new URL(request.url).host === "app.example") throw new TypeError("fetch failed");
      return fetch(request);
    };
    const error = await simulateUser(authorization("https://app.example/cb"), "approve", { fetch: offline }).catch((e) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.message).toBe("simulateUser: could not reach the callback URL at https://app.example.");
  });

  it("refuses a decision other than approve or deny", async () => {
    await expect(simulateUser(authorization(), "maybe" as never)).rejects.toMatchObject({ name: "InvalidRequestError", field: "decision" });
  });

  it("says what the page refused in words, without HTML entities", async () => {
    const { fetch } = checkedFake();
    const url = `https://openrouter.ai/auth?code_challenge=${CHALLENGE}&code_challenge_method=s256`;
    const error = (await simulateUser(url, "approve", { fetch }).catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect(error.message).toBe('simulateUser: the consent page answered HTTP 400: This sign-in link is not valid The code_challenge_method must be one of "S256", "plain".');
  });

  it("takes an answer shaped like a Response, as one from another realm is", async () => {
    const { fetch } = checkedFake();
    const alike = async (request: Request) => {
      const response = await fetch(request);
      return { status: response.status, headers: response.headers, text: () => response.text() } as unknown as Response;
    };
    expect((await simulateUser(authorization(), "approve", { fetch: alike })).code).toMatch(/^[0-9a-f]+$/);
  });

  it("takes null as no options", async () => {
    const { fetch } = checkedFake();
    // No options means the global fetch: here the fake stands in for it.
    vi.stubGlobal("fetch", (request: Request) => fetch(request));
    try {
      expect((await simulateUser(authorization(), "approve", null as never)).code).toMatch(/^[0-9a-f]+$/);
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it.each([
    ["a form whose action is no URL", async () => new Response('<form action="http://[x"><button name="decision" value="approve"></button></form>'), InvalidRequestError],
    ["a redirect to something that is no URL", async (request: Request) =>
      request.method === "POST"
        ? new Response(null, { status: 302, headers: { location: "http://[x" } })
        : new Response('<form action="/auth"><button name="decision" value="approve"></button></form>'), InvalidRequestError, "simulateUser: the consent form redirected to something that is no URL."],
    ["a fetch that answers no Response", async () => ({ status: 200 }) as unknown as Response, ConnectionError, "simulateUser: could not read the consent page at https://openrouter.ai."],
    ["a page whose body breaks off", async () => new Response(new ReadableStream({ start: (c) => c.error(new TypeError("terminated")) })), ConnectionError, "simulateUser: could not read the consent page at https://openrouter.ai."],
  ])("says what is wrong with %s", async (_, fetch, kind, message?: string) => {
    const error = await simulateUser("https://openrouter.ai/auth", "approve", { fetch }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(kind);
    // simulateUser's errors have no field to tell them apart: what it says is the behaviour.
    if (message) expect((error as Error).message).toBe(message);
  });

  it("refuses an authorization URL that is not absolute", async () => {
    await expect(simulateUser("/auth?x", "approve")).rejects.toBeInstanceOf(InvalidRequestError);
    await expect(simulateUser("/auth?x", "approve")).rejects.toMatchObject({ field: "authorizationUrl" });
  });
});
