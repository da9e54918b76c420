import { defineConfig } from "tsup";

export default defineConfig({
  entry: { index: "src/index.ts", testing: "src/testing/index.ts" },
  format: ["esm", "cjs"],
  dts: true,
  clean: true,
  target: "es2022",
  // Shared chunks: every entry uses the same error classes, so `instanceof` holds across subpaths.
  splitting: true,
  treeshake: true,
});
