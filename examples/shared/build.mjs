// Bundles one example's launcher (like "hono/deno") into a single ESM file under .cache/examples/, with
// openrouter-oauth taken from this repository's source, as a user's bundler would take it from the package.
// Returns the file's path.
import { mkdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = fileURLToPath(new URL("../..", import.meta.url));
const ENTRIES = {
  "openrouter-oauth": "src/index.ts",
  "openrouter-oauth/server": "src/server/index.ts",
  "openrouter-oauth/node": "src/node/index.ts",
  "openrouter-oauth/testing": "src/testing/index.ts",
};

/**
 * `external`: packages left to Node to load from this repository's node_modules (CommonJS frameworks, which an ESM
 * bundle cannot require). `platform: "browser"` with `conditions` is for a Worker, which has no Node built-ins.
 */
export async function bundle(entry, { external = [], platform = "node", conditions = [], outfile } = {}) {
  const out = outfile ?? fileURLToPath(new URL(`../../.cache/examples/${entry.replace("/", "-")}.mjs`, import.meta.url));
  await mkdir(new URL("..", `file://${out}`), { recursive: true });
  await build({
    absWorkingDir: root,
    entryPoints: [`examples/${entry}.ts`],
    outfile: out,
    alias: Object.fromEntries(Object.entries(ENTRIES).map(([name, source]) => [name, `./${source}`])),
    bundle: true,
    format: "esm",
    platform,
    conditions,
    external,
    target: "es2022",
    // A CommonJS package bundled in (the AI SDK's @vercel/oidc) requires Node's built-ins, which an ES module can
    // only do through a require of its own; Deno and Bun take node:module too.
    banner: platform === "node" ? { js: 'import { createRequire as __createRequire } from "node:module"; const require = __createRequire(import.meta.url);' } : {},
    // openapi-fetch is the package's one dependency; bundled in, so the file runs without node_modules.
    logLevel: "warning",
  });
  return out;
}
