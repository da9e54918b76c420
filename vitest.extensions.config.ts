import { defineConfig } from "vitest/config";

// The extension scenarios (npm run test:extensions): real extensions loaded into real hosts (Chromium, code-server),
// slower than the browser scenarios, so kept apart from them and from `npm test`.
export default defineConfig({
  test: {
    include: ["test/extensions/**/*.e2e.ts"],
    // One browser or editor at a time: the machines that run this have two cores.
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 300_000,
  },
});
