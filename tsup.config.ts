import { dirname, resolve } from "node:path";
import { defineConfig, type Options } from "tsup";

/** The package's exported entries, by their name in dist/, and their sources. */
export const ENTRIES = {
  index: "src/index.ts",
  testing: "src/testing/index.ts",
  "testing/node": "src/testing/node/index.ts",
  node: "src/node/index.ts",
  server: "src/server/index.ts",
  workload: "src/workload/index.ts",
};

const MAIN_ENTRY = resolve(ENTRIES.index);
const ERRORS = resolve("src/errors");
// The error classes, one a file, and their index; not the helpers beside them (masking, excerpts), which the main
// entry uses but does not export.
const isErrorClass = (file: string) => dirname(file) === ERRORS && /(?:-error|\/index)\.ts$/.test(file);

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
      if (file === MAIN_ENTRY || isErrorClass(file)) return { path: "openrouter-oauth", external: true };
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
    dts: { entry: ENTRIES },
  },
]);
