// examples/workload runs as `npm run example:workload` does: offline, against the served fake, with the answer it prints.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

describe("examples/workload", () => {
  it("exchanges a fake issuer's JWT at the served fake and calls GET /key with the access token, on one exchange", { timeout: 30_000 }, async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ["examples/workload/start.mjs"], { timeout: 25_000 });
    expect(stdout).toMatch(/^Fake OpenRouter on http:\/\/127\.0\.0\.1:\d+\/api\/v1\n/);
    expect(stdout).toContain('GET /key with the access token: HTTP 200, the key of "Workload identity (4b2f7d1e-8c3a-4e5f-9a6b-1c2d3e4f5a6b)"\n');
    expect(stdout).toContain("Exchanges made for two requests: 1\n");
  });
});
