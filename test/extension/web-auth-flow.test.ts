// signInWithWebAuthFlow against the fake OpenRouter, with launchWebAuthFlow's window played by simulateUser.
import { afterEach, describe, expect, it, vi } from "vitest";
import { signInWithWebAuthFlow } from "../../src/extension/index.js";
import {
  AuthorizationDeniedError,
  InternalServerResponseError,
  InvalidRequestError,
  RequestAbortedError,
  RequestTimeoutError,
} from "../../src/index.js";
import { rejectionOf } from "../support/fixtures.js";
import { answering, createFakeBrowser, REDIRECT_URL } from "./fake-browser.js";

afterEach(() => {
  vi.useRealTimers();
});

describe("signInWithWebAuthFlow", () => {
  it("returns the key the approved code is exchanged for, once, with PKCE and the state on the chromiumapp.org redirect", async () => {
    const browser = createFakeBrowser();
    const { key } = await signInWithWebAuthFlow({ api: browser.api, fetch: browser.fake.fetch });

    expect(key).toMatch(/^sk-or-v1-[0-9a-f]{64}$/);
    expect(browser.fake.calls.exchangeAuthCodeForAPIKey).toBe(1);
    const authorization = new URL(browser.opened[0]!);
    expect(authorization.searchParams.get("code_challenge_method")).toBe("S256");
    expect(authorization.searchParams.get("code_challenge")).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const callback = new URL(authorization.searchParams.get("callback_url")!);
    expect(`${callback.origin}/`).toBe(REDIRECT_URL);
    expect(callback.searchParams.get("state")).toMatch(/.{16,}/);
  });

  it("refuses a redirect whose state is not this sign-in's, and exchanges nothing", async () => {
    const browser = createFakeBrowser();
    const forged = createFakeBrowser({ webAuthFlow: answering(browser.fake, "approve", (url) => url.searchParams.set("state", "forged")) }, browser.fake);
    const error = await rejectionOf(signInWithWebAuthFlow({ api: forged.api, fetch: browser.fake.fetch }));

    expect(error).toBeInstanceOf(InvalidRequestError);
    expect(error).toMatchObject({ code: "state_mismatch", field: "state" });
    expect(browser.fake.calls.exchangeAuthCodeForAPIKey).toBe(0);
  });

  it("reports a denial without a state, as OpenRouter sends it, as AuthorizationDeniedError", async () => {
    const browser = createFakeBrowser();
    const denying = createFakeBrowser({ webAuthFlow: answering(browser.fake, "deny", (url) => url.searchParams.delete("state")) }, browser.fake);
    const error = await rejectionOf(signInWithWebAuthFlow({ api: denying.api, fetch: browser.fake.fetch }));

    expect(error).toBeInstanceOf(AuthorizationDeniedError);
    expect(error).toMatchObject({ code: "authorization_denied", error: "access_denied" });
    expect(browser.fake.calls.exchangeAuthCodeForAPIKey).toBe(0);
  });

  it("reports the user closing the window (launchWebAuthFlow rejects) as RequestAbortedError", async () => {
    const cause = new Error("The user did not approve access.");
    const browser = createFakeBrowser({ webAuthFlow: () => Promise.reject(cause) });
    const error = await rejectionOf(signInWithWebAuthFlow({ api: browser.api, fetch: browser.fake.fetch }));

    expect(error).toBeInstanceOf(RequestAbortedError);
    expect(error).toMatchObject({ code: "aborted", cause });
  });

  it.each([
    ["resolves to no URL", () => Promise.resolve(undefined)],
    ["throws at once", () => { throw new Error("Invalid url"); }],
  ])("reports a launchWebAuthFlow that %s as RequestAbortedError", async (_, webAuthFlow) => {
    const browser = createFakeBrowser({ webAuthFlow });
    const error = await rejectionOf(signInWithWebAuthFlow({ api: browser.api, fetch: browser.fake.fetch }));

    expect(error).toBeInstanceOf(RequestAbortedError);
    expect(error).toMatchObject({ code: "aborted" });
  });

  it("ends with RequestTimeoutError when the window never comes back, on the test's clock", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    let opened!: () => void;
    const waiting = new Promise<void>((resolve) => (opened = resolve));
    const browser = createFakeBrowser({ webAuthFlow: () => (opened(), new Promise(() => {})) });
    const signingIn = rejectionOf(signInWithWebAuthFlow({ api: browser.api, fetch: browser.fake.fetch, timeoutMs: 60_000 }));
    await waiting;
    await vi.advanceTimersByTimeAsync(59_999);
    expect(browser.fake.calls.exchangeAuthCodeForAPIKey).toBe(0);
    await vi.advanceTimersByTimeAsync(1);

    const error = await signingIn;
    expect(error).toBeInstanceOf(RequestTimeoutError);
    expect(error).toMatchObject({ code: "timeout" });
  });

  it("ends with RequestAbortedError when the signal aborts while the window is open", async () => {
    const controller = new AbortController();
    const browser = createFakeBrowser({ webAuthFlow: () => (controller.abort(), new Promise(() => {})) });
    const error = await rejectionOf(signInWithWebAuthFlow({ api: browser.api, fetch: browser.fake.fetch, signal: controller.signal }));

    expect(error).toBeInstanceOf(RequestAbortedError);
    expect(error).toMatchObject({ code: "aborted" });
  });

  it("never retries the exchange: a failed one is reported, and the code is sent once", async () => {
    const browser = createFakeBrowser();
    browser.fake.failNext("exchangeAuthCodeForAPIKey", 500);
    const error = await rejectionOf(signInWithWebAuthFlow({ api: browser.api, fetch: browser.fake.fetch }));

    expect(error).toBeInstanceOf(InternalServerResponseError);
    expect(error).toMatchObject({ status: 500 });
    expect(browser.fake.calls.exchangeAuthCodeForAPIKey).toBe(1);
  });

  it("says the identity permission is missing, before any window opens", async () => {
    const browser = createFakeBrowser({ identity: false });
    const error = await rejectionOf(signInWithWebAuthFlow({ api: browser.api }));

    expect(error).toBeInstanceOf(InvalidRequestError);
    expect(error).toMatchObject({ code: "invalid_request", field: "identity" });
    expect(browser.opened).toEqual([]);
  });

  it.each([
    ["no extension API at all", { api: undefined }, "api"],
    ["an unknown option", { callbackPage: "callback.html" }, "callbackPage"],
    ["a timeout that is no number", { timeoutMs: "soon" }, "timeoutMs"],
    ["a baseUrl that is no URL", { baseUrl: "openrouter" }, "baseUrl"],
  ])("refuses %s before any window opens", async (_, given, field) => {
    const browser = createFakeBrowser();
    const options = { api: browser.api, ...given } as Parameters<typeof signInWithWebAuthFlow>[0];
    const error = await rejectionOf(signInWithWebAuthFlow(options));

    expect(error).toBeInstanceOf(InvalidRequestError);
    expect(error).toMatchObject({ field });
    expect(browser.opened).toEqual([]);
  });
});
