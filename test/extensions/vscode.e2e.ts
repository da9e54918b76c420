// The VS Code example for real: packaged with @vscode/vsce, installed into code-server (VS Code 1.139 for the web)
// served on 127.0.0.1, and driven through Debian's Chromium. The command palette runs "OpenRouter: Sign in", the
// served fake's consent page is approved in a tab of the same browser profile (so code-server's callback page hands
// the URI to the extension's URI handler), and "OpenRouter: Show key" shows the key from SecretStorage, masked.
// code-server and vsce come from scripts/extensions/install-code-server.sh (.cache/, on Node 24).
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { maskKey } from "../../src/index.js";
import { createFakeOpenRouter } from "../../src/testing/index.js";
import { serveFakeOpenRouter, type ServedFakeOpenRouter } from "../../src/testing/node/index.js";
// @ts-expect-error: a plain .mjs build script, without types.
import { buildExtension } from "../../examples/vscode/build.mjs";
import { openChromium, type Chromium } from "../browser/chromium.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const CACHE = join(ROOT, ".cache");
const NODE24_BIN = join(CACHE, "node24", "bin");
const CODE_SERVER = join(CACHE, "code-server", "node_modules", ".bin", "code-server");
const VSCE = join(CACHE, "vsce", "node_modules", ".bin", "vsce");
const SCREENSHOTS = new URL("../browser/screenshots/", import.meta.url);
const EXTENSION_ID = "openrouter-oauth-example.openrouter-sign-in-example";

/** Node 24 first on PATH: code-server and vsce run on it, the project on Node 20. */
const env24 = { ...process.env, PATH: `${NODE24_BIN}:${process.env.PATH}` };

/** Runs a command to its end; its output is kept for the failure it explains. */
function run(command: string, args: string[], cwd = ROOT): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: env24 });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("error", reject);
    child.on("close", (status) => (status === 0 ? resolve(output) : reject(new Error(`${command} ${args.join(" ")} exited ${status}:\n${output}`))));
  });
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });

/** Starts code-server and waits until it says it listens. */
function startCodeServer(args: string[]): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(CODE_SERVER, args, { env: env24 });
    let output = "";
    const onData = (chunk: Buffer) => {
      output += chunk;
      if (output.includes("HTTP server listening")) resolve(child);
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.on("error", reject);
    child.on("exit", (status) => reject(new Error(`code-server exited ${status} before it listened:\n${output}`)));
  });
}

let temp: string;
let served: ServedFakeOpenRouter;
let codeServer: ChildProcess | undefined;
let browser: Chromium | undefined;
let workbenchUrl: string;
/** The keys the fake minted, read from its exchange's answers: the test's way to know the key it must see masked. */
const minted: string[] = [];

beforeAll(async () => {
  if (!existsSync(CODE_SERVER) || !existsSync(VSCE)) {
    throw new Error("code-server or vsce is missing: run scripts/extensions/install-code-server.sh first.");
  }
  temp = await mkdtemp(join(tmpdir(), "openrouter-oauth-vscode-"));
  const fake = createFakeOpenRouter();
  served = await serveFakeOpenRouter({
    async fetch(request) {
      const response = await fake.fetch(request);
      if (new URL(request.url).pathname === "/api/v1/auth/keys" && response.ok) minted.push((await response.clone().json()).key);
      return response;
    },
    // On [::1]: code-server sends a page on localhost or 127.0.0.1 through its port proxy (/proxy/<port>/),
    // re-encoding the query on the way, as it never does to OpenRouter's https page.
  }, { host: "::1" });

  await buildExtension();
  const vsix = join(temp, "openrouter-sign-in-example.vsix");
  await run(VSCE, ["package", "--no-dependencies", "--allow-missing-repository", "--skip-license", "--out", vsix], join(ROOT, "examples/vscode"));

  const userData = join(temp, "user-data");
  const extensions = join(temp, "extensions");
  const workspace = join(temp, "workspace");
  await mkdir(join(userData, "User"), { recursive: true });
  await mkdir(workspace);
  // Workspace trust off, or the extension never activates; the example pointed at the served fake.
  const settings = {
    "security.workspace.trust.enabled": false,
    "workbench.startupEditor": "none",
    "telemetry.telemetryLevel": "off",
    "extensions.autoCheckUpdates": false,
    "openrouterExample.authUrl": served.authUrl,
    "openrouterExample.baseUrl": served.baseUrl,
  };
  await writeFile(join(userData, "User", "settings.json"), JSON.stringify(settings, null, 2));
  const common = ["--user-data-dir", userData, "--extensions-dir", extensions, "--config", join(temp, "config.yaml")];
  await run(CODE_SERVER, [...common, "--install-extension", vsix]);

  const port = await freePort();
  codeServer = await startCodeServer([
    ...common, "--auth", "none", "--bind-addr", `127.0.0.1:${port}`, "--disable-telemetry", "--disable-update-check", workspace,
  ]);
  workbenchUrl = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`;
  browser = await openChromium();
});

afterAll(async () => {
  await browser?.close();
  codeServer?.kill();
  await served?.close();
  if (temp) await rm(temp, { recursive: true, force: true });
});

async function screenshot(page: Page, name: string) {
  await mkdir(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: new URL(`vscode-${name}.png`, SCREENSHOTS).pathname });
}

/**
 * Runs a command from the command palette, by its title. The palette lists an extension's commands once the
 * workbench has read the server's extensions, a few seconds after it shows: until then it is opened again.
 */
async function runCommand(page: Page, title: string) {
  const input = page.locator(".quick-input-widget input");
  const row = page.locator(".quick-input-list .monaco-list-row", { hasText: title }).first();
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press("F1");
    await input.waitFor({ state: "visible" });
    await input.fill(`>${title}`);
    try {
      await row.waitFor({ state: "visible", timeout: 5_000 });
      break;
    } catch (error) {
      if (attempt === 12) {
        await screenshot(page, "command-not-found");
        throw error;
      }
      await page.keyboard.press("Escape");
    }
  }
  await input.press("Enter");
}

describe("the VS Code example in code-server", () => {
  it("signs in from the command palette, through the URI handler, and keeps the key in SecretStorage", async () => {
    const { context } = browser!;
    const page = await context.newPage();
    await page.goto(workbenchUrl);
    await page.locator(".monaco-workbench").waitFor({ state: "visible", timeout: 120_000 });
    await page.locator(".statusbar").waitFor({ state: "visible" });
    await screenshot(page, "1-workbench");

    const consentOpens = context.waitForEvent("page", { timeout: 60_000 });
    await runCommand(page, "OpenRouter: Sign in");
    // VS Code asks before it opens a site it does not trust; code-server opens the page in a new tab of this profile.
    const openButton = page.locator(".monaco-dialog-box .monaco-button", { hasText: /^Open$/ });
    const consent = await Promise.race([
      consentOpens,
      openButton.waitFor({ state: "visible", timeout: 60_000 }).then(async () => {
        await screenshot(page, "2-open-dialog");
        await openButton.click();
        return consentOpens;
      }),
    ]);
    await consent.waitForLoadState();
    await screenshot(consent, "3-consent");
    expect(consent.url().startsWith(served.authUrl), consent.url()).toBe(true);

    await consent.locator('button[value="approve"]').click();
    // The consent page sends the tab to code-server's callback page, which hands the URI to the workbench.
    await consent.waitForURL((url) => url.pathname.endsWith("/callback"));
    await screenshot(consent, "4-callback");

    await page.bringToFront();
    const signedIn = page.locator(".notifications-toasts .notification-list-item", { hasText: "Signed in with OpenRouter" });
    await signedIn.waitFor({ state: "visible", timeout: 60_000 });
    expect(minted).toHaveLength(1);
    const key = minted[0]!;
    expect(await signedIn.textContent()).toContain(maskKey(key));
    await screenshot(page, "5-signed-in");

    await runCommand(page, "OpenRouter: Show key");
    const shown = page.locator(".notifications-toasts .notification-list-item", { hasText: "OpenRouter key:" });
    await shown.waitFor({ state: "visible", timeout: 30_000 });
    const text = (await shown.textContent()) ?? "";
    expect(text).toContain(maskKey(key));
    expect(text).not.toContain(key);
    await screenshot(page, "6-key-masked");
  });
});
