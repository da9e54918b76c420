import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext } from "playwright-core";

/** Debian's Chromium: the browser is installed by the system, never downloaded by Playwright. */
export const CHROMIUM = "/usr/bin/chromium";

const ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-quic",
];

export interface Chromium {
  context: BrowserContext;
  close(): Promise<void>;
}

/**
 * A headless Chromium with a profile of its own (a fresh temporary --user-data-dir), removed on close.
 * `ignoreHTTPSErrors` lets it take a test's self-signed certificate.
 */
export async function openChromium({ ignoreHTTPSErrors = false } = {}): Promise<Chromium> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: install Debian's Chromium with "apt-get update && apt-get install -y chromium".`);
  }
  const profile = await mkdtemp(join(tmpdir(), "openrouter-oauth-chromium-"));
  try {
    // Playwright passes the profile to Chromium as --user-data-dir.
    const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ARGS, timeout: 30_000, ignoreHTTPSErrors });
    return {
      context,
      async close() {
        await context.close();
        await rm(profile, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(profile, { recursive: true, force: true });
    throw error;
  }
}
