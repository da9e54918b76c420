// openrouter-oauth/workload bundles for a Worker or a browser: fetch and Web Crypto only. fromFile's node:fs is
// imported only when it is called, and left out of any bundle that does not use fromFile.
import { build } from "esbuild";
import { describe, expect, it } from "vitest";

const bundleForWorker = async (code: string) => {
  const result = await build({
    stdin: { contents: code, resolveDir: new URL(".", import.meta.url).pathname, loader: "ts" },
    bundle: true,
    format: "esm",
    platform: "browser",
    conditions: ["workerd", "worker"],
    write: false,
    logLevel: "silent",
  });
  return result.outputFiles[0]!.text;
};

describe("the workload entry", () => {
  it("bundles whole for a Worker, with node:fs only as fromFile's import when called", async () => {
    const code = await bundleForWorker('export * from "../../src/workload/index.ts";');
    expect(code).toContain("createWorkloadIdentity");
    expect(code).not.toMatch(/from\s*["']node:|require\(["']node:/);
    expect(code.match(/["']node:[\w/]+["']/g)).toEqual(['"node:fs/promises"']);
    expect(code).toMatch(/import\(\s*(\/\*[^*]*\*\/\s*)*"node:fs\/promises"\s*\)/);
  });

  it("leaves node: out entirely of a Worker that uses createWorkloadIdentity with fromGitHubActions", async () => {
    const code = await bundleForWorker('export { createWorkloadIdentity, fromGitHubActions } from "../../src/workload/index.ts";');
    expect(code).not.toContain("node:");
  });
});
