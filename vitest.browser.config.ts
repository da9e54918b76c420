import { defineConfig } from "vitest/config";

// The browser scenarios (npm run test:browser): real headless Chromium, so kept apart from the fast `npm test`.
export default defineConfig({
  test: {
    include: ["test/browser/**/*.e2e.ts"],
    // One Chromium at a time: the machines that run this have two cores.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
