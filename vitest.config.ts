import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    coverage: {
      provider: "v8",
      include: ["src/**/*.ts"],
      // bin.ts only wires process I/O to runCli; the CLI tests run it as a spawned process, which coverage cannot see.
      exclude: ["src/generated/**", "src/cli/bin.ts"],
      thresholds: { lines: 95, functions: 95, statements: 95, branches: 90 },
    },
  },
});
