// The opener is tested with node standing in for the platform's program: no test opens a real browser.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InvalidRequestError, OpenRouterOAuthError } from "../../src/index.js";
import { browserCommand, launch } from "../../src/node/open-browser.js";
import { openBrowser } from "../../src/node/index.js";

const URL_WITH_SHELL_CHARACTERS = "http://127.0.0.1:9/auth?a=1&b=$(touch pwned);c=`x`|d>e%PATH%";

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "openrouter-oauth-opener-"));
});
afterAll(() => rm(work, { recursive: true, force: true }));

describe("the browser opener", () => {
  it.each([
    ["linux", "xdg-open", [URL_WITH_SHELL_CHARACTERS]],
    ["freebsd", "xdg-open", [URL_WITH_SHELL_CHARACTERS]],
    ["darwin", "open", [URL_WITH_SHELL_CHARACTERS]],
    ["win32", "rundll32", ["url.dll,FileProtocolHandler", URL_WITH_SHELL_CHARACTERS]],
  ] as const)("on %s runs %s with the URL as one argument", (platform, file, args) => {
    expect(browserCommand(URL_WITH_SHELL_CHARACTERS, platform)).toEqual([file, args]);
  });

  it("hands the program its arguments untouched, through no shell", async () => {
    const record = join(work, "argv.json");
    const script = "require('node:fs').writeFileSync(process.argv[1], JSON.stringify(process.argv.slice(2)))";
    await launch(process.execPath, ["-e", script, record, URL_WITH_SHELL_CHARACTERS]);
    await expect.poll(() => readFile(record, "utf8").catch(() => ""), { timeout: 10_000 }).not.toBe("");
    expect(JSON.parse(await readFile(record, "utf8"))).toEqual([URL_WITH_SHELL_CHARACTERS]);
    await expect(readFile(join(process.cwd(), "pwned"))).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("rejects with an error of ours naming the program when it cannot start", async () => {
    const error = await launch(join(work, "no-such-opener"), ["http://127.0.0.1/"]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenRouterOAuthError);
    expect((error as Error).message).toMatch(/^\/.*no-such-opener could not open a browser \(ENOENT\)\.$/);
  });

  it("rejects when the program fails at once, as xdg-open does without a desktop", async () => {
    // However slowly node starts on a busy machine, it exits within this grace: only its exit code decides.
    const error = await launch(process.execPath, ["-e", "process.exit(3)"], 2_147_483_647).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenRouterOAuthError);
    expect((error as Error).message).toBe(`${process.execPath} could not open a browser (exit code 3).`);
  });

  it("resolves when the program succeeds", async () => {
    await expect(launch(process.execPath, ["-e", "process.exit(0)"])).resolves.toBeUndefined();
  });

  it("resolves when the program is still running after a moment, as an opener that waits for the browser", async () => {
    await expect(launch(process.execPath, ["-e", "setTimeout(() => {}, 3000)"])).resolves.toBeUndefined();
  });

  it.each(["file:///etc/passwd", "javascript:alert(1)", "--help", "not a url"])("refuses to open %s", async (url) => {
    await expect(openBrowser(url)).rejects.toBeInstanceOf(InvalidRequestError);
    await expect(openBrowser(url)).rejects.toMatchObject({ field: "url" });
  });
});
