// The server example (examples/server) in real headless Chromium, served in turn by Node, Deno and Bun (the
// runtime matrix's binaries) against the embedded fake OpenRouter served here, so that every exchange is seen.
// Each runtime runs the same bundled fetch handler in a process of its own.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { bundleExample } from "../../examples/server/build.mjs";
import { RUNTIMES, withBinaries } from "../../scripts/runtimes/runtimes.mjs";
import { keyLinks, maskKey } from "../../src/server/index.js";
import { createFakeOpenRouter } from "../../src/testing/index.js";
import { serveFakeOpenRouter, type ServedFakeOpenRouter } from "../../src/testing/node/index.js";
import { openChromium, type Chromium } from "./chromium.js";

const SCREENSHOTS = new URL("./screenshots/server/", import.meta.url);

let browser: Chromium;
let served: ServedFakeOpenRouter;
const fake = createFakeOpenRouter();
/** The keys the fake minted, in order. */
const minted: string[] = [];
const exchanges = () => fake.calls.exchangeAuthCodeForAPIKey;

beforeAll(async () => {
  browser = await openChromium();
  served = await serveFakeOpenRouter({
    async fetch(request) {
      const response = await fake.fetch(request);
      if (response.ok && new URL(request.url).pathname === "/api/v1/auth/keys") minted.push((await response.clone().json()).key);
      return response;
    },
  });
});

afterAll(async () => {
  await browser?.close();
  await served?.close();
});

interface RunningApp {
  url: string;
  stop(): Promise<void>;
}

/** Starts the bundled example with `runtime` and waits for the line that says where it listens. */
async function startApp(id: "node" | "deno" | "bun"): Promise<RunningApp> {
  const [runtime] = await withBinaries(RUNTIMES.filter((r) => r.id === id));
  const bundle = await bundleExample(id);
  const fakeArgs = ["--auth-url", served.authUrl, "--base-url", served.baseUrl];
  const work = await mkdtemp(join(tmpdir(), "openrouter-oauth-server-example-"));
  const args =
    id === "deno" ? ["run", "--cached-only", "--no-prompt", "--allow-net=127.0.0.1", bundle, ...fakeArgs]
    : id === "bun" ? ["--no-install", bundle, ...fakeArgs]
    : [bundle, ...fakeArgs];
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1", DENO_DIR: join(work, ".deno"), DENO_NO_UPDATE_CHECK: "1" };
  delete env.NODE_OPTIONS;
  const child: ChildProcess = spawn(runtime!.binary, args, { cwd: work, env, stdio: ["ignore", "pipe", "pipe"] });
  let errors = "";
  child.stderr!.setEncoding("utf8").on("data", (chunk) => (errors += chunk));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${id}: the example did not start in 30 s\n${errors}`)), 30_000);
    createInterface({ input: child.stdout! }).on("line", (line) => {
      const found = /server example\): (\S+)/.exec(line)?.[1];
      if (found) {
        clearTimeout(timer);
        resolve(found);
      }
    });
    child.once("exit", (code) => reject(new Error(`${id}: the example exited with ${code}\n${errors}`)));
  });
  return {
    url,
    async stop() {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
      await rm(work, { recursive: true, force: true });
    },
  };
}

async function screenshot(page: Page, name: string) {
  await mkdir(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: new URL(`${name}.png`, SCREENSHOTS).pathname, fullPage: true });
}

describe.each(["node", "deno", "bun"] as const)("the server example on %s, in Chromium", (runtime) => {
  let app: RunningApp;
  let page: Page;

  beforeAll(async () => {
    app = await startApp(runtime);
  });

  afterAll(async () => {
    await page?.close();
    await app?.stop();
  });

  beforeEach(async () => {
    await page?.close();
    // All the apps are on 127.0.0.1, whose cookies every port shares: each test starts with none.
    await browser.context.clearCookies();
    page = await browser.context.newPage();
  });

  /** From the home page to OpenRouter's (the fake's) consent page. */
  async function toConsent(tab: Page) {
    await tab.goto(app.url);
    await tab.getByRole("link", { name: "Sign in with OpenRouter" }).click();
    await tab.waitForURL((url) => url.origin === served.origin);
  }

  async function authorize(tab: Page) {
    await tab.getByRole("button", { name: "Authorize" }).click();
    await tab.waitForURL(app.url);
    await tab.locator("#status").waitFor();
  }

  it("signs in, stays signed in across a reload, and signs out with the truth about the key", async () => {
    const before = exchanges();
    await toConsent(page);
    await authorize(page);
    expect(exchanges()).toBe(before + 1);
    const key = minted.at(-1)!;
    expect(await page.locator("#masked-key").innerText()).toBe(maskKey(key));
    expect(await page.locator("#key-settings").getAttribute("href")).toBe((await keyLinks(key, served.origin)).settings);
    expect(await page.content()).not.toContain(key);
    const cookies = await browser.context.cookies(app.url);
    expect(cookies.map((c) => [c.name, c.httpOnly, c.sameSite])).toEqual([["openrouter-session", true, "Lax"]]);
    await screenshot(page, `${runtime}-signed-in`);

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
    await screenshot(page, `${runtime}-signed-out`);
    await page.getByRole("link", { name: "Back to the app" }).click();
    await page.getByRole("link", { name: "Sign in with OpenRouter" }).waitFor();
    expect(exchanges()).toBe(before + 1);
  });

  it("refuses a forged callback, which leaves the real pending sign-in to complete", async () => {
    const before = exchanges();
    await toConsent(page);
    const consent = page.url();
    const callbackUrl = new URL(new URL(consent).searchParams.get("callback_url")!);
    callbackUrl.searchParams.set("state", "0".repeat(32));
    callbackUrl.searchParams.set("code", "a-code-from-the-attacker");
    await page.goto(callbackUrl.href);
    expect(await page.locator("#problem").innerText()).toBe("This sign-in link has expired, was already used, or was started in another browser.");
    await screenshot(page, `${runtime}-forged-callback`);
    expect(exchanges()).toBe(before);

    await page.goto(consent);
    await authorize(page);
    expect(exchanges()).toBe(before + 1);
  });

  it("does not exchange a reloaded callback twice, and keeps the user signed in", async () => {
    const before = exchanges();
    const callback = page.waitForRequest((request) => request.isNavigationRequest() && new URL(request.url()).searchParams.has("code"));
    await toConsent(page);
    await authorize(page);
    await page.goto((await callback).url());
    expect(await page.locator("#problem").innerText()).toBe("This sign-in link has expired, was already used, or was started in another browser.");
    await screenshot(page, `${runtime}-callback-reloaded`);
    expect(exchanges()).toBe(before + 1);
    await page.goto(app.url);
    await page.locator("#status").waitFor();
  });

  it("a denial says so in the user's words and signs no one in", async () => {
    const before = exchanges();
    await toConsent(page);
    await page.getByRole("button", { name: "Deny" }).click();
    await page.locator("#problem").waitFor();
    expect(await page.locator("#problem").innerText()).toBe("You declined on OpenRouter, so this app got no key.");
    await screenshot(page, `${runtime}-denied`);
    expect(exchanges()).toBe(before);
    await page.goto(app.url);
    await page.getByRole("link", { name: "Sign in with OpenRouter" }).waitFor();
  });

  it("a sign-out form on another site does not sign the user out", async () => {
    await toConsent(page);
    await authorize(page);
    // A page of another site that posts to the app's sign-out as soon as it loads.
    const attacker = "http://attacker.test/";
    await page.route(attacker, (route) =>
      route.fulfill({
        contentType: "text/html",
        body: `<form id="f" method="post" action="${app.url}sign-out"></form><script>document.getElementById("f").submit()</script>`,
      }),
    );
    await page.goto(attacker);
    await page.waitForURL(`${app.url}sign-out`);
    expect(await page.locator("#problem").innerText()).toBe("Sign out from this app's own page.");
    await screenshot(page, `${runtime}-cross-site-sign-out`);
    await page.goto(app.url);
    await page.locator("#status").waitFor();
  });

  it("completes two sign-ins started in two tabs", async () => {
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
      await screenshot(page, `${runtime}-two-tabs`);
      expect((await browser.context.cookies(app.url)).map((c) => c.name)).toEqual(["openrouter-session"]);
    } finally {
      await second.close();
    }
  });
});
