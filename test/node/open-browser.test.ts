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

/** What a program wrote to `file`, once written whole (it ends with a newline): a program may start slowly. */
async function written(file: string): Promise<string> {
  for (;;) {
    const text = await readFile(file, "utf8").catch(() => "");
    if (text.endsWith("\n")) return text;
    await new Promise((resolve) => setTimeout(resolve, 10)); // how often to look, not how long to wait
  }
}

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
    const script = "require('node:fs').writeFileSync(process.argv[1], JSON.stringify(process.argv.slice(2)) + '\\n')";
    await launch(process.execPath, ["-e", script, record, URL_WITH_SHELL_CHARACTERS]);
    expect(JSON.parse(await written(record))).toEqual([URL_WITH_SHELL_CHARACTERS]);
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
    // Within this grace too, only its exit code decides.
    await expect(launch(process.execPath, ["-e", "process.exit(0)"], 2_147_483_647)).resolves.toBeUndefined();
  });

  it("resolves when the program is still running after a moment, as an opener that waits for the browser", async () => {
    // It runs until this test kills it (or this process is gone), so it cannot exit before the grace is over,
    // however slowly either starts: only the grace can let launch() resolve.
    const record = join(work, "running.pid");
    const script = [
      "require('node:fs').writeFileSync(process.argv[1], process.pid + '\\n');",
      "setInterval(() => { try { process.kill(Number(process.argv[2]), 0); } catch { process.exit(); } }, 1000);",
    ].join(" ");
    await expect(launch(process.execPath, ["-e", script, record, String(process.pid)])).resolves.toBeUndefined();
    process.kill(Number(await written(record))); // once it has started
  });

  it.each(["file:///etc/passwd", "javascript:alert(1)", "--help", "not a url"])("refuses to open %s", async (url) => {
    await expect(openBrowser(url)).rejects.toBeInstanceOf(InvalidRequestError);
    await expect(openBrowser(url)).rejects.toMatchObject({ field: "url" });
  });
});
