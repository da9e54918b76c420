// The browser extension example (examples/browser-extension) loaded unpacked into Debian's Chromium, new headless
// mode, against the served fake OpenRouter: both ways to sign in (launchWebAuthFlow's window, and a tab that comes
// back to callback.html), a denial, a closed window, and a build whose callback page is not web-accessible.
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext, type Page, type Worker } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { buildExtension } from "../../examples/browser-extension/build.js";
import { KEY_ITEM, STATUS_ITEM, type Status } from "../../examples/browser-extension/status.js";
import { buildAuthorizationUrl, createPkcePair, maskKey } from "../../src/index.js";
import { createFakeOpenRouter, type FakeOpenRouter } from "../../src/testing/index.js";
import { serveFakeOpenRouter, type ServedFakeOpenRouter } from "../../src/testing/node/index.js";
import { CHROMIUM } from "../browser/chromium.js";

/** Git-ignored, beside the other browser scenarios' screenshots. */
const SCREENSHOTS = new URL("../browser/screenshots/", import.meta.url);

/** The fake of the current test, and what it minted; the served handler passes each request to it. */
let fake: FakeOpenRouter;
let minted: string[];
let served: ServedFakeOpenRouter;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's Chromium with "apt-get update && apt-get install -y chromium".`);
  served = await serveFakeOpenRouter({
    async fetch(request) {
      const response = await fake.fetch(request);
      if (request.method === "POST" && new URL(request.url).pathname === "/api/v1/auth/keys" && response.ok) minted.push((await response.clone().json()).key);
      return response;
    },
  });
});

afterAll(async () => {
  await served?.close();
});

beforeEach(() => {
  fake = createFakeOpenRouter();
  minted = [];
});

interface LoadedExtension {
  context: BrowserContext;
  worker: Worker;
  id: string;
  close(): Promise<void>;
}

/** Builds the example against the served fake and loads it into a fresh Chromium profile. */
async function loadExtension(callbackPageAccessible: boolean): Promise<LoadedExtension> {
  const work = await mkdtemp(join(tmpdir(), "openrouter-oauth-extension-"));
  const dir = join(work, "extension");
  await buildExtension({ outdir: dir, authUrl: served.authUrl, baseUrl: served.baseUrl, callbackPageAccessible });
  try {
    // headless: false for Playwright, as --headless=new sets the mode: the old headless mode loads no extension.
    const context = await chromium.launchPersistentContext(join(work, "profile"), {
      executablePath: CHROMIUM,
      headless: false,
      timeout: 60_000,
      args: [
        "--headless=new", `--disable-extensions-except=${dir}`, `--load-extension=${dir}`,
        "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
      ],
    });
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent("serviceworker"));
    // The extension's id is the host of its service worker's URL: chrome-extension://<id>/background.js.
    const id = new URL(worker.url()).host;
    return {
      context,
      worker,
      id,
      async close() {
        await context.close();
        await rm(work, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(work, { recursive: true, force: true });
    throw error;
  }
}

async function screenshot(page: Page, name: string) {
  await mkdir(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: new URL(`${name}.png`, SCREENSHOTS).pathname, fullPage: true });
}

/** chrome.storage.session, as the service worker sees it. */
interface WithSessionStorage {
  chrome: { storage: { session: { get(keys: string[]): Promise<Record<string, unknown>>; remove(keys: string[]): Promise<void> } } };
}

/** What the service worker keeps in chrome.storage.session: the key and the last sign-in's status. */
function stored(extension: LoadedExtension): Promise<{ key?: string; status?: Status }> {
  return extension.worker.evaluate(
    async ([keyItem, statusItem]) => {
      const items = await (globalThis as unknown as WithSessionStorage).chrome.storage.session.get([keyItem, statusItem]);
      return { key: items[keyItem] as string | undefined, status: items[statusItem] as Status | undefined };
    },
    [KEY_ITEM, STATUS_ITEM] as const,
  );
}

/** Opens the popup's page in a tab of its own (a test cannot click the toolbar button). */
async function openPopup(extension: LoadedExtension): Promise<Page> {
  const popup = await extension.context.newPage();
  await popup.goto(`chrome-extension://${extension.id}/popup.html`);
  return popup;
}

/** Presses a sign-in button and returns the window or tab OpenRouter's page opened in, once it shows. */
async function startSignIn(extension: LoadedExtension, popup: Page, button: string): Promise<Page> {
  const opened = extension.context.waitForEvent("page");
  await popup.getByRole("button", { name: button }).click();
  const page = await opened;
  await page.waitForURL((url) => url.origin === served.origin);
  await page.getByRole("button", { name: "Authorize" }).waitFor();
  return page;
}

/** Waits until the popup shows how the sign-in ended. */
async function outcome(popup: Page): Promise<string> {
  const shown = popup.locator("#outcome.signed-in, #outcome.failed");
  await shown.waitFor();
  return shown.innerText();
}

describe("the browser extension example in Chromium", () => {
  let extension: LoadedExtension;

  beforeAll(async () => {
    extension = await loadExtension(true);
  });

  afterAll(async () => {
    await extension?.close();
  });

  afterEach(async () => {
    for (const page of extension.context.pages()) await page.close();
    await extension.worker.evaluate((items) => (globalThis as unknown as WithSessionStorage).chrome.storage.session.remove(items), [KEY_ITEM, STATUS_ITEM]);
  });

  it("signs in through launchWebAuthFlow: the consent window takes the approval, and the key ends up with the extension, shown masked", async () => {
    const popup = await openPopup(extension);
    await screenshot(popup, "extension-popup");
    const consent = await startSignIn(extension, popup, "Sign in in a window");
    // launchWebAuthFlow's window: OpenRouter's page, sent back to https://<id>.chromiumapp.org/, which the browser takes.
    expect(new URL(new URL(consent.url()).searchParams.get("callback_url")!).host).toBe(`${extension.id}.chromiumapp.org`);
    await screenshot(consent, "extension-window-consent");
    const closed = consent.waitForEvent("close");
    await consent.getByRole("button", { name: "Authorize" }).click();
    await closed;

    const text = await outcome(popup);
    await screenshot(popup, "extension-window-signed-in");
    expect(minted).toHaveLength(1);
    const key = minted[0]!;
    expect(text).toContain(maskKey(key));
    expect(await popup.content()).not.toContain(key);
    expect(await stored(extension)).toMatchObject({ key, status: { kind: "signed-in", masked: maskKey(key) } });
    expect(fake.calls.exchangeAuthCodeForAPIKey).toBe(1);
  });

  it("signs in through the callback page: the tab comes back to callback.html, which hands the URL over, and the key ends up with the extension", async () => {
    const popup = await openPopup(extension);
    const tab = await startSignIn(extension, popup, "Sign in in a tab");
    const callbackUrl = new URL(new URL(tab.url()).searchParams.get("callback_url")!);
    expect(`${callbackUrl.protocol}//${callbackUrl.host}${callbackUrl.pathname}`).toBe(`chrome-extension://${extension.id}/callback.html`);
    await screenshot(tab, "extension-tab-consent");
    await tab.getByRole("button", { name: "Authorize" }).click();
    await tab.locator("#outcome.taken").waitFor();
    await screenshot(tab, "extension-tab-callback");
    // The page took the code out of its address (and the history) before anything else.
    expect(tab.url()).toBe(`chrome-extension://${extension.id}/callback.html`);

    const text = await outcome(popup);
    await screenshot(popup, "extension-tab-signed-in");
    expect(minted).toHaveLength(1);
    const key = minted[0]!;
    expect(text).toContain(maskKey(key));
    expect(await popup.content()).not.toContain(key);
    expect(await tab.content()).not.toContain(key);
    expect(await stored(extension)).toMatchObject({ key, status: { kind: "signed-in" } });
    expect(fake.calls.exchangeAuthCodeForAPIKey).toBe(1);
  });

  it("a denial in the tab is reported as AuthorizationDeniedError, and nothing is exchanged", async () => {
    const popup = await openPopup(extension);
    const tab = await startSignIn(extension, popup, "Sign in in a tab");
    await tab.getByRole("button", { name: "Deny" }).click();
    await outcome(popup);
    await screenshot(popup, "extension-tab-denied");

    expect((await stored(extension)).status).toMatchObject({ kind: "failed", error: { name: "AuthorizationDeniedError", code: "authorization_denied" } });
    expect(fake.calls.exchangeAuthCodeForAPIKey).toBe(0);
  });

  it("closing launchWebAuthFlow's window is reported as RequestAbortedError, not a hang", async () => {
    const popup = await openPopup(extension);
    const consent = await startSignIn(extension, popup, "Sign in in a window");
    await consent.close();
    await outcome(popup);
    await screenshot(popup, "extension-window-closed");

    expect((await stored(extension)).status).toMatchObject({ kind: "failed", error: { name: "RequestAbortedError", code: "aborted" } });
    expect(fake.calls.exchangeAuthCodeForAPIKey).toBe(0);
  });
});

describe("a build whose callback page is not in web_accessible_resources", () => {
  let extension: LoadedExtension;

  beforeAll(async () => {
    extension = await loadExtension(false);
  });

  afterAll(async () => {
    await extension?.close();
  });

  it("fails at once with a clear InvalidRequestError, and opens no tab", async () => {
    const popup = await openPopup(extension);
    const pages = extension.context.pages();
    await popup.getByRole("button", { name: "Sign in in a tab" }).click();
    await outcome(popup);
    await screenshot(popup, "extension-callback-page-not-web-accessible");

    expect((await stored(extension)).status).toMatchObject({
      kind: "failed",
      error: { name: "InvalidRequestError", code: "invalid_request", field: "web_accessible_resources" },
    });
    expect(extension.context.pages()).toEqual(pages);
    expect(fake.calls.exchangeAuthCodeForAPIKey).toBe(0);
  });

  it("is what Chromium blocks: OpenRouter's redirect to it never loads the page, so without the check the sign-in could only time out", async () => {
    const { code_challenge } = await createPkcePair();
    const callbackUrl = `chrome-extension://${extension.id}/callback.html`;
    const authorization = buildAuthorizationUrl({ callbackUrl, codeChallenge: code_challenge, authUrl: served.authUrl });
    const page = await extension.context.newPage();
    await page.goto(authorization.url);
    await page.getByRole("button", { name: "Authorize" }).click();
    await page.waitForURL((url) => url.origin !== served.origin);
    await screenshot(page, "extension-callback-page-blocked");

    // The fake redirected with a code; Chromium refused to load the extension's page for that origin.
    expect(page.url()).toBe("chrome-error://chromewebdata/");
    expect(await page.title()).not.toBe("Signing in with OpenRouter");
  });
});
