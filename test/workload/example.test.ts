// examples/workload runs as `npm run example:workload` does: offline, against the served fake, with the answer it prints.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

describe("examples/workload", () => {
  it("exchanges a fake issuer's JWT at the served fake and calls GET /key with the access token, on one exchange", { timeout: 30_000 }, async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ["examples/workload/start.mjs"], { timeout: 25_000 });
    expect(stdout).toMatch(/^Fake OpenRouter on http:\/\/127\.0\.0\.1:\d+\/api\/v1\n/);
    expect(stdout).toMatch(/^GET \/key with the access token: HTTP 200, a key that works until \d{4}-\d\d-\d\dT[\d:.]+Z$/m);
    expect(stdout).toContain("Exchanges made for two requests: 1\n");
  });
});
