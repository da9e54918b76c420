import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = fileURLToPath(new URL("../..", import.meta.url));

/**
 * Bundles the page's script for the browser as a user's bundler would, with `openrouter-oauth` taken from this
 * repository's source rather than a published copy. Returns the script's text; nothing is written to disk.
 */
export async function buildPageScript(): Promise<string> {
  const result = await build({
    absWorkingDir: root,
    entryPoints: ["examples/browser/app.ts"],
    alias: { "openrouter-oauth": "./src/index.ts" },
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    minify: true,
    write: false,
    logLevel: "silent",
  });
  return result.outputFiles[0]!.text;
}
