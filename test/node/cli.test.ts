// The CLI as a user runs it: a separate process, built from the current sources, talking over loopback to the
// fake OpenRouter served by this test. The "browser" is simulateUser, driven from the URL the CLI prints.
import { spawn, type ChildProcess } from "node:child_process";
import { chmod, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { login } from "../../src/node/index.js";
import {
  createFakeOpenRouter,
  FAKE_USER_ID,
  simulateUser,
  type FakeOpenRouter,
} from "../../src/testing/index.js";
import { serveFakeOpenRouter, type ServedFakeOpenRouter } from "../../src/testing/node/index.js";

const EXIT = { ok: 0, failed: 1, usage: 2, denied: 3, timedOut: 4, interrupted: 130 };
const KEY = /sk-or-v1-[0-9a-f]{64}/;

let work: string;
let bin: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "openrouter-oauth-cli-"));
  bin = join(work, "openrouter-oauth.mjs");
  // The command as tsup builds it, bundled whole so that it runs from any directory.
  await build({ entryPoints: ["src/node/bin.ts"], outfile: bin, bundle: true, platform: "node", format: "esm", target: "node20", logLevel: "silent" });
});

afterAll(() => rm(work, { recursive: true, force: true }));

let fake: FakeOpenRouter;
let served: ServedFakeOpenRouter;
/** Every key the fake minted, read off its responses: the secrets that must not reach the terminal. */
let minted: string[];

beforeEach(async () => {
  fake = createFakeOpenRouter();
  minted = [];
  served = await serveFakeOpenRouter({
    fetch: async (request) => {
      const response = await fake.fetch(request);
      if (new URL(request.url).pathname === "/api/v1/auth/keys" && response.ok) minted.push((await response.clone().json()).key);
      return response;
    },
  });
});

const children = new Set<ChildProcess>();
afterEach(async () => {
  for (const child of children) child.kill("SIGKILL");
  children.clear();
  await served.close();
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the CLI; `onLine` sees each line of its standard error as it comes, with the child (to signal it or
 * write to its standard input). A run that has not ended after 20 seconds is killed.
 */
function cli(args: string[], onLine?: (line: string, child: ChildProcess) => void): Promise<Run> {
  const child = spawn(process.execPath, [bin, ...args], { stdio: ["pipe", "pipe", "pipe"] });
  children.add(child);
  const killer = setTimeout(() => child.kill("SIGKILL"), 20_000);
  let stdout = "";
  let stderr = "";
  let pending = "";
  child.stdout!.on("data", (chunk) => (stdout += chunk));
  child.stderr!.on("data", (chunk: Buffer) => {
    stderr += chunk;
    pending += chunk;
    const lines = pending.split("\n");
    pending = lines.pop()!;
    for (const line of lines) onLine?.(line, child);
  });
  return new Promise((resolve) =>
    child.once("close", (code) => {
      clearTimeout(killer);
      children.delete(child);
      resolve({ code, stdout, stderr });
    }),
  );
}

const against = () => ["--base-url", served.baseUrl, "--auth-url", served.authUrl];
const authorizationUrl = (line: string) => (/^\s+(http:\/\/\S+\/auth\?\S+)$/.exec(line) ?? [])[1];

/** `login --no-open` with a user who answers `decision` on the page the CLI points to. */
function loginAs(decision: "approve" | "deny" | "ignore", extra: string[] = []) {
  let user: Promise<unknown> = Promise.resolve();
  const run = cli(["login", "--no-open", ...against(), ...extra], (line) => {
    const url = authorizationUrl(line);
    if (url && decision !== "ignore") user = simulateUser(url, decision);
  });
  return run.then(async (result) => {
    await user;
    return result;
  });
}

describe("openrouter-oauth (spawned)", { timeout: 30_000 }, () => {
  it("--help documents the commands", async () => {
    const { code, stdout } = await cli(["--help"]);
    expect(code).toBe(EXIT.ok);
    expect(stdout).toContain("login");
    expect(stdout).toContain("fake-server");
  });

  it("login --help documents every option and every exit code", async () => {
    const { code, stdout } = await cli(["login", "--help"]);
    expect(code).toBe(EXIT.ok);
    for (const flag of ["--no-open", "--port", "--key-label", "--limit", "--timeout", "--headless", "--json", "--print-key", "--output", "--base-url", "--auth-url", "--help"]) {
      expect(stdout).toContain(flag);
    }
    for (const exit of ["0 ", "1 ", "2 ", "3 ", "4 ", "130 "]) expect(stdout).toMatch(new RegExp(`^\\s+${exit}`, "m"));
  });

  it("exits with the usage code and one line for an unknown option", async () => {
    const { code, stdout, stderr } = await cli(["login", "--bogus"]);
    expect(code).toBe(EXIT.usage);
    expect(stdout).toBe("");
    expect(stderr).toBe(`openrouter-oauth: Unknown option '--bogus'. See "openrouter-oauth login --help".\n`);
  });

  it("signs in and prints a masked key, never the key itself", async () => {
    const { code, stdout, stderr } = await loginAs("approve");
    expect(code).toBe(EXIT.ok);
    expect(minted).toHaveLength(1);
    const key = minted[0]!;
    expect(stdout).toBe(`Key: sk-or-v1-${key.slice(9, 12)}...${key.slice(-4)} (use --print-key, --json or --output to get it)\n`);
    expect(stdout + stderr).not.toContain(key);
    expect(stdout + stderr).not.toMatch(KEY);
  });

  it("prints the key and user_id as JSON with --json", async () => {
    const { code, stdout } = await loginAs("approve", ["--json"]);
    expect(code).toBe(EXIT.ok);
    expect(JSON.parse(stdout)).toEqual({ key: minted[0], user_id: FAKE_USER_ID });
  });

  it("prints the bare key with --print-key, and only on standard output", async () => {
    const { code, stdout, stderr } = await loginAs("approve", ["--print-key"]);
    expect(code).toBe(EXIT.ok);
    expect(stdout).toBe(`${minted[0]}\n`);
    expect(stderr).not.toContain(minted[0]);
  });

  it("writes the key to --output with mode 0600, and not to the terminal", async () => {
    const file = join(work, "key-new");
    const { code, stdout, stderr } = await loginAs("approve", ["--output", file]);
    expect(code).toBe(EXIT.ok);
    expect(await readFile(file, "utf8")).toBe(`${minted[0]}\n`);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(stdout + stderr).not.toContain(minted[0]);
  });

  it("narrows an existing --output file to mode 0600", async () => {
    const file = join(work, "key-existing");
    await writeFile(file, "old contents that are longer than a key, to see them replaced entirely\n".repeat(3));
    await chmod(file, 0o644);
    const { code } = await loginAs("approve", ["--output", file]);
    expect(code).toBe(EXIT.ok);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await readFile(file, "utf8")).toBe(`${minted[0]}\n`);
  });

  it("exits with the denial code and a one-line reason when the user denies", async () => {
    const { code, stdout, stderr } = await loginAs("deny");
    expect(code).toBe(EXIT.denied);
    expect(stdout).toBe("");
    expect(stderr.trim().split("\n").at(-1)).toMatch(/^openrouter-oauth: The authorization was refused \(access_denied/);
    expect(fake.calls.exchangeAuthCodeForAPIKey).toBe(0);
  });

  it("exits with the timeout code when nobody signs in before --timeout", async () => {
    const { code, stderr } = await loginAs("ignore", ["--timeout", "0.5"]);
    expect(code).toBe(EXIT.timedOut);
    expect(stderr.trim().split("\n").at(-1)).toMatch(/^openrouter-oauth: No sign-in callback arrived within 0.5 s/);
  });

  it("exits with the failure code when OpenRouter refuses the exchange", async () => {
    fake.failNext("exchangeAuthCodeForAPIKey", 403);
    const { code, stdout, stderr } = await loginAs("approve");
    expect(code).toBe(EXIT.failed);
    expect(stdout).toBe("");
    expect(stderr.trim().split("\n").at(-1)).toMatch(/^openrouter-oauth: exchangeAuthCodeForAPIKey failed with HTTP 403/);
  });

  it("exits with the failure code when --port is taken", async () => {
    const other = createServer();
    await new Promise<void>((resolve) => other.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = other.address() as { port: number };
      const { code, stderr } = await cli(["login", "--no-open", ...against(), "--port", String(port)]);
      expect(code).toBe(EXIT.failed);
      expect(stderr).toContain(`port ${port} on 127.0.0.1 is already in use`);
    } finally {
      other.close();
    }
  });

  it("exits with 130 and a one-line reason on Ctrl-C while waiting", async () => {
    const { code, stdout, stderr } = await cli(["login", "--no-open", ...against()], (line, child) => {
      if (line.startsWith("Waiting for you")) child.kill("SIGINT");
    });
    expect(code).toBe(EXIT.interrupted);
    expect(stdout).toBe("");
    expect(stderr.trim().split("\n").at(-1)).toBe("openrouter-oauth: The sign-in was aborted while waiting for the callback.");
  });

  describe("--headless", () => {
    it("prints a URL without a callback and exchanges the code pasted on standard input", async () => {
      let url: string | undefined;
      const { code, stdout } = await cli(["login", "--headless", "--json", ...against()], (line, child) => {
        url ??= authorizationUrl(line);
        if (line.startsWith("Sign in there, then paste")) {
          void simulateUser(url!, "approve").then(({ code }) => child.stdin!.end(`${code}\n`));
        }
      });
      expect(code).toBe(EXIT.ok);
      expect(new URL(url!).searchParams.has("callback_url")).toBe(false);
      expect(JSON.parse(stdout)).toEqual({ key: minted[0], user_id: FAKE_USER_ID });
    });

    it("fails with a one-line reason when standard input ends without a code", async () => {
      const { code, stderr } = await cli(["login", "--headless", ...against()], (line, child) => {
        if (line.startsWith("Sign in there, then paste")) child.stdin!.end();
      });
      expect(code).toBe(EXIT.failed);
      expect(stderr.trim().split("\n").at(-1)).toBe("openrouter-oauth: login: standard input ended before a code was pasted.");
    });
  });

  describe("fake-server", () => {
    it("serves the fake on loopback until interrupted, and a sign-in against it works", async () => {
      let signedIn: Promise<{ key: string }> | undefined;
      let stdout = "";
      const run = cli(["fake-server"]);
      const child = [...children].at(-1)!;
      child.stdout!.on("data", (chunk) => {
        stdout += chunk;
        const base = /base URL\s+(\S+)/.exec(stdout)?.[1];
        const auth = /auth URL\s+(\S+)/.exec(stdout)?.[1];
        if (base && auth && !signedIn) {
          signedIn = login({ baseUrl: base, authUrl: auth, openBrowser: (url) => void simulateUser(url, "approve") });
          signedIn.finally(() => child.kill("SIGINT")).catch(() => {});
        }
      });
      const { code } = await run;
      expect(code).toBe(EXIT.ok);
      expect(stdout).toMatch(/base URL\s+http:\/\/127\.0\.0\.1:\d+\/api\/v1/);
      expect((await signedIn!).key).toMatch(KEY);
    });
  });
});
