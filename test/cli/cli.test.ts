// The CLI as a user runs it (spawned.ts): sign-in, output, exit codes, and that no key appears unasked.
import { spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { login } from "../../src/node/index.js";
import { FAKE_USER_ID, simulateUser } from "../../src/testing/index.js";
import { authorizationUrl, EXIT, KEY, lastLine, useSpawnedCli } from "./spawned.js";

const { state, cli, against } = useSpawnedCli();

/** `login --no-open` with a user who answers `decision` on the page the CLI points to. */
function loginAs(decision: "approve" | "deny" | "ignore", extra: string[] = []) {
  let user: Promise<unknown> = Promise.resolve();
  const run = cli(["login", "--no-open", ...against(), ...extra], {
    onLine: (line) => {
      const url = authorizationUrl(line);
      if (url && decision !== "ignore") user = simulateUser(url, decision);
    },
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
    for (const command of ["login", "key", "fake-server", "--version"]) expect(stdout).toContain(command);
  });

  it("--version prints the package's version", async () => {
    const { version } = (await import("../../package.json")).default;
    const { code, stdout, stderr } = await cli(["--version"]);
    expect(code).toBe(EXIT.ok);
    expect(stdout).toBe(`${version}\n`);
    expect(stderr).toBe("");
  });

  it("login --help documents every option and every exit code", async () => {
    const { code, stdout } = await cli(["login", "--help"]);
    expect(code).toBe(EXIT.ok);
    for (const flag of ["--no-open", "--port", "--key-label", "--limit", "--timeout", "--headless", "--json", "--print-key", "--output", "--force", "--dotenv", "--env-file", "--base-url", "--auth-url", "--help"]) {
      expect(stdout).toContain(flag);
    }
    for (const exit of ["0 ", "1 ", "2 ", "3 ", "4 ", "130 ", "141 ", "143 "]) expect(stdout).toMatch(new RegExp(`^\\s+${exit}`, "m"));
  });

  it("exits with the usage code and one line for an unknown option", async () => {
    const { code, stdout, stderr } = await cli(["login", "--bogus"]);
    expect(code).toBe(EXIT.usage);
    expect(stdout).toBe("");
    expect(stderr).toBe(`openrouter-oauth: there is no option --bogus. See "openrouter-oauth login --help".\n`);
  });

  it("signs in and prints a masked key, never the key itself", async () => {
    const { code, stdout, stderr } = await loginAs("approve");
    expect(code).toBe(EXIT.ok);
    expect(state.minted).toHaveLength(1);
    const key = state.minted[0]!;
    expect(stdout).toBe(`Key: sk-or-v1-${key.slice(9, 12)}...${key.slice(-4)} (use --print-key, --json or --output to get it)\n`);
    expect(stdout + stderr).not.toContain(key);
    expect(stdout + stderr).not.toMatch(KEY);
  });

  it("prints the key and user_id as JSON with --json", async () => {
    const { code, stdout } = await loginAs("approve", ["--json"]);
    expect(code).toBe(EXIT.ok);
    expect(JSON.parse(stdout)).toEqual({ key: state.minted[0], user_id: FAKE_USER_ID });
  });

  it("prints the bare key with --print-key, and only on standard output", async () => {
    const { code, stdout, stderr } = await loginAs("approve", ["--print-key"]);
    expect(code).toBe(EXIT.ok);
    expect(stdout).toBe(`${state.minted[0]}\n`);
    expect(stderr).not.toContain(state.minted[0]);
  });

  it("exits with the denial code and says so in the user's words", async () => {
    const { code, stdout, stderr } = await loginAs("deny");
    expect(code).toBe(EXIT.denied);
    expect(stdout).toBe("");
    expect(lastLine(stderr)).toBe("openrouter-oauth: You declined on OpenRouter; no key was created.");
    expect(state.fake.calls.exchangeAuthCodeForAPIKey).toBe(0);
  });

  it("exits with the timeout code, showing the timeout it used, when nobody signs in", async () => {
    const { code, stderr } = await loginAs("ignore", ["--timeout", "0.5"]);
    expect(code).toBe(EXIT.timedOut);
    expect(stderr).toContain("Waiting for you to sign in (times out in 0.5 s; Ctrl-C to cancel)...");
    expect(lastLine(stderr)).toBe("openrouter-oauth: Nobody finished signing in within 0.5 s; run login again.");
  });

  it("exits with the failure code when OpenRouter refuses the exchange, in the user's words", async () => {
    state.fake.failNext("exchangeAuthCodeForAPIKey", 403);
    const { code, stdout, stderr } = await loginAs("approve");
    expect(code).toBe(EXIT.failed);
    expect(stdout).toBe("");
    expect(lastLine(stderr)).toBe(
      "openrouter-oauth: OpenRouter refused the code (it was used, expired, or came from another sign-in). Run login again.",
    );
  });

  it("exits with the failure code when --port is taken, naming the port", async () => {
    const other = createServer();
    await new Promise<void>((resolve) => other.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = other.address() as { port: number };
      const { code, stderr } = await cli(["login", "--no-open", ...against(), "--port", String(port)]);
      expect(code).toBe(EXIT.failed);
      expect(stderr).toBe(`openrouter-oauth: Port ${port} is in use; try another --port, or leave it out.\n`);
    } finally {
      other.close();
    }
  });

  it("exits with 130 and a one-line reason on Ctrl-C while waiting", async () => {
    const { code, stdout, stderr } = await cli(["login", "--no-open", ...against()], {
      onLine: (line, child) => {
        if (line.startsWith("Waiting for you")) child.kill("SIGINT");
      },
    });
    expect(code).toBe(EXIT.interrupted);
    expect(stdout).toBe("");
    expect(lastLine(stderr)).toBe("openrouter-oauth: Sign-in cancelled.");
    expect(stderr.endsWith("\n")).toBe(true);
  });

  it("exits with 143 on SIGTERM while waiting, and closes its listener", async () => {
    let callback: string | undefined;
    const { code, stderr } = await cli(["login", "--no-open", ...against()], {
      onLine: (line, child) => {
        callback ??= /^Listening for OpenRouter's answer on (\S+)/.exec(line)?.[1];
        if (line.startsWith("Waiting for you")) child.kill("SIGTERM");
      },
    });
    expect(code).toBe(EXIT.terminated);
    expect(lastLine(stderr)).toBe("openrouter-oauth: Sign-in cancelled.");
    await expect(fetch(callback!)).rejects.toMatchObject({ cause: { code: "ECONNREFUSED" } });
  });

  // `login 2>&1 | head -3`: once the reader has left, nobody sees the URL or the outcome. The CLI learns of it at
  // its next write; here the pipe is closed before the first one, so that the test does not race the CLI.
  it("exits with 141, not the timeout code, when the pipe of its messages is closed while it waits", async () => {
    const run = cli(["login", "--no-open", ...against()]);
    run.child.stderr!.destroy();
    const { code, stdout } = await run;
    expect(code).toBe(EXIT.pipeClosed);
    expect(stdout).toBe("");
    // Only the check that --base-url answers, made before the sign-in: no code was exchanged.
    expect(state.requests).toEqual(["HEAD /api/v1"]);
  });

  it("delivers the key when the pipe of its messages closes once the code is being exchanged", async () => {
    const file = `${state.work}/closed-pipe-key`;
    let user: Promise<unknown> = Promise.resolve();
    const run = cli(["login", "--no-open", ...against(), "--output", file], {
      onLine: (line, child) => {
        const url = authorizationUrl(line);
        if (url) user = simulateUser(url, "approve");
        // The reader leaves as the exchange starts: its messages are lost, the key is not.
        if (line.startsWith("Exchanging")) child.stderr!.destroy();
      },
    });
    const { code } = await run;
    await user;
    expect(code).toBe(EXIT.ok);
    expect((await readFile(file, "utf8")).trim()).toBe(state.minted[0]);
  });

  describe("fake-server", () => {
    it("serves the fake on loopback until interrupted, and a sign-in against it works", async () => {
      let signedIn: Promise<{ key: string }> | undefined;
      let stdout = "";
      const run = cli(["fake-server"]);
      run.child.stdout!.on("data", (chunk) => {
        stdout += chunk;
        const base = /base URL\s+(\S+)/.exec(stdout)?.[1];
        const auth = /auth URL\s+(\S+)/.exec(stdout)?.[1];
        if (base && auth && !signedIn) {
          signedIn = login({ baseUrl: base, authUrl: auth, openBrowser: (url) => void simulateUser(url, "approve") });
          signedIn.finally(() => run.child.kill("SIGINT")).catch(() => {});
        }
      });
      const { code } = await run;
      // Ctrl-C is how it stops, and it says so as every command does: 130.
      expect(code).toBe(EXIT.interrupted);
      expect(stdout).toMatch(/base URL\s+http:\/\/127\.0\.0\.1:\d+\/api\/v1/);
      expect((await signedIn!).key).toMatch(KEY);
    });

    it("exits 143 when terminated", async () => {
      const run = cli(["fake-server"]);
      run.child.stdout!.once("data", () => run.child.kill("SIGTERM"));
      expect((await run).code).toBe(EXIT.terminated);
    });
  });
});

describe("openrouter-oauth on a terminal (spawned under script(1))", { timeout: 30_000 }, () => {
  it("ends the line the terminal echoed ^C on before saying the sign-in was cancelled", async () => {
    let sent = false;
    const command = [process.execPath, state.bin, "login", "--no-open", ...against()].map((part) => `'${part}'`).join(" ");
    // script gives the CLI a pseudo-terminal; typing Ctrl-C there sends SIGINT and echoes ^C, as a real terminal does.
    const child = spawn("script", ["-qfec", command, "/dev/null"], { stdio: ["pipe", "pipe", "pipe"], env: { ...process.env, OPENROUTER_OAUTH_SESSION: "local", HOME: state.work } });
    let output = "";
    const killer = setTimeout(() => child.kill("SIGKILL"), 20_000);
    child.stdout.on("data", (chunk) => {
      output += chunk;
      if (!sent && output.includes("Waiting for you")) {
        sent = true;
        child.stdin.write("\x03");
      }
    });
    const code = await new Promise<number | null>((resolve) => child.once("close", resolve));
    clearTimeout(killer);
    expect(sent).toBe(true);
    expect(code).toBe(EXIT.interrupted);
    expect(output).toMatch(/\n\r?openrouter-oauth: Sign-in cancelled\.\r?\n/);
    expect(output).not.toMatch(/\^Copenrouter-oauth/);
  });
});
