// npm run example:workload: the workload example, offline. Node 20 runs no TypeScript, so it is bundled first, with
// openrouter-oauth taken from this repository's source as a user's bundler would take it from the package.
import { mkdir } from "node:fs/promises";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";

const root = fileURLToPath(new URL("../..", import.meta.url));
const outfile = fileURLToPath(new URL("../../.cache/workload-example/main.mjs", import.meta.url));
const ENTRIES = { "openrouter-oauth/workload": "workload", "openrouter-oauth/testing/node": "testing/node", "openrouter-oauth/testing": "testing" };

await mkdir(new URL("../../.cache/workload-example/", import.meta.url), { recursive: true });
await build({
  absWorkingDir: root,
  entryPoints: ["examples/workload/main.ts"],
  outfile,
  alias: Object.fromEntries(Object.entries(ENTRIES).map(([name, folder]) => [name, `./src/${folder}/index.ts`])),
  bundle: true,
  format: "esm",
  platform: "node",
  target: "es2022",
  logLevel: "warning",
});
await import(pathToFileURL(outfile).href);
