// openrouter-oauth/testing bundles for a browser: the fake and simulateUser need only fetch and Web Crypto, and the
// Node-only server is its own entry (openrouter-oauth/testing/node).
import { build } from "esbuild";
import { describe, expect, it } from "vitest";

const bundleForBrowser = (entry: string) =>
  build({
    stdin: { contents: `export * from ${JSON.stringify(entry)};`, resolveDir: new URL(".", import.meta.url).pathname, loader: "ts" },
    bundle: true,
    format: "esm",
    platform: "browser",
    write: false,
    logLevel: "silent",
  });

describe("the testing entry", () => {
  it("bundles for a browser, with no node: import left in it", async () => {
    const result = await bundleForBrowser("../../src/testing/index.ts");
    const code = result.outputFiles[0]!.text;
    expect(code).toContain("createFakeOpenRouter");
    expect(code).toContain("simulateUser");
    expect(code).not.toMatch(/from\s*["']node:|require\(["']node:/);
  });

  it("leaves serving over HTTP to openrouter-oauth/testing/node, which a browser bundle cannot take", async () => {
    const failure = await bundleForBrowser("../../src/testing/node/index.ts").catch((error: { errors: { text: string }[] }) => error);
    expect("errors" in failure && failure.errors.map((error) => error.text)).toContain('Could not resolve "node:http"');
  });
});
