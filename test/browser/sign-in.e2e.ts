// "Sign in with OpenRouter" in real headless Chromium: the example page (examples/browser) against the embedded
// fake OpenRouter. One Chromium (with a fresh profile) for the file; each test gets its own fake, page server and
// tab, so a new origin and empty storage: nothing carries over from one test to the next.
import { mkdir } from "node:fs/promises";
import type { Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startBrowserExample, type BrowserExample } from "../../examples/browser/server.js";
import { createFakeOpenRouter, type FakeOpenRouter } from "../../src/testing/index.js";
import { openChromium, type Chromium } from "./chromium.js";

/** Git-ignored: the end state of each scenario, for a person to look at. */
const SCREENSHOTS = new URL("./screenshots/", import.meta.url);

let example: BrowserExample;
/** What the fake saw of each exchange: the secrets the page sent, and the key it minted. */
let exchanged: { sent: { code: string; code_verifier: string }[]; keys: string[] };
/** What the fake saw of each model call: its bearer, and whether it asked for a stream. */
let asked: { authorization: string | null; stream: unknown }[];
let browser: Chromium;
let page: Page;
/** Everything the page printed to its console, and any uncaught error. */
let consoleLines: string[];
let pendingLines: Promise<void>[];

beforeAll(async () => {
  browser = await openChromium();
});

afterAll(async () => {
  await browser?.close();
});

/** The fake, watched from the server's side (a browser may drop a response body before a test reads it). */
function watchedFake(): FakeOpenRouter {
  const fake = createFakeOpenRouter();
  return {
    get calls() {
      return fake.calls;
    },
    failNext: (operation, status) => fake.failNext(operation, status),
    revokeKey: (key) => fake.revokeKey(key),
    keys: () => fake.keys(),
    async fetch(input, init) {
      const request = new Request(input, init);
      if (request.method === "POST" && new URL(request.url).pathname === "/api/v1/chat/completions") {
        asked.push({ authorization: request.headers.get("authorization"), stream: (await request.clone().json()).stream });
      }
      if (request.method !== "POST" || new URL(request.url).pathname !== "/api/v1/auth/keys") return fake.fetch(request);
      exchanged.sent.push(await request.clone().json());
      const response = await fake.fetch(request);
      if (response.ok) exchanged.keys.push((await response.clone().json()).key);
      return response;
    },
  };
}

beforeEach(async () => {
  exchanged = { sent: [], keys: [] };
  asked = [];
  example = await startBrowserExample({ fake: watchedFake() });
  page = await browser.context.newPage();
  consoleLines = [];
  pendingLines = [];
  page.on("console", (message) => {
    consoleLines.push(message.text());
    // What DevTools shows when each logged value is expanded: every own property, non-enumerable ones too.
    for (const value of message.args()) pendingLines.push(value.evaluate(ownPropertiesDeep).then((text) => void consoleLines.push(text)));
  });
  page.on("pageerror", (error) => consoleLines.push(String(error.stack ?? error)));
});

afterEach(async () => {
  await page?.close();
  await example?.close();
});

const exchanges = () => example.fake.calls.exchangeAuthCodeForAPIKey;

/** Opens the page, presses "Sign in with OpenRouter", and makes the user's choice on the fake's consent page. */
async function signIn(decision: "Authorize" | "Deny") {
  await page.goto(example.url);
  await page.getByRole("button", { name: "Sign in with OpenRouter" }).click();
  await page.waitForURL((url) => url.origin === example.fakeOrigin);
  await page.getByRole("button", { name: decision }).click();
}

/** Waits until the page shows how the sign-in ended, and returns what it says. */
async function outcome(): Promise<string> {
  const shown = page.locator("#outcome.signed-in, #outcome.failed");
  await shown.waitFor();
  return shown.innerText();
}

/** Runs in the page: the keys and values of a logged value and of everything it holds, a few levels deep. */
function ownPropertiesDeep(value: unknown): string {
  const seen = new Set<unknown>();
  const parts: string[] = [];
  const walk = (item: unknown, depth: number) => {
    if (typeof item !== "object" && typeof item !== "function") return void parts.push(String(item));
    if (item === null || seen.has(item) || depth > 5) return;
    seen.add(item);
    for (const key of Reflect.ownKeys(item)) {
      parts.push(String(key));
      walk(Reflect.get(item, key), depth + 1);
    }
  };
  walk(value, 0);
  return parts.join(" ");
}

/** Everything a person or a script on the page could read: the markup, the text, the address, the storage, the console. */
async function visibleEverywhere(): Promise<string> {
  await Promise.all(pendingLines);
  const storage = await page.evaluate(() => JSON.stringify(Object.entries(sessionStorage)));
  return [await page.content(), await page.locator("body").innerText(), page.url(), storage, ...consoleLines].join("\n");
}

async function screenshot(name: string) {
  await mkdir(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: new URL(`${name}.png`, SCREENSHOTS).pathname, fullPage: true });
}

/** Rewrites the fake's redirect back to the page, as an attacker who hands the user a doctored callback would. */
async function doctorCallback(change: (callback: URL) => void) {
  await page.route(
    `${example.fakeOrigin}/auth`,
    async (route) => {
      const response = await route.fetch({ maxRedirects: 0 });
      const callback = new URL(response.headers().location!);
      change(callback);
      await route.fulfill({ status: 302, headers: { location: callback.href } });
    },
    { times: 1 },
  );
}

describe("Sign in with OpenRouter in Chromium", () => {
  it("approving shows the new key masked and leaves no verifier in sessionStorage", async () => {
    await signIn("Authorize");

    const text = await outcome();
    await screenshot("approved");
    expect(exchanged.keys).toHaveLength(1);
    const { code_verifier } = exchanged.sent[0]!;
    const key = exchanged.keys[0]!;
    expect(text).toContain("Signed in");
    expect(text).toContain(`sk-or-v1-${key.slice(9, 12)}...${key.slice(-4)}`);
    expect(await visibleEverywhere()).not.toContain(key);
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    expect(await visibleEverywhere()).not.toContain(code_verifier);
    expect(exchanges()).toBe(1);
  });

  it("after sign-in, asks a model with the new key through the AI SDK and shows the streamed answer", async () => {
    await signIn("Authorize");
    expect(await outcome()).toContain("Signed in");
    await page.getByLabel("Ask a model with your key").fill("Which key is this?");
    await page.getByRole("button", { name: "Ask" }).click();
    await page.locator("#answer.answered").waitFor();
    await screenshot("answered");

    expect(await page.locator("#answer").innerText()).toBe("Echo: Which key is this?");
    expect(asked).toEqual([{ authorization: `Bearer ${exchanged.keys[0]}`, stream: true }]);
    expect(await visibleEverywhere()).not.toContain(exchanged.keys[0]!);
  });

  it("a revoked key: asking says to sign in again", async () => {
    await signIn("Authorize");
    expect(await outcome()).toContain("Signed in");
    example.fake.revokeKey(exchanged.keys[0]!);
    await page.getByRole("button", { name: "Ask" }).click();
    await page.locator("#answer.failed").waitFor();
    await screenshot("asked-revoked");

    expect(await page.locator("#answer").innerText()).toBe("OpenRouter no longer accepts your key, so sign in again to get a new one.");
    expect(example.fake.keys().filter((books) => books.kind === "minted")).toMatchObject([{ revoked: true, requests: 0, usage: 0 }]);
    expect(await visibleEverywhere()).not.toContain(exchanged.keys[0]!);
  });

  it("a spent key: the first question is answered, the next says to raise the limit or add credits", async () => {
    // The user sets the smallest limit on the consent page: one answered call spends it.
    await page.route(
      (url) => url.origin === example.fakeOrigin && url.pathname === "/auth",
      async (route) => {
        const url = new URL(route.request().url());
        url.searchParams.set("limit", "0.001");
        await route.continue({ url: url.href });
      },
      { times: 1 },
    );
    await signIn("Authorize");
    expect(await outcome()).toContain("Signed in");
    await page.getByRole("button", { name: "Ask" }).click();
    await page.locator("#answer.answered").waitFor();
    await page.getByRole("button", { name: "Ask" }).click();
    await page.locator("#answer.failed").waitFor();
    await screenshot("asked-spent");

    expect(await page.locator("#answer").innerText()).toBe("Your key has spent what it may, so raise its limit or add credits on OpenRouter.");
    expect(example.fake.keys().filter((books) => books.kind === "minted")).toMatchObject([{ limit: 0.001, requests: 1 }]);
    expect(asked).toHaveLength(2);
  });

  it("after the callback, the address bar holds neither the code nor the state", async () => {
    await signIn("Authorize");
    expect(await outcome()).toContain("Signed in");
    expect(new URL(page.url()).search).toBe("");
  });

  it("denying shows that the authorization was refused, and nothing is exchanged", async () => {
    await signIn("Deny");

    const text = await outcome();
    await screenshot("denied");
    expect(text).toContain("AuthorizationDeniedError: The authorization was refused (access_denied");
    expect(text).toContain("Start a new sign-in");
    expect(exchanges()).toBe(0);
  });

  it("a callback whose state was tampered with is refused, and nothing is exchanged", async () => {
    await doctorCallback((callback) => callback.searchParams.set("state", "forged-by-someone-else"));
    await signIn("Authorize");

    const text = await outcome();
    await screenshot("state-tampered");
    expect(text).toContain("InvalidRequestError: parseCallback: the state is not the one this sign-in sent");
    expect(exchanges()).toBe(0);
  });

  it("a callback without its state is refused, and nothing is exchanged", async () => {
    await doctorCallback((callback) => callback.searchParams.delete("state"));
    await signIn("Authorize");

    const text = await outcome();
    await screenshot("state-missing");
    expect(text).toContain("InvalidRequestError: parseCallback: the state is missing");
    expect(exchanges()).toBe(0);
  });

  it("reloading after a successful sign-in sends no second exchange", async () => {
    await signIn("Authorize");
    expect(await outcome()).toContain("Signed in");

    await page.reload();
    await page.getByRole("button", { name: "Sign in with OpenRouter" }).and(page.locator(":enabled")).waitFor();
    await screenshot("reloaded-after-success");
    expect(await page.locator("#outcome").innerText()).toBe("");
    expect(exchanges()).toBe(1);
  });

  it("opening the used callback URL again sends no second exchange", async () => {
    const callback = page.waitForRequest((request) => request.isNavigationRequest() && new URL(request.url()).searchParams.has("code"));
    await signIn("Authorize");
    expect(await outcome()).toContain("Signed in");

    await page.goto((await callback).url());
    const text = await outcome();
    await screenshot("callback-replayed");
    expect(text).toContain("No sign-in is waiting in this tab");
    expect(exchanges()).toBe(1);
  });

  it("an exchange answered with HTTP 500 shows InternalServerResponseError's message, and no secret anywhere", async () => {
    example.fake.failNext("exchangeAuthCodeForAPIKey", 500);
    await signIn("Authorize");

    const text = await outcome();
    expect(exchanged.sent).toHaveLength(1);
    const { code, code_verifier } = exchanged.sent[0]!;
    await screenshot("exchange-failed");
    expect(text).toContain("InternalServerResponseError: exchangeAuthCodeForAPIKey failed with HTTP 500");
    expect(consoleLines.join("\n")).toContain("InternalServerResponseError");
    const seen = await visibleEverywhere();
    expect(seen).not.toContain(code);
    expect(seen).not.toContain(code_verifier);
    expect(exchanges()).toBe(1);
  });
});
