import { defineConfig } from "tsup";

const entry = {
  index: "src/index.ts",
  testing: "src/testing/index.ts",
  "testing/node": "src/testing/node/index.ts",
  node: "src/node/index.ts",
  server: "src/server/index.ts",
};

export default defineConfig({
  // cli (runCli, for the demo) and bin (the `openrouter-oauth` command, with its shebang) are not exports.
  entry: { ...entry, cli: "src/node/cli.ts", bin: "src/node/bin.ts" },
  format: ["esm", "cjs"],
  dts: { entry },
  clean: true,
  target: "es2022",
  // Shared chunks: every entry uses the same error classes, so `instanceof` holds across entries.
  splitting: true,
  treeshake: true,
});
