// The CLI's logic in-process (runCli is internal, tested here on purpose): argument checks, messages and
// outcomes, quickly and without a child process. cli.test.ts runs the real command as a process.
import { mkdir, mkdtemp, readdir, readFile, realpath, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough, Readable, Writable } from "node:stream";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { ConnectionError, createOpenRouterOAuth, createPkcePair, exchangeAuthCodeForAPIKey } from "../../src/index.js";
import { maskKey, runCli, type CliIo } from "../../src/cli/run.js";
import { sayWhy } from "../../src/cli/words.js";
import { closedPort } from "../support/closed-port.js";
import { EXIT, EXIT_CODES } from "../../src/cli/help.js";
import { login } from "../../src/node/index.js";
import {
  createFakeOpenRouter,
  FAKE_APP_API_KEY,
  simulateUser,
  type FakeOpenRouter,
  type SimulatedUser,
} from "../../src/testing/index.js";
import { serveFakeOpenRouter, type ServedFakeOpenRouter } from "../../src/testing/node/index.js";
import { expectUntouched, plantedLink, plantLink, sharedFolder, victimFile } from "./planted-link.js";

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "openrouter-oauth-cli-run-"));
});
afterAll(() => rm(work, { recursive: true, force: true }));

let fake: FakeOpenRouter;
let served: ServedFakeOpenRouter;
const users: Promise<unknown>[] = [];
beforeEach(async () => {
  fake = createFakeOpenRouter();
  served = await serveFakeOpenRouter(fake);
});
afterEach(async () => {
  await Promise.allSettled(users.splice(0));
  await served.close();
  // HOME, where the rescue folder of unsaved keys goes, as some tests set it.
  vi.unstubAllEnvs();
});

const text = (stream: PassThrough) => {
  let seen = "";
  stream.on("data", (chunk) => (seen += chunk));
  return () => seen;
};

/** Runs the CLI with captured streams; `io` replaces any of them (stdin, signal, openBrowser). */
async function run(args: string[], io: Partial<CliIo> = {}) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out = text(stdout);
  const err = text(stderr);
  // A local session unless a test says otherwise: this machine may itself be a container.
  const code = await runCli(args, { stdout, stderr, stdin: new PassThrough(), env: LOCAL, ...io });
  return { code, stdout: out(), stderr: err() };
}

/** The last line a command wrote, without its newline: where the CLI says how it ended. */
const lastLine = (output: string) => output.trimEnd().split("\n").at(-1);

const LOCAL = { OPENROUTER_OAUTH_SESSION: "local" };
const against = () => ["--base-url", served.baseUrl, "--auth-url", served.authUrl];

/** A home that is a file: no rescue folder can be made in it. */
async function homeThatIsAFile(name: string) {
  const path = join(work, name);
  await writeFile(path, "");
  return path;
}

/** Standard output as a closed pipe: every write fails with EPIPE. */
function closedPipe() {
  const stdout = new Writable({ write: (_chunk, _encoding, done) => done(Object.assign(new Error("write EPIPE"), { code: "EPIPE" })) });
  stdout.on("error", () => {});
  return stdout;
}

/**
 * A file in a folder that passes the check before the sign-in and is gone when the key arrives, as a full disk
 * would fail it; `vanishThenApprove` is the browser that removes the folder, then approves.
 */
async function vanishingFile(folder: string, name = "key") {
  const dir = join(work, folder);
  await mkdir(dir);
  return {
    path: join(dir, name),
    vanishThenApprove: async (url: string) => {
      await rm(dir, { recursive: true });
      approving(url);
    },
  };
}
const approving = (url: string) => void users.push(simulateUser(url, "approve"));

describe("runCli", () => {
  describe("help", () => {
    it("prints the version with --version", async () => {
      const { code, stdout } = await run(["--version"]);
      expect(code).toBe(EXIT.ok);
      expect(stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    });

    it.each([["--help"], ["-h"], ["help"]])("prints the commands for %s", async (flag) => {
      const { code, stdout } = await run([flag]);
      expect(code).toBe(EXIT.ok);
      expect(stdout).toMatch(/^Usage: openrouter-oauth <command>/);
    });

    /** The exit codes a help lists, each with its words, as printed under "Exit codes:". */
    const listedExitCodes = (help: string) =>
      help.slice(help.indexOf("Exit codes:\n") + "Exit codes:\n".length).split("\n").filter(Boolean)
        .map((line) => /^ {2}(\d+) +(.+)$/.exec(line)!.slice(1).join(" "));

    it.each(["login", "key", "token", "fake-server"] as const)("%s --help lists exactly the exit codes the table gives it", async (command) => {
      const { code, stdout } = await run([command, "--help"]);
      expect(code).toBe(EXIT.ok);
      const own = EXIT_CODES.filter(({ commands }) => commands.includes(command)).map(({ code, means }) => `${code} ${means}`);
      expect(listedExitCodes(stdout)).toEqual(own);
    });

    it("token --help and key --help leave out what only login gives: a denied authorization, a closed pipe", async () => {
      for (const command of ["token", "key"]) {
        const codes = listedExitCodes((await run([command, "--help"])).stdout).map((line) => Number(line.split(" ")[0]));
        expect(codes).not.toContain(EXIT.denied);
        expect(codes).not.toContain(EXIT.pipeClosed);
      }
    });

    it.each([["login"], ["fake-server"]])("prints the options of %s", async (command) => {
      const { code, stdout } = await run([command, "--help"]);
      expect(code).toBe(EXIT.ok);
      expect(stdout).toMatch(new RegExp(`^Usage: openrouter-oauth ${command} \\[options\\]`));
    });
  });

  describe("usage errors", () => {
    it.each([
      ["an unknown option", ["login", "--bogus"], "there is no option --bogus"],
      ["an unknown short option", ["key", "-z"], "there is no option -z"],
      ["an option named like one every object has", ["login", "--constructor"], "there is no option --constructor"],
      ["an argument after --", ["login", "--", "now"], "this command takes no arguments, only options"],
      ["a value for a switch", ["login", "--json=yes"], "--json takes no value"],
      ["a flag where a value should be", ["login", "--limit", "--json"], "--limit needs a value before the next option"],
      ["a short flag where a value should be", ["login", "-o", "--json"], "-o needs a value before the next option"],
      ["a positional argument", ["login", "now"], "this command takes no arguments, only options"],
      ["a negative limit after a space", ["login", "--limit", "-1"], '--limit must be a number of credits, 0 or more, not "-1"'],
      ["a negative port", ["login", "--port", "-80"], '--port must be a whole number from 0 to 65535, not "-80"'],
      ["a negative timeout", ["login", "--timeout", "-5"], '--timeout must be a number of seconds above 0, not "-5"'],
      ["--headless with --port", ["login", "--headless", "--port", "8484"], "--headless and --port cannot be used together"],
      ["--json with --print-key", ["login", "--json", "--print-key"], "--json and --print-key cannot be used together"],
      ["-o - with --json", ["login", "-o", "-", "--json"], "-o - and --json cannot be used together"],
      ["--force without --output", ["login", "--force"], "--force needs --output FILE"],
      ["--env-file with --dotenv", ["login", "--env-file", "a", "--dotenv", "b"], "--env-file and --dotenv cannot be used together"],
      ["a key command with a bad base URL", ["key", "--base-url", "nope"], "--base-url must be an absolute http(s) URL"],
      ["a missing value", ["login", "--timeout"], "--timeout needs a value"],
      ["a missing value of a short option", ["login", "-o"], "--output needs a value"],
      ["a port that is not a number", ["login", "--port", "http"], '--port must be a whole number from 0 to 65535, not "http"'],
      ["a port out of range", ["login", "--port", "65536"], "--port must be a whole number from 0 to 65535"],
      ["a negative limit", ["login", "--limit=-3"], '--limit must be a number of credits, 0 or more, not "-3"'],
      ["a limit that is not a number", ["login", "--limit", "lots"], "--limit must be a number of credits"],
      ["a timeout of zero", ["login", "--timeout", "0"], "--timeout must be a number of seconds above 0"],
      ["an empty timeout", ["login", "--timeout", ""], "--timeout must be a number of seconds"],
      ["an empty key label", ["login", "--key-label", ""], "--key-label must not be empty"],
      ["a key label over 100 characters", ["login", "--key-label", "x".repeat(101)], "--key-label must be at most 100 characters"],
      ["a base URL that is not a URL", ["login", "--base-url", "openrouter.ai"], "--base-url must be an absolute http(s) URL"],
      ["an auth URL on plain http", ["login", "--no-open", "--auth-url", "http://example.com/auth"], "--auth-url must be an absolute https URL"],
      ["a base URL with a query", ["login", "--no-open", "--base-url", "https://openrouter.test/api/v1?x=1"],
        "--base-url must be an absolute http(s) URL without a user, password, query or fragment"],
      ["a key command's base URL with a fragment", ["key", "--base-url", "https://openrouter.test/api/v1#x"],
        "--base-url must be an absolute http(s) URL without a user, password, query or fragment"],
      ["a token command's base URL with a user", ["token", "--federation-policy", "p", "--subject-token-env", "JWT", "--base-url", "https://someone:hunter2@openrouter.test/api/v1"],
        "--base-url must be an absolute http(s) URL without a user, password, query or fragment"],
      ["an --output that is a directory", ["login", "--output", tmpdir()], "is a directory"],
      ["a fake-server port out of range", ["fake-server", "--port", "99999"], "--port must be a whole number"],
      ["an unknown command", ["logout"], 'unknown command "logout"'],
      ["no command", [], "no command given"],
    ])("exits 2 with one line for %s", async (_, args, message) => {
      const { code, stdout, stderr } = await run(args);
      expect(code).toBe(EXIT.usage);
      expect(stdout).toBe("");
      expect(stderr.split("\n")).toEqual([expect.stringContaining(message), ""]);
      expect(stderr).toMatch(/See "openrouter-oauth (login |key |token |fake-server )?--help"\.\n$/);
      expect(stderr).not.toMatch(/buildAuthorizationUrl|startLoopbackListener|login:/);
    });

    it("never echoes a URL the library's rule refuses: it may hold a password", async () => {
      const { code, stderr } = await run(["login", "--no-open", "--base-url", "https://someone:hunter2@openrouter.test/api/v1"]);
      expect(code).toBe(EXIT.usage);
      expect(stderr).not.toContain("hunter2");
    });

    it.each([
      ["a file name", ["key", "--key-file", "KEY"]],
      ["an option's value", ["login", "--timeout", "KEY"]],
    ])("masks a key pasted as %s, wherever the message echoes it", async (_, args) => {
      const key = `sk-or-v1-${"0a".repeat(32)}`;
      const { code, stderr } = await run(args.map((arg) => (arg === "KEY" ? key : arg)));
      expect(code).toBe(EXIT.usage);
      expect(stderr).toContain("[redacted]");
      expect(stderr).not.toContain(key);
    });
  });

  describe("login", () => {
    it("signs in through the opener it is given and prints the masked key", async () => {
      const { code, stdout } = await run(["login", ...against()], { openBrowser: approving });
      expect(code).toBe(EXIT.ok);
      expect(stdout).toMatch(/^Key: sk-or-v1-[0-9a-f]{3}\.\.\.[0-9a-f]{4} \(use --print-key, --json or --output to get it\)\n$/);
    });

    it("shows the URL and each step on standard error", async () => {
      const { stderr } = await run(["login", ...against()], { openBrowser: approving });
      expect(stderr).toMatch(/Listening for OpenRouter's answer on http:\/\/127\.0\.0\.1:\d+\/callback\n/);
      expect(stderr).toContain(`Open this URL to sign in with OpenRouter:\n\n  ${served.authUrl}?callback_url=`);
      expect(stderr).toContain("Opened the page in your browser.\n");
      expect(stderr).toContain("Waiting for you to sign in (times out in 300 s; Ctrl-C to cancel)...\n");
      expect(stderr).toContain("Exchanging the authorization code for a key (Ctrl-C now waits for it; a second Ctrl-C quits without it)...\n");
      expect(stderr).toContain("Signed in as user_fake.\n");
    });

    it.each([
      ["naming the opener that failed without repeating itself", "xdg-open could not open a browser (ENOENT).", "xdg-open: ENOENT"],
      ["with the opener's reason", "no display", "no display"],
    ])("says so when the browser cannot be opened, %s, and still signs in", async (_, failure, reason) => {
      const { code, stderr } = await run(["login", ...against()], {
        openBrowser: (url) => {
          approving(url);
          throw new Error(failure);
        },
      });
      expect(code).toBe(EXIT.ok);
      expect(stderr).toContain(`Could not open a browser (${reason}); open the URL above yourself.\n`);
    });

    it("opens nothing with --no-open", async () => {
      let opened = false;
      const { code } = await run(["login", "--no-open", "--timeout", "0.2", ...against()], { openBrowser: () => void (opened = true) });
      expect(code).toBe(EXIT.timedOut);
      expect(opened).toBe(false);
    });

    it.each([
      ["a port nothing listens on", async (): Promise<string> => `http://127.0.0.1:${await closedPort()}/api/v1`, "refused"],
      ["port 9, which fetch will not connect to", async (): Promise<string> => "http://127.0.0.1:9/api/v1", "blocked-port"],
    ] as const)("stops before any browser when --base-url is %s, saying what failed", async (_, baseUrl, reason) => {
      let opened = false;
      const url = await baseUrl();
      // A short --timeout, so that a sign-in that did start ends soon, and fails the test on what it opened.
      const { code, stderr } = await run(["login", "--timeout", "0.2", "--base-url", url, "--auth-url", served.authUrl], {
        openBrowser: () => void (opened = true),
      });
      expect(code).toBe(EXIT.failed);
      expect(opened).toBe(false);
      // The whole of standard error: the reason's sentence, and no URL to open before it.
      const said = sayWhy(new ConnectionError("", { reason }), { host: new URL(url).host, baseUrlGiven: true });
      expect(stderr).toBe(`openrouter-oauth: ${said}\n`);
      expect(fake.calls.exchangeAuthCodeForAPIKey).toBe(0);
    });

    it("exits 3 when the user denies", async () => {
      const { code, stderr } = await run(["login", ...against()], {
        openBrowser: (url) => void users.push(simulateUser(url, "deny")),
      });
      expect(code).toBe(EXIT.denied);
      expect(stderr).toMatch(/openrouter-oauth: You declined on OpenRouter; no key was created\.\n$/);
    });

    it("names a refusal's code in one bounded, clean line, however long and whatever it holds", async () => {
      const refuse = (url: string) => {
        // What anyone can write into the callback: escapes, a forged line, as much as a request line may carry.
        const callback = new URL(new URL(url).searchParams.get("callback_url")!);
        callback.searchParams.set("error", `\u001b]52;c;ZXZpbA==\u0007\r\nopenrouter-oauth: Key written.${"e".repeat(4000)}`);
        callback.searchParams.set("error_description", "<b>no</b>\n".repeat(200));
        void users.push(fetch(callback));
      };
      const { code, stderr } = await run(["login", ...against()], { openBrowser: refuse });
      expect(code).toBe(EXIT.denied);
      const last = stderr.split("\n").at(-2)!;
      expect(last).toMatch(/^openrouter-oauth: OpenRouter did not authorize the sign-in \(/);
      expect(last.length).toBeLessThan(400);
      expect(stderr).toMatch(/^[\x20-\x7e\n]*$/);
      expect(stderr).not.toContain("\nopenrouter-oauth: Key written");
    });

    it("exits 130 when interrupted", async () => {
      const controller = new AbortController();
      const { code, stderr } = await run(["login", ...against()], { signal: controller.signal, openBrowser: () => controller.abort() });
      expect(code).toBe(EXIT.interrupted);
      expect(stderr).toMatch(/openrouter-oauth: Sign-in cancelled\.\n$/);
    });

    it("sends the key label and limit to the authorization page", async () => {
      let shown: URL | undefined;
      const { code } = await run(["login", "--key-label", "My laptop", "--limit", "2.5", ...against()], {
        openBrowser: (url) => {
          shown = new URL(url);
          approving(url);
        },
      });
      expect(code).toBe(EXIT.ok);
      expect(shown!.searchParams.get("key_label")).toBe("My laptop");
      expect(shown!.searchParams.get("limit")).toBe("2.5");
    });

    it("writes the key to --output, says where, and prints nothing else about it", async () => {
      const file = join(work, "key");
      const { code, stdout, stderr } = await run(["login", ...against(), "--output", file], { openBrowser: approving });
      expect(code).toBe(EXIT.ok);
      const key = (await readFile(file, "utf8")).trim();
      expect(key).toMatch(/^sk-or-v1-[0-9a-f]{64}$/);
      expect(stderr).toContain(`Key written to ${file} (mode 0600).`);
      // Not "use --output to get it": the key was just written there.
      expect(stdout).toBe("");
      expect(stderr).not.toContain(maskKey(key));
    });

    it("refuses an --output in a directory that does not exist before showing any URL", async () => {
      let opened = false;
      const { code, stderr } = await run(["login", ...against(), "--output", join(work, "missing", "key")], {
        openBrowser: () => void (opened = true),
      });
      expect(code).toBe(EXIT.usage);
      expect(stderr).toBe(`openrouter-oauth: --output ${join(work, "missing", "key")} cannot be written (no such folder, or no permission). See "openrouter-oauth login --help".\n`);
      expect(opened).toBe(false);
    });

    it("tells the browser to return to the terminal after the sign-in", async () => {
      let page: Promise<string> | undefined;
      const { code } = await run(["login", ...against()], {
        openBrowser: (url) => {
          page = simulateUser(url, "approve", { follow: false }).then(async ({ redirectedTo }) => (await fetch(redirectedTo!)).text());
        },
      });
      expect(code).toBe(EXIT.ok);
      expect(await page).toContain("You are signed in with OpenRouter; return to the terminal.");
    });

    it("prints a key it could not write on the terminal when standard output is one", async () => {
      const dir = join(work, "vanishing");
      await mkdir(dir);
      const stdout = Object.assign(new PassThrough(), { isTTY: true });
      const out = text(stdout);
      const stderr = new PassThrough();
      const err = text(stderr);
      const code = await runCli(["login", ...against(), "--output", join(dir, "key")], {
        stdout,
        stderr,
        stdin: new PassThrough(),
        env: LOCAL,
        openBrowser: async (url) => {
          await rm(dir, { recursive: true });
          approving(url);
        },
      });
      expect(code).toBe(EXIT.failed);
      expect(out()).toMatch(/^sk-or-v1-[0-9a-f]{64}\n$/);
      expect(err()).toContain(`The key could not be written to ${join(dir, "key")} (ENOENT), so it is printed above; keep it somewhere safe.\n`);
      // On the OpenRouter the sign-in used: the served fake.
      expect(err()).toContain(`Manage or revoke this key at ${served.origin}/keys/`);
    });

    it("reads the pasted code from standard input with --headless", async () => {
      const stdin = new PassThrough();
      const pasting = (url: string) => {
        const user = simulateUser(url, "approve").then((answer: SimulatedUser) => stdin.end(`${answer.code}\r\n`));
        users.push(user);
      };
      const stderr = new PassThrough();
      const err = text(stderr);
      stderr.on("data", () => {
        const url = /^\s+(http:\/\/\S+\/auth\?\S+)$/m.exec(err())?.[1];
        if (url && !stdin.writableEnded && users.length === 0) pasting(url);
      });
      const stdout = new PassThrough();
      const out = text(stdout);
      const code = await runCli(["login", "--headless", "--json", ...against()], { stdout, stderr, stdin, env: LOCAL });
      expect(code).toBe(EXIT.ok);
      expect(JSON.parse(out())).toMatchObject({ key: expect.stringMatching(/^sk-or-v1-/), user_id: "user_fake" });
      expect(err()).toContain("Sign in there, then paste the code it shows here and press Enter");
    });

    it("exits 1 with a one-line reason when standard input ends before a code", async () => {
      const stdin = new PassThrough();
      stdin.end();
      const { code, stderr } = await run(["login", "--headless", ...against()], { stdin });
      expect(code).toBe(EXIT.failed);
      expect(stderr).toMatch(/openrouter-oauth: Standard input ended before a code was pasted\.\n$/);
    });

    it("exits 1 when the exchange fails, and names the status", async () => {
      fake.failNext("exchangeAuthCodeForAPIKey", 500);
      const { code, stdout, stderr } = await run(["login", ...against()], { openBrowser: approving });
      expect(code).toBe(EXIT.failed);
      expect(stdout).toBe("");
      expect(lastLine(stderr)).toBe("openrouter-oauth: OpenRouter failed while creating the key (HTTP 500), so no key can be trusted to exist; run login again.");
    });
  });

  describe("login's key delivery", () => {
    it("sets OPENROUTER_API_KEY in --env-file and prints the limit it asked for", async () => {
      const file = join(work, "in-process.env");
      const { code, stdout, stderr } = await run(["login", ...against(), "--env-file", file, "--limit", "3"], { openBrowser: approving });
      expect(code).toBe(EXIT.ok);
      const key = (await readFile(file, "utf8")).replace("OPENROUTER_API_KEY=", "").trim();
      expect(stdout).toBe("");
      expect(stderr).toContain(`OPENROUTER_API_KEY set in ${file} (mode 0600).`);
      expect(stderr).toMatch(/Its credit limit is \$3\.00\.\n$/);
    });

    it("writes the key alone to standard output with -o -", async () => {
      const { code, stdout } = await run(["login", ...against(), "-o", "-"], { openBrowser: approving });
      expect(code).toBe(EXIT.ok);
      expect(stdout).toMatch(/^sk-or-v1-[0-9a-f]{64}\n$/);
    });

    it("rescues a key it could not print, when standard output is a closed pipe", async () => {
      vi.stubEnv("HOME", work);
      const { code, stderr } = await run(["login", ...against(), "--print-key"], { openBrowser: approving, stdout: closedPipe() });
      expect(code).toBe(EXIT.failed);
      const rescued = /^The key could not be written to standard output \(EPIPE\), so it was saved to (\S+) \(mode 0600\) instead\.$/m.exec(stderr)?.[1];
      expect(await readFile(rescued!, "utf8")).toMatch(/^sk-or-v1-[0-9a-f]{64}\n$/);
    });

    it("prints the key on standard error when neither the file, the rescue folder nor standard output can take it", async () => {
      const file = await vanishingFile("gone-everywhere");
      vi.stubEnv("HOME", await homeThatIsAFile("home-is-a-file-too"));
      const stdout = Object.assign(closedPipe(), { isTTY: true });
      const { code, stderr } = await run(["login", ...against(), "--output", file.path], { openBrowser: file.vanishThenApprove, stdout });
      expect(code).toBe(EXIT.failed);
      expect(stderr).toMatch(/nor saved elsewhere, so here it is on standard error; keep it somewhere safe:\nsk-or-v1-[0-9a-f]{64}\n/);
    });

    it("says the key is in --output when it could not also be printed", async () => {
      const kept = join(work, "kept-despite-pipe");
      const { code, stderr } = await run(["login", ...against(), "--json", "--output", kept], { openBrowser: approving, stdout: closedPipe() });
      expect(code).toBe(EXIT.failed);
      expect(stderr).toContain(`The key could not be written to standard output (EPIPE); it is in ${kept} instead.\n`);
      expect(await readFile(kept, "utf8")).toMatch(/^sk-or-v1-[0-9a-f]{64}\n$/);
    });

    it("rescues a key it could not write to a file under the home folder when standard output is no terminal", async () => {
      const file = await vanishingFile("gone-in-process");
      vi.stubEnv("HOME", work);
      const { code, stdout, stderr } = await run(["login", ...against(), "--output", file.path], { openBrowser: file.vanishThenApprove });
      expect(code).toBe(EXIT.failed);
      expect(stdout).toBe("");
      const rescued = /so it was saved to (\S+) \(mode 0600\) instead\./.exec(stderr)?.[1];
      expect(await readFile(rescued!, "utf8")).toMatch(/^sk-or-v1-[0-9a-f]{64}\n$/);
    });

    it("says the key is in --output when only --env-file could not be written", async () => {
      const kept = join(work, "kept-key");
      const envFile = await vanishingFile("gone-env", ".env");
      const { code, stdout, stderr } = await run(["login", ...against(), "--output", kept, "--env-file", envFile.path], {
        openBrowser: envFile.vanishThenApprove,
      });
      expect(code).toBe(EXIT.failed);
      expect(stdout).toBe("");
      expect(stderr).toContain(`The key could not be written to ${envFile.path} (ENOENT); it is in ${kept} instead.\n`);
      expect(await readFile(kept, "utf8")).toMatch(/^sk-or-v1-[0-9a-f]{64}\n$/);
    });

    it("prints the key as a last resort when neither the file nor the rescue folder can be written", async () => {
      const file = await vanishingFile("gone-twice");
      vi.stubEnv("HOME", await homeThatIsAFile("home-is-a-file"));
      const { code, stdout, stderr } = await run(["login", ...against(), "--output", file.path], { openBrowser: file.vanishThenApprove });
      expect(code).toBe(EXIT.failed);
      expect(stdout).toMatch(/^sk-or-v1-[0-9a-f]{64}\n$/);
      expect(stderr.split("\n")).toContain(`The key could not be written to ${file.path} (ENOENT), nor saved elsewhere, so it is printed on standard output instead.`);
    });
  });

  describe("login and symbolic links", () => {
    /** A fresh folder of the test's own, mode 0700. */
    const own = () => mkdtemp(join(work, "links-"));

    it.each([
      ["--dotenv", []],
      ["--output", ["--force"]],
    ])("refuses %s FILE planted as a link in a shared folder, before any URL, leaving its target as it was", async (flag, extra) => {
      const dir = await own();
      const victim = await victimFile(dir);
      const link = await plantedLink(dir, ".env", victim.path);
      let opened = false;
      const { code, stdout, stderr } = await run(["login", ...against(), flag, link, ...extra], { openBrowser: () => void (opened = true) });
      expect(code).toBe(EXIT.usage);
      expect(opened).toBe(false);
      expect(stdout).toBe("");
      // One line, naming the link and where it points.
      expect(stderr.split("\n")).toEqual([expect.stringContaining(link), ""]);
      expect(stderr).toContain(victim.path);
      await expectUntouched(victim);
    });

    it("refuses a link that points to nothing, creating nothing where it points", async () => {
      const dir = await own();
      await symlink(join(dir, "elsewhere.env"), join(dir, ".env"));
      const { code, stderr } = await run(["login", ...against(), "--dotenv", join(dir, ".env")], { openBrowser: approving });
      expect(code).toBe(EXIT.usage);
      expect(stderr).toContain(join(dir, ".env"));
      expect(stderr).toContain(join(dir, "elsewhere.env"));
      expect((await readdir(dir)).sort()).toEqual([".env"]);
    });

    it("follows the user's own --output link in a 0700 folder only with --force, and says which file it wrote", async () => {
      const dir = await own();
      await mkdir(join(dir, "keys"));
      await writeFile(join(dir, "keys", "openrouter"), "old key\n");
      await symlink(join("keys", "openrouter"), join(dir, "key"));
      const target = join(await realpath(dir), "keys", "openrouter");

      const refused = await run(["login", ...against(), "--output", join(dir, "key")], { openBrowser: approving });
      expect(refused.code).toBe(EXIT.usage);
      expect(refused.stderr).toContain(`--output ${join(dir, "key")} already exists; add --force to replace it.`);

      const { code, stderr } = await run(["login", ...against(), "--output", join(dir, "key"), "--force"], { openBrowser: approving });
      expect(code).toBe(EXIT.ok);
      expect(await readFile(target, "utf8")).toMatch(/^sk-or-v1-[0-9a-f]{64}\n$/);
      expect(stderr).toContain(`Key written to ${target} (mode 0600), the file ${join(dir, "key")} links to.\n`);
    });

    it("says which file the user's own --dotenv link led to", async () => {
      const dir = await own();
      await writeFile(join(dir, "project.env"), "A=1\n");
      await symlink(join(dir, "project.env"), join(dir, ".env"));
      const { code, stderr } = await run(["login", ...against(), "--dotenv", join(dir, ".env")], { openBrowser: approving });
      expect(code).toBe(EXIT.ok);
      const target = join(await realpath(dir), "project.env");
      expect(await readFile(target, "utf8")).toMatch(/^A=1\nOPENROUTER_API_KEY=sk-or-v1-[0-9a-f]{64}\n$/);
      expect(stderr).toContain(`OPENROUTER_API_KEY set in ${target} (mode 0600), the file ${join(dir, ".env")} links to.\n`);
    });

    it("refuses a link planted while the user signs in, and keeps the key in the rescue folder instead", async () => {
      const dir = await own();
      const victim = await victimFile(dir);
      const dotenv = join(await sharedFolder(dir, "shared"), ".env");
      vi.stubEnv("HOME", dir);
      const { code, stderr } = await run(["login", ...against(), "--dotenv", dotenv], {
        openBrowser: async (url) => {
          await plantLink(victim.path, dotenv);
          approving(url);
        },
      });
      expect(code).toBe(EXIT.failed);
      await expectUntouched(victim);
      const line = stderr.split("\n").find((text) => text.startsWith(`The key could not be written to ${dotenv} `));
      expect(line).toContain(victim.path);
      const rescued = /so it was saved to (\S+) \(mode 0600\) instead\./.exec(line!)?.[1];
      expect(await readFile(rescued!, "utf8")).toMatch(/^sk-or-v1-[0-9a-f]{64}\n$/);
    });
  });

  describe("a key that cannot be delivered safely", () => {
    // A server (or a --base-url the user was talked into) whose exchange answers such a key.
    const POISONED = [
      ["a line break and a second variable", "sk-or-v1-abc\nNODE_OPTIONS=--require=/tmp/evil.js"],
      ["an OSC 52 clipboard write", "sk-or-v1-abc\u001b]52;c;ZXZpbA==\u0007"],
      ["CSI escapes", "\u001b[2J\u001b[Hsk-or-v1-abc"],
      ["a space", "sk-or-v1-abc def"],
      ["characters beyond ASCII", "sk-or-v1-abcé"],
    ];
    let poisoned: ServedFakeOpenRouter | undefined;
    afterEach(() => poisoned?.close());

    /** The fake, with its exchange answering `key` in place of the key it minted. */
    async function answering(key: string) {
      poisoned = await serveFakeOpenRouter({
        fetch: async (request) => {
          const response = await fake.fetch(request);
          if (request.method !== "POST" || new URL(request.url).pathname !== "/api/v1/auth/keys" || !response.ok) return response;
          return Response.json({ ...(await response.json()), key });
        },
      });
      return ["--base-url", poisoned.baseUrl, "--auth-url", poisoned.authUrl];
    }

    it.each(POISONED)("writes a key with %s to no file, nor the rescue folder, and prints it nowhere", async (_, key) => {
      const home = await mkdtemp(join(work, "home-"));
      vi.stubEnv("HOME", home);
      const envFile = join(home, ".env");
      await writeFile(envFile, "EXISTING=1\n");
      const output = join(home, "key.txt");
      const { code, stdout, stderr } = await run(["login", ...(await answering(key)), "--env-file", envFile, "--output", output], { openBrowser: approving });
      expect(code).toBe(EXIT.failed);
      expect(await readFile(envFile, "utf8")).toBe("EXISTING=1\n");
      expect(await readdir(home)).toEqual([".env"]);
      expect(stdout).toBe("");
      expect(stderr).not.toContain("sk-or-v1-abc");
      expect(stderr).toMatch(/^[\x20-\x7e\n]*$/);
    });

    it.each(POISONED)("prints nothing of a key with %s with --print-key or --json", async (_, key) => {
      for (const flag of ["--print-key", "--json"]) {
        const { code, stdout, stderr } = await run(["login", ...(await answering(key)), flag], { openBrowser: approving });
        await poisoned!.close();
        expect(code).toBe(EXIT.failed);
        expect(stdout).toBe("");
        expect(stderr).not.toContain("sk-or-v1-abc");
        expect(stderr).toMatch(/^[\x20-\x7e\n]*$/);
      }
    });
  });

  describe("key", () => {
    /** A key the fake minted through an in-process sign-in. */
    const mint = async (options: { keyLabel?: string; limit?: number } = {}) =>
      (await login({ baseUrl: served.baseUrl, authUrl: served.authUrl, openBrowser: approving, ...options })).key;
    const base = () => ["--base-url", served.baseUrl];

    it("describes the key in OPENROUTER_API_KEY", async () => {
      const key = await mint({ keyLabel: "In process", limit: 4 });
      const { code, stdout } = await run(["key", ...base()], { env: { ...LOCAL, OPENROUTER_API_KEY: key } });
      expect(code).toBe(EXIT.ok);
      expect(stdout.startsWith(`Label         ${maskKey(key)}\nLimit         $4.00, $4.00 remaining, never reset\n`)).toBe(true);
      expect(stdout).not.toContain(key);
    });

    it("reads a piped key, a --key-file, and prints JSON with --json", async () => {
      const key = await mint();
      const stdin = new PassThrough();
      stdin.end(`${key}\n`);
      const piped = await run(["key", "--json", ...base()], { stdin });
      expect(piped.code).toBe(EXIT.ok);
      expect(JSON.parse(piped.stdout).data.limit).toBeNull();
      const file = join(work, "key-for-key");
      await writeFile(file, `${key}\n`);
      const fromFile = await run(["key", "--key-file", file, ...base()]);
      expect(fromFile.code).toBe(EXIT.ok);
      expect(fromFile.stdout).toContain("Expires       never\n");
    });

    it("shows the expiry and the reset of a key an app minted", async () => {
      const app = createOpenRouterOAuth({ apiKey: FAKE_APP_API_KEY, baseUrl: served.baseUrl });
      const pair = await createPkcePair();
      const { data } = await app.createAuthCode({ callback_url: "https://app.example/cb", code_challenge: pair.code_challenge, code_challenge_method: "S256", limit: 1, usage_limit_type: "daily", expires_at: "2999-01-31T12:00:00Z" });
      const { key } = await exchangeAuthCodeForAPIKey({ code: data.id, code_verifier: pair.code_verifier, code_challenge_method: "S256" }, { baseUrl: served.baseUrl });
      const { stdout } = await run(["key", ...base()], { env: { ...LOCAL, OPENROUTER_API_KEY: key } });
      expect(stdout).toContain("Limit         $1.00, $1.00 remaining, reset daily\n");
      expect(stdout).toContain("Expires       2999-01-31 12:00:00 UTC\n");
    });

    it("stops waiting for a piped key that never ends when the user interrupts", async () => {
      const controller = new AbortController();
      // A pipe that never ends: the user interrupts once the command waits for it.
      const stdin = new Readable({ read: () => controller.abort() });
      const { code, stderr } = await run(["key"], { stdin, signal: controller.signal });
      expect(code).toBe(EXIT.interrupted);
      expect(stderr).toBe("openrouter-oauth: Lookup cancelled.\n");
    });

    it("is a usage error without a key on a terminal, for a key with spaces, and for too much input", async () => {
      const tty = Object.assign(new PassThrough(), { isTTY: true });
      expect((await run(["key"], { stdin: tty })).stderr).toContain("no key given: use --key-file FILE, set OPENROUTER_API_KEY, or pipe the key on standard input");
      const spaced = await run(["key"], { env: { ...LOCAL, OPENROUTER_API_KEY: "two words" } });
      expect(spaced.code).toBe(EXIT.usage);
      expect(spaced.stderr).toContain("the key in OPENROUTER_API_KEY holds spaces or unusual characters");
      expect(spaced.stderr).not.toContain("two words");
      const huge = new PassThrough();
      huge.end("k".repeat(100_000));
      expect((await run(["key"], { stdin: huge })).stderr).toContain("standard input holds far more than a key");
    });

    it("answers a key OpenRouter does not know in one sentence", async () => {
      const { code, stderr } = await run(["key", ...base()], { env: { ...LOCAL, OPENROUTER_API_KEY: "sk-or-v1-unknown" } });
      expect(code).toBe(EXIT.failed);
      expect(stderr).toBe("openrouter-oauth: OpenRouter does not know this key: it may be mistyped, revoked or expired.\n");
    });

    it("prints its help", async () => {
      const { code, stdout } = await run(["key", "--help"]);
      expect(code).toBe(EXIT.ok);
      expect(stdout).toMatch(/^Usage: openrouter-oauth key \[options\]/);
    });
  });

  describe("fake-server", () => {
    it("prints its URLs and app key, serves sign-ins, and stops when interrupted", async () => {
      const controller = new AbortController();
      const stdout = new PassThrough();
      const out = text(stdout);
      let signedIn: Promise<{ key: string }> | undefined;
      stdout.on("data", () => {
        const base = /base URL\s+(\S+)/.exec(out())?.[1];
        const auth = /auth URL\s+(\S+)/.exec(out())?.[1];
        if (base && auth && !signedIn) {
          signedIn = login({ baseUrl: base, authUrl: auth, openBrowser: approving });
          signedIn.finally(() => controller.abort()).catch(() => {});
        }
      });
      const code = await runCli(["fake-server", "--port", "0"], { stdout, stderr: new PassThrough(), stdin: new PassThrough(), env: LOCAL, signal: controller.signal });
      expect(code).toBe(EXIT.interrupted);
      expect(out()).toContain(`app key    ${FAKE_APP_API_KEY}`);
      expect((await signedIn!).key).toMatch(/^sk-or-v1-[0-9a-f]{64}$/);
    });

    it("names the port it could not listen on, as a port problem", async () => {
      // The port of the fake these tests already serve.
      const { port } = new URL(served.origin);
      const { code, stderr } = await run(["fake-server", "--port", port]);
      expect(code).toBe(EXIT.failed);
      expect(stderr).toBe(`openrouter-oauth: Port ${port} is in use; try another --port, or leave it out.\n`);
    });
  });
});

describe("maskKey", () => {
  it("keeps the prefix, three characters after it and the last four", () => {
    expect(maskKey(`sk-or-v1-abc${"0".repeat(57)}wxyz`)).toBe("sk-or-v1-abc...wxyz");
  });

  it("shows nothing of a short key", () => {
    expect(maskKey("sk-or-v1-shortkey")).toBe("sk-or-v1-...");
    expect(maskKey("tiny")).toBe("...");
  });

  it("masks a key of another shape the same way, without a prefix", () => {
    expect(maskKey("0123456789abcdef0123")).toBe("012...0123");
  });

  it.each([[undefined], [null], [42]])("refuses %j with InvalidRequestError, never a TypeError", (key) => {
    expect(() => maskKey(key as never)).toThrow(expect.objectContaining({ name: "InvalidRequestError", field: "key", message: "maskKey: key must be a string (the API key)." }));
  });
});
