// The sign-in scenarios every server example runs in real headless Chromium, against the embedded fake OpenRouter
// served here (so that every exchange is seen): one list, run against the fetch-handler example on Node, Deno and
// Bun, and against each framework's example. An example shows the same pages whatever serves it.
import { mkdir } from "node:fs/promises";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { keyLinks, maskKey } from "../../src/index.js";
import { createFakeOpenRouter, type FakeOpenRouter } from "../../src/testing/index.js";
import { serveFakeOpenRouter, type ServedFakeOpenRouter } from "../../src/testing/node/index.js";
import { openChromium, type Chromium } from "./chromium.js";

/** An example app that is serving, and how to stop it. */
export interface RunningApp {
  /** Its home page, ending in "/". */
  url: string;
  stop(): Promise<void>;
}

/** One example as served one way: its screenshots go to screenshots/<example>/<variant>-<scenario>.png. */
export interface ServedExample {
  example: string;
  variant: string;
  /** Where the sign-out form posts, from the home page; /sign-out unless set. */
  signOutPath?: string;
  /** Served over https (a test's self-signed certificate): the cookies are then Secure, with the __Host- prefix. */
  https?: boolean;
  /** Its signed-in page asks a model with the user's key (a form with an Ask button), and shows the answer. */
  asks?: boolean;
  /** Serves the example against the fake OpenRouter at these URLs. */
  start(fake: { authUrl: string; baseUrl: string }): Promise<RunningApp>;
}

interface World {
  browser: Chromium;
  /** The session cookie's name: with the __Host- prefix over https. */
  sessionCookie: string;
  served: ServedFakeOpenRouter;
  fake: FakeOpenRouter;
  /** The keys the fake minted, in order. */
  minted: string[];
  /** What the fake saw of each model call: its bearer, and whether it asked for a stream. */
  asked: { authorization: string | null; stream: unknown }[];
  app: RunningApp;
  page: Page;
  signOutUrl: string;
  /** How many exchanges the fake has answered. */
  exchanges(): number;
  screenshot(page: Page, scenario: string): Promise<void>;
  /** From the home page to OpenRouter's (the fake's) consent page. */
  toConsent(tab: Page): Promise<void>;
  /** Approves on the consent page, and waits for the signed-in home page. */
  authorize(tab: Page): Promise<void>;
}

const CALLBACK_LOST = "This sign-in link has expired, was already used, or was started in another browser.";
/** A callback whose state matches none of the sign-ins this browser has pending. */
const NOT_STARTED_HERE = "This sign-in link was not started by this app, so it was ignored.";

/** The scenarios: each starts in a fresh tab with no cookies. */
const SCENARIOS: [name: string, run: (world: World) => Promise<void>][] = [
  [
    "signs in, stays signed in across a reload, and signs out with the truth about the key",
    async ({ page, browser, served, app, sessionCookie, minted, exchanges, screenshot, toConsent, authorize }) => {
      const before = exchanges();
      await toConsent(page);
      await authorize(page);
      expect(exchanges()).toBe(before + 1);
      const key = minted.at(-1)!;
      expect(await page.locator("#masked-key").innerText()).toBe(maskKey(key));
      expect(await page.locator("#key-settings").getAttribute("href")).toBe((await keyLinks(key, served.origin)).settings);
      expect(await page.content()).not.toContain(key);
      const cookies = await browser.context.cookies(app.url);
      const secure = sessionCookie.startsWith("__Host-");
      expect(cookies.map((c) => [c.name, c.httpOnly, c.sameSite, c.secure])).toEqual([[sessionCookie, true, "Lax", secure]]);
      await screenshot(page, "signed-in");

      await page.reload();
      expect(await page.locator("#status").innerText()).toBe("You are signed in with OpenRouter.");

      await page.getByRole("button", { name: "Sign out" }).click();
      await page.locator("#message").waitFor();
      const text = await page.locator("body").innerText();
      expect(text).toContain("You are signed out of this app.");
      expect(text).toContain("still exists on OpenRouter");
      expect(await page.getByRole("link", { name: "Revoke or limit it on its settings page" }).getAttribute("href")).toBe(
        (await keyLinks(key, served.origin)).settings,
      );
      expect(await browser.context.cookies(app.url)).toEqual([]);
      await screenshot(page, "signed-out");
      await page.getByRole("link", { name: "Back to the app" }).click();
      await page.getByRole("link", { name: "Sign in with OpenRouter" }).waitFor();
      expect(exchanges()).toBe(before + 1);
    },
  ],
  [
    "refuses a forged callback, which leaves the real pending sign-in to complete",
    async ({ page, exchanges, screenshot, toConsent, authorize }) => {
      const before = exchanges();
      await toConsent(page);
      const consent = page.url();
      const callbackUrl = new URL(new URL(consent).searchParams.get("callback_url")!);
      callbackUrl.searchParams.set("state", "0".repeat(32));
      callbackUrl.searchParams.set("code", "a-code-from-the-attacker");
      await page.goto(callbackUrl.href);
      expect(await page.locator("#problem").innerText()).toBe(NOT_STARTED_HERE);
      await screenshot(page, "forged-callback");
      expect(exchanges()).toBe(before);

      await page.goto(consent);
      await authorize(page);
      expect(exchanges()).toBe(before + 1);
    },
  ],
  [
    "does not exchange a reloaded callback twice, and keeps the user signed in",
    async ({ page, app, exchanges, screenshot, toConsent, authorize }) => {
      const before = exchanges();
      const callback = page.waitForRequest((request) => request.isNavigationRequest() && new URL(request.url()).searchParams.has("code"));
      await toConsent(page);
      await authorize(page);
      await page.goto((await callback).url());
      expect(await page.locator("#problem").innerText()).toBe(CALLBACK_LOST);
      await screenshot(page, "callback-reloaded");
      expect(exchanges()).toBe(before + 1);
      await page.goto(app.url);
      await page.locator("#status").waitFor();
    },
  ],
  [
    "a denial says so in the user's words and signs no one in",
    async ({ page, app, exchanges, screenshot, toConsent }) => {
      const before = exchanges();
      await toConsent(page);
      await page.getByRole("button", { name: "Deny" }).click();
      await page.locator("#problem").waitFor();
      expect(await page.locator("#problem").innerText()).toBe("You declined on OpenRouter, so this app got no key.");
      await screenshot(page, "denied");
      expect(exchanges()).toBe(before);
      await page.goto(app.url);
      await page.getByRole("link", { name: "Sign in with OpenRouter" }).waitFor();
    },
  ],
  [
    "a sign-out form on another site does not sign the user out",
    async ({ page, app, signOutUrl, screenshot, toConsent, authorize }) => {
      await toConsent(page);
      await authorize(page);
      // A page of another site that posts to the app's sign-out as soon as it loads.
      const attacker = "http://attacker.test/";
      await page.route(attacker, (route) =>
        route.fulfill({
          contentType: "text/html",
          body: `<form id="f" method="post" action="${signOutUrl}"></form><script>document.getElementById("f").submit()</script>`,
        }),
      );
      const answer = page.waitForResponse(signOutUrl);
      await page.goto(attacker);
      await page.waitForURL(signOutUrl);
      expect((await answer).status()).toBe(403);
      expect(await page.locator("#problem").innerText()).toBe("Sign out from this app's own page.");
      await screenshot(page, "cross-site-sign-out");
      await page.goto(app.url);
      await page.locator("#status").waitFor();
    },
  ],
  [
    "completes two sign-ins started in two tabs",
    async ({ page, browser, app, sessionCookie, minted, exchanges, screenshot, toConsent, authorize }) => {
      const before = exchanges();
      const second = await browser.context.newPage();
      try {
        await toConsent(page);
        await toConsent(second);
        await authorize(second);
        await authorize(page);
        expect(exchanges()).toBe(before + 2);
        const [first, last] = minted.slice(-2);
        expect(first).not.toBe(last);
        // The tab that finished last holds the session; the other shows it after a reload.
        expect(await page.locator("#masked-key").innerText()).toBe(maskKey(last!));
        await second.reload();
        expect(await second.locator("#masked-key").innerText()).toBe(maskKey(last!));
        await screenshot(page, "two-tabs");
        expect((await browser.context.cookies(app.url)).map((c) => c.name)).toEqual([sessionCookie]);
      } finally {
        await second.close();
      }
    },
  ],
];

/** The scenario of an example whose signed-in page asks a model (`asks`). */
const ASKING: [name: string, run: (world: World) => Promise<void>] = [
  "asks a model with the signed-in user's key, on the server, and shows the streamed answer",
  async ({ page, app, fake, minted, asked, screenshot, toConsent, authorize }) => {
    await toConsent(page);
    await authorize(page);
    const before = asked.length;
    await page.getByLabel("Ask a model").fill("Which key is this?");
    await page.getByRole("button", { name: "Ask" }).click();
    await page.locator("#answered").waitFor();
    expect(await page.locator("#answer").innerText()).toBe("Echo: Which key is this?");
    expect(asked.slice(before)).toEqual([{ authorization: `Bearer ${minted.at(-1)}`, stream: true }]);
    expect(await page.content()).not.toContain(minted.at(-1)!);
    await screenshot(page, "answered");

    // The user revokes the key on OpenRouter: the next question says to sign in again.
    fake.revokeKey(minted.at(-1)!);
    await page.goto(app.url);
    await page.getByRole("button", { name: "Ask" }).click();
    await page.locator("#problem").waitFor();
    expect(await page.locator("#problem").innerText()).toBe("OpenRouter no longer accepts your key, so sign in again to get a new one.");
    await screenshot(page, "asked-revoked");
  },
];

/** Runs every scenario against `served`, in a Chromium and beside a fake OpenRouter of its own. */
export function describeSignIn(served: ServedExample): void {
  describe(`the ${served.example} example (${served.variant}), in Chromium`, () => {
    const world = { minted: [] as string[], asked: [] as World["asked"], fake: createFakeOpenRouter(), sessionCookie: `${served.https ? "__Host-" : ""}openrouter-session` } as World;
    const screenshots = new URL(`./screenshots/${served.example}/`, import.meta.url);

    beforeAll(async () => {
      world.browser = await openChromium({ ignoreHTTPSErrors: served.https === true });
      world.served = await serveFakeOpenRouter({
        async fetch(request) {
          if (request.method === "POST" && new URL(request.url).pathname === "/api/v1/chat/completions") {
            world.asked.push({ authorization: request.headers.get("authorization"), stream: (await request.clone().json()).stream });
          }
          const response = await world.fake.fetch(request);
          if (response.ok && new URL(request.url).pathname === "/api/v1/auth/keys") world.minted.push((await response.clone().json()).key);
          return response;
        },
      });
      world.app = await served.start({ authUrl: world.served.authUrl, baseUrl: world.served.baseUrl });
      world.signOutUrl = new URL(served.signOutPath ?? "/sign-out", world.app.url).href;
    });

    afterAll(async () => {
      await world.page?.close();
      await world.app?.stop();
      await world.browser?.close();
      await world.served?.close();
    });

    beforeEach(async () => {
      await world.page?.close();
      // Every app here is on 127.0.0.1, whose cookies every port shares: each scenario starts with none.
      await world.browser.context.clearCookies();
      world.page = await world.browser.context.newPage();
    });

    world.exchanges = () => world.fake.calls.exchangeAuthCodeForAPIKey;
    world.screenshot = async (page, scenario) => {
      await mkdir(screenshots, { recursive: true });
      await page.screenshot({ path: new URL(`${served.variant}-${scenario}.png`, screenshots).pathname, fullPage: true });
    };
    world.toConsent = async (tab) => {
      await tab.goto(world.app.url);
      await tab.getByRole("link", { name: "Sign in with OpenRouter" }).click();
      await tab.waitForURL((url) => url.origin === world.served.origin);
    };
    world.authorize = async (tab) => {
      await tab.getByRole("button", { name: "Authorize" }).click();
      await tab.waitForURL(world.app.url);
      await tab.locator("#status").waitFor();
    };

    for (const [name, run] of served.asks ? [...SCENARIOS, ASKING] : SCENARIOS) it(name, () => run(world));
  });
}
