import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Safety nets for a hang, never speed limits: on two busy cores a test that spawns node can take seconds, and
    // vitest's defaults (5 s a test, 10 s a hook) would fail it for being slow. Tests wait for events, not time.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    coverage: {
      provider: "v8",
      include: ["src/**/*.ts"],
      // bin.ts only wires process I/O to runCli; the CLI tests run it as a spawned process, which coverage cannot see.
      exclude: ["src/generated/**", "src/cli/bin.ts"],
      thresholds: { lines: 95, functions: 95, statements: 95, branches: 90 },
    },
  },
});
