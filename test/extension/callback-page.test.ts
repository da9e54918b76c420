// signInWithCallbackPage against the fake OpenRouter: OpenRouter's page in a tab, the user played by simulateUser,
// and callback.html handing the URL back through sendCallbackToExtension.
import { afterEach, describe, expect, it, vi } from "vitest";
import { sendCallbackToExtension, signInWithCallbackPage, type ExtensionApi } from "../../src/extension/index.js";
import { AuthorizationDeniedError, InvalidRequestError, OpenRouterOAuthError, RequestAbortedError, RequestTimeoutError } from "../../src/index.js";
import { rejectionOf } from "../support/fixtures.js";
import { answering, createFakeBrowser, EXTENSION_ORIGIN, MANIFEST } from "./fake-browser.js";

afterEach(() => {
  vi.useRealTimers();
});

const CALLBACK_PAGE = `${EXTENSION_ORIGIN}/callback.html`;

describe("signInWithCallbackPage", () => {
  it("returns the key, exchanged once, after callback.html hands back the URL with this sign-in's state", async () => {
    const browser = createFakeBrowser();
    const { key } = await signInWithCallbackPage({ api: browser.api, fetch: browser.fake.fetch });

    expect(key).toMatch(/^sk-or-v1-[0-9a-f]{64}$/);
    expect(browser.fake.calls.exchangeAuthCodeForAPIKey).toBe(1);
    expect(browser.delivered).toEqual([true]);
    const authorization = new URL(browser.opened[0]!);
    expect(authorization.origin + authorization.pathname).toBe("https://openrouter.ai/auth");
    expect(authorization.searchParams.get("code_challenge_method")).toBe("S256");
    const callback = new URL(authorization.searchParams.get("callback_url")!);
    expect(`${callback.protocol}//${callback.host}${callback.pathname}`).toBe(CALLBACK_PAGE);
    expect(callback.searchParams.get("state")).toMatch(/.{16,}/);
  });

  it.each([
    ["<all_urls>", ["<all_urls>"]],
    ["any scheme and subdomain", ["*://*.openrouter.ai/*"]],
    ["any port", ["https://openrouter.ai:*/*"]],
  ])("takes a manifest whose matches are %s", async (_, matches) => {
    const manifest = { ...MANIFEST, web_accessible_resources: [{ resources: ["*.html"], matches }] };
    const browser = createFakeBrowser({ manifest });
    await expect(signInWithCallbackPage({ api: browser.api, fetch: browser.fake.fetch })).resolves.toMatchObject({ key: expect.any(String) });
  });

  it("takes a pattern without a port for a page on any port, as Chromium does", async () => {
    const manifest = { ...MANIFEST, web_accessible_resources: [{ resources: ["callback.html"], matches: ["http://127.0.0.1/*"] }] };
    const browser = createFakeBrowser({ manifest, tab: () => new Promise(() => {}) });
    const controller = new AbortController();
    const signingIn = rejectionOf(signInWithCallbackPage({ api: browser.api, authUrl: "http://127.0.0.1:8123/auth", signal: controller.signal }));
    await vi.waitFor(() => expect(browser.opened).toHaveLength(1));
    controller.abort();
    expect(await signingIn).toMatchObject({ code: "aborted" });
  });

  it("does not take a callback whose state is not this sign-in's: it keeps waiting, and exchanges nothing", async () => {
    const browser = createFakeBrowser();
    const forged = createFakeBrowser({ tab: answering(browser.fake, "approve", (url) => url.searchParams.set("state", "forged")) }, browser.fake);
    const controller = new AbortController();
    const signingIn = rejectionOf(signInWithCallbackPage({ api: forged.api, fetch: browser.fake.fetch, signal: controller.signal }));
    await vi.waitFor(() => expect(forged.delivered).toEqual([false]));
    controller.abort();

    expect(await signingIn).toBeInstanceOf(RequestAbortedError);
    expect(browser.fake.calls.exchangeAuthCodeForAPIKey).toBe(0);
  });

  it("finishes two sign-ins started at once, each with the callback of its own state, whichever comes first", async () => {
    const users: ((url: string) => void)[] = [];
    const reached = [0, 1].map(() => new Promise<string>((resolve) => users.push(resolve)));
    let tabs = 0;
    const browser = createFakeBrowser({ tab: async (url) => (users[tabs++]!(url), undefined) });
    const first = signInWithCallbackPage({ api: browser.api, fetch: browser.fake.fetch });
    const second = signInWithCallbackPage({ api: browser.api, fetch: browser.fake.fetch });
    const [firstUrl, secondUrl] = (await Promise.all(reached)) as [string, string];
    // The second sign-in's user comes back first.
    const approve = answering(browser.fake, "approve");
    expect(await browser.openCallbackPage((await approve(secondUrl))!)).toBe(true);
    expect(await browser.openCallbackPage((await approve(firstUrl))!)).toBe(true);

    const [one, two] = await Promise.all([first, second]);
    expect(one.key).not.toBe(two.key);
    expect(browser.fake.calls.exchangeAuthCodeForAPIKey).toBe(2);
  });

  it("reports a denial without a state, as OpenRouter sends it, as AuthorizationDeniedError", async () => {
    const browser = createFakeBrowser();
    const denying = createFakeBrowser({ tab: answering(browser.fake, "deny", (url) => url.searchParams.delete("state")) }, browser.fake);
    const error = await rejectionOf(signInWithCallbackPage({ api: denying.api, fetch: browser.fake.fetch }));

    expect(error).toBeInstanceOf(AuthorizationDeniedError);
    expect(error).toMatchObject({ code: "authorization_denied", error: "access_denied" });
    expect(browser.fake.calls.exchangeAuthCodeForAPIKey).toBe(0);
  });

  it.each([
    ["no web_accessible_resources", {}],
    ["another page listed", { web_accessible_resources: [{ resources: ["other.html"], matches: ["<all_urls>"] }] }],
    ["matches for another site", { web_accessible_resources: [{ resources: ["callback.html"], matches: ["https://example.com/*"] }] }],
    ["no matches (extension_ids only)", { web_accessible_resources: [{ resources: ["callback.html"], extension_ids: ["*"] }] }],
  ])("refuses a callback page the browser would block (%s), before any tab opens", async (_, change) => {
    const { web_accessible_resources: _listed, ...bare } = MANIFEST;
    const browser = createFakeBrowser({ manifest: { ...bare, ...change } });
    const error = await rejectionOf(signInWithCallbackPage({ api: browser.api, fetch: browser.fake.fetch }));

    expect(error).toBeInstanceOf(InvalidRequestError);
    expect(error).toMatchObject({ code: "invalid_request", field: "web_accessible_resources" });
    expect(browser.opened).toEqual([]);
  });

  it("ends with RequestTimeoutError when no callback arrives (the tab closed, the page blocked), on the test's clock; a late one is not taken", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    let userAt!: (url: string) => void;
    const reached = new Promise<string>((resolve) => (userAt = resolve));
    const browser = createFakeBrowser({ tab: async (url) => (userAt(url), undefined) });
    const signingIn = rejectionOf(signInWithCallbackPage({ api: browser.api, fetch: browser.fake.fetch, timeoutMs: 120_000 }));
    const authorizationUrl = await reached;
    await vi.advanceTimersByTimeAsync(120_000);

    const error = await signingIn;
    expect(error).toBeInstanceOf(RequestTimeoutError);
    expect(error).toMatchObject({ code: "timeout" });
    const late = await answering(browser.fake, "approve")(authorizationUrl);
    expect(await browser.openCallbackPage(late!)).toBe(false);
    expect(browser.fake.calls.exchangeAuthCodeForAPIKey).toBe(0);
  });

  it("hears only callback.html: a message from any other page (a content script on a site) is ignored", async () => {
    let release!: () => void;
    const userBack = new Promise<void>((resolve) => (release = resolve));
    const browser = createFakeBrowser();
    const slow = createFakeBrowser({ tab: async (url) => (await userBack, answering(browser.fake, "approve")(url)) }, browser.fake);
    const signingIn = signInWithCallbackPage({ api: slow.api, fetch: browser.fake.fetch });
    await vi.waitFor(() => expect(slow.opened).toHaveLength(1));
    const state = new URL(new URL(slow.opened[0]!).searchParams.get("callback_url")!).searchParams.get("state");
    const forged = `${CALLBACK_PAGE}?state=${state}&code=forged`;

    expect(await slow.sendAs("https://evil.example/", { type: "openrouter-oauth:callback", url: forged })).toBeUndefined();
    expect(await slow.sendAs(CALLBACK_PAGE, { type: "openrouter-oauth:callback", url: "https://evil.example/?code=x" })).toBeUndefined();
    expect(await slow.sendAs("chrome-extension://another-extension/callback.html", { type: "openrouter-oauth:callback", url: forged })).toBeUndefined();
    release();
    expect((await signingIn).key).toMatch(/^sk-or-v1-/);
    expect(browser.fake.calls.exchangeAuthCodeForAPIKey).toBe(1);
  });

  it("reports a tab that could not be opened as browser_not_opened", async () => {
    const browser = createFakeBrowser({ tabsFail: true });
    const error = await rejectionOf(signInWithCallbackPage({ api: browser.api, fetch: browser.fake.fetch }));

    expect(error).toBeInstanceOf(OpenRouterOAuthError);
    expect(error).toMatchObject({ code: "browser_not_opened" });
  });

  it("refuses to start with a signal that has already aborted, and opens nothing", async () => {
    const browser = createFakeBrowser();
    const error = await rejectionOf(signInWithCallbackPage({ api: browser.api, signal: AbortSignal.abort() }));

    expect(error).toBeInstanceOf(RequestAbortedError);
    expect(error).toMatchObject({ code: "aborted" });
    expect(browser.opened).toEqual([]);
  });

  it.each([
    ["no tabs API", (api: ExtensionApi): ExtensionApi => ({ ...api, tabs: undefined }), "api"],
    ["a getURL that gives no URL", (api: ExtensionApi): ExtensionApi => ({ ...api, runtime: { ...api.runtime, getURL: () => "callback.html" } }), "api"],
  ])("refuses %s, before any tab opens", async (_, change, field) => {
    const browser = createFakeBrowser();
    const error = await rejectionOf(signInWithCallbackPage({ api: change(browser.api) }));

    expect(error).toBeInstanceOf(InvalidRequestError);
    expect(error).toMatchObject({ field });
    expect(browser.opened).toEqual([]);
  });

  it("refuses a callbackPage that is no path", async () => {
    const browser = createFakeBrowser();
    const error = await rejectionOf(signInWithCallbackPage({ api: browser.api, callbackPage: "callback.html?x=1" }));

    expect(error).toBeInstanceOf(InvalidRequestError);
    expect(error).toMatchObject({ field: "callbackPage" });
  });
});

describe("sendCallbackToExtension", () => {
  it("says false when no sign-in is waiting", async () => {
    const browser = createFakeBrowser();
    expect(await sendCallbackToExtension({ api: browser.api, url: `${CALLBACK_PAGE}?code=x&state=y` })).toBe(false);
  });

  it("sends the page's own address unless told another", async () => {
    const browser = createFakeBrowser();
    const heard: unknown[] = [];
    browser.api.runtime.onMessage.addListener((message, _sender, sendResponse) => (heard.push(message), sendResponse({ taken: true })));
    vi.stubGlobal("location", { href: `${CALLBACK_PAGE}?code=x&state=y` });
    try {
      expect(await sendCallbackToExtension({ api: browser.api })).toBe(true);
    } finally {
      vi.unstubAllGlobals();
    }
    expect(heard).toEqual([{ type: "openrouter-oauth:callback", url: `${CALLBACK_PAGE}?code=x&state=y` }]);
  });
});
