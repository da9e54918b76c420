// A throw-away app that installs the packed tarball as a user would, beside the smoke scripts.
import { copyFile, readdir, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { run } from "./process.mjs";

const SMOKE_DIR = new URL("./smoke/", import.meta.url);

async function newestChange(path) {
  const info = await stat(path);
  if (!info.isDirectory()) return info.mtimeMs;
  const entries = await readdir(path);
  return Math.max(info.mtimeMs, ...(await Promise.all(entries.map((entry) => newestChange(join(path, entry))))));
}

/** Builds the package unless dist/ is newer than everything it is built from. */
export async function ensureBuilt(root) {
  const built = await stat(join(root, "dist/index.js")).then((s) => s.mtimeMs, () => 0);
  const sources = ["src", "tsup.config.ts", "package.json"].map((p) => newestChange(join(root, p)));
  if (built > Math.max(...(await Promise.all(sources)))) return;
  console.log("dist/ is missing or older than its sources: npm run build");
  await run("npm", ["run", "build"], { cwd: root, timeoutMs: 300_000 });
}

/** Packs `root` and installs the tarball into `work`, an app whose package.json is `manifest`; returns its name. */
export async function installTarball(root, work, manifest) {
  const { stdout } = await run("npm", ["pack", "--json", "--pack-destination", work], { cwd: root });
  const [{ filename }] = JSON.parse(stdout);
  await writeFile(join(work, "package.json"), JSON.stringify({ private: true, ...manifest }));
  await run("npm", ["install", "--no-audit", "--no-fund", "--no-package-lock", join(work, filename)], { cwd: work, timeoutMs: 300_000 });
  return filename;
}

/** Packs `root` and installs the tarball into `work`, with the smoke scripts beside it. */
export async function installConsumer(root, work) {
  const filename = await installTarball(root, work, { name: "smoke-consumer" });
  for (const file of await readdir(SMOKE_DIR)) await copyFile(new URL(file, SMOKE_DIR), join(work, file));
  // The runner loads the fake OpenRouter the way a user's tests would: through the installed package's subpath.
  await writeFile(join(work, "testing.mjs"), 'export * from "openrouter-oauth/testing";\nexport * from "openrouter-oauth/testing/node";\n');
  return filename;
}
