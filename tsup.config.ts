import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { defineConfig, type Options } from "tsup";

/** The package's exported entries, by their name in dist/, and their sources. */
export const ENTRIES = {
  index: "src/index.ts",
  testing: "src/testing/index.ts",
  "testing/node": "src/testing/node/index.ts",
  node: "src/node/index.ts",
  server: "src/server/index.ts",
  workload: "src/workload/index.ts",
  extension: "src/extension/index.ts",
  vscode: "src/vscode/index.ts",
};

const MAIN_ENTRY = resolve(ENTRIES.index);
/** The error classes: the files src/errors/index.ts re-exports, and so the main entry too. */
const ERROR_CLASSES = new Set(
  [...readFileSync("src/errors/index.ts", "utf8").matchAll(/from "\.\/([\w-]+)\.js"/g)].map(([, name]) => resolve("src/errors", `${name}.ts`)),
);

/**
 * The other entries take the main entry itself, and its error classes, from the package ("openrouter-oauth"
 * resolves to the main entry from inside the package): one copy of each class, so that `instanceof` holds
 * across entries, while the main entry stays a single file, the quickest to import.
 */
const mainEntryFromPackage: NonNullable<Options["esbuildPlugins"]>[number] = {
  name: "main-entry-from-package",
  setup(build) {
    build.onResolve({ filter: /^\.\.?\// }, ({ path, resolveDir }) => {
      const file = resolve(resolveDir, path.replace(/\.js$/, ".ts"));
      if (file === MAIN_ENTRY || ERROR_CLASSES.has(file)) return { path: "openrouter-oauth", external: true };
      return undefined;
    });
  },
};

const { index, ...others } = ENTRIES;
const common: Options = { format: ["esm", "cjs"], target: "es2022", treeshake: true };

export default defineConfig([
  { ...common, entry: { index }, splitting: false },
  {
    ...common,
    // cli (runCli, for the demo) and bin (the `openrouter-oauth` command, with its shebang) are not exports.
    entry: { ...others, cli: "src/cli/run.ts", bin: "src/cli/bin.ts" },
    splitting: true,
    // `node:` kept: Deno needs it, and a Worker's bundler leaves a node: import alone (fromFile's, made when called).
    removeNodeProtocol: false,
    esbuildPlugins: [mainEntryFromPackage],
    // The editor's API, which the extension host provides: never bundled.
    external: ["vscode"],
    dts: { entry: ENTRIES },
  },
]);
