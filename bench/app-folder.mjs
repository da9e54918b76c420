// The package as an app installs it: dist/ built by `npm run build`, and an app folder whose node_modules holds
// it beside openapi-fetch and the SDK, so that every import below resolves by package name, as in a real app.
import { mkdirSync, rmSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { ensureBuilt } from "../scripts/runtimes/consumer.mjs";
import { ROOT } from "./bundles.mjs";

export const APP = join(ROOT, ".cache", "bench", "app");

/** Builds dist/ unless it is newer than its sources, and links the packages into the bench's app; returns its folder. */
export async function installInApp() {
  await ensureBuilt(ROOT);
  rmSync(APP, { recursive: true, force: true });
  mkdirSync(join(APP, "node_modules", "@openrouter"), { recursive: true });
  symlinkSync(ROOT, join(APP, "node_modules", "openrouter-oauth"), "dir");
  for (const name of ["openapi-fetch", "@openrouter/sdk"]) symlinkSync(join(ROOT, "node_modules", name), join(APP, "node_modules", name), "dir");
  return APP;
}
