// Bundles one runtime's launcher (node, deno or bun) into a single ESM file, with openrouter-oauth taken from
// this repository's source, as a user's bundler would take it from the package. Returns the file's path.
import { mkdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = fileURLToPath(new URL("../..", import.meta.url));
const ENTRIES = { "openrouter-oauth/server": "server", "openrouter-oauth/node": "node", "openrouter-oauth/testing": "testing" };

export async function bundleExample(runtime) {
  const outfile = fileURLToPath(new URL(`../../.cache/server-example/${runtime}.mjs`, import.meta.url));
  await mkdir(new URL("../../.cache/server-example/", import.meta.url), { recursive: true });
  await build({
    absWorkingDir: root,
    entryPoints: [`examples/server/${runtime}.ts`],
    outfile,
    alias: Object.fromEntries(Object.entries(ENTRIES).map(([name, folder]) => [name, `./src/${folder}/index.ts`])),
    bundle: true,
    format: "esm",
    platform: "node",
    target: "es2022",
    // openapi-fetch is the package's one dependency; bundled in, so the file runs anywhere without node_modules.
    logLevel: "warning",
  });
  return outfile;
}
