// Bundles the extension into one CommonJS file, dist/extension.js, as VS Code loads it: openrouter-oauth comes
// from this repository's built package (run `npm run build` first), and `vscode` is left to the editor.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const here = fileURLToPath(new URL(".", import.meta.url));
const dist = fileURLToPath(new URL("../../dist/", import.meta.url));

/** `openrouter-oauth` and `openrouter-oauth/<entry>` as the built package's ES modules. */
const fromBuiltPackage = {
  name: "openrouter-oauth-from-dist",
  setup(build) {
    build.onResolve({ filter: /^openrouter-oauth(\/.*)?$/ }, ({ path }) => ({ path: `${dist}${path === "openrouter-oauth" ? "index" : path.slice("openrouter-oauth/".length)}.js` }));
  },
};

export async function buildExtension() {
  if (!existsSync(`${dist}index.js`)) throw new Error("dist/ is missing: run `npm run build` before building the VS Code example.");
  await build({
    absWorkingDir: here,
    entryPoints: ["src/extension.ts"],
    outfile: "dist/extension.js",
    bundle: true,
    format: "cjs",
    platform: "node",
    target: "node20",
    external: ["vscode"],
    plugins: [fromBuiltPackage],
    logLevel: "warning",
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildExtension();
