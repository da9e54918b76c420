// `openrouter-oauth fake-server --workload`: what it prints is enough to run `openrouter-oauth token` against it,
// with no script: the command it prints, run as printed, exchanges the printed JWT for an access token that the
// served fake takes on its model calls.
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/run.js";
import { EXIT } from "../../src/cli/help.js";

/** Starts fake-server with `args`; resolves with what it printed once it says it is ready. */
function startFakeServer(args: string[]) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const controller = new AbortController();
  let printed = "";
  const ready = new Promise<string>((resolve) => {
    stdout.on("data", (chunk: Buffer) => {
      printed += chunk.toString();
      if (printed.includes("Press Ctrl-C to stop.")) resolve(printed);
    });
  });
  const exited = runCli(["fake-server", ...args], { stdout, stderr, stdin: new PassThrough(), env: {}, signal: controller.signal });
  return { ready, exited, stop: () => controller.abort() };
}

async function runCommand(args: string[], env: Record<string, string>) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = "";
  let err = "";
  stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
  stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
  const code = await runCli(args, { stdout, stderr, stdin: new PassThrough(), env });
  return { code, stdout: out, stderr: err };
}

describe("fake-server --workload", () => {
  it("prints a JWT and a token command that, run as printed, gets an access token its model calls take", async () => {
    const server = startFakeServer(["--workload"]);
    try {
      const printed = await server.ready;
      const line = /^ {2}OPENROUTER_ID_TOKEN=(\S+) openrouter-oauth (token .+)$/m.exec(printed);
      expect(line).not.toBeNull();
      const [, jwt, command] = line!;
      const baseUrl = /--base-url (\S+)/.exec(command!)![1]!;
      expect(new URL(baseUrl).hostname).toBe("127.0.0.1");
      const { code, stdout, stderr } = await runCommand(command!.split(" "), { OPENROUTER_ID_TOKEN: jwt! });
      expect(stderr).toBe("");
      expect(code).toBe(EXIT.ok);
      const token = stdout.trim();
      const answer = await fetch(`${baseUrl}/chat/completions`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify({ messages: [{ role: "user", content: "from the terminal" }] }),
      });
      expect(answer.status).toBe(200);
      expect((await answer.json()).choices[0].message.content).toBe("Echo: from the terminal");
    } finally {
      server.stop();
    }
    expect(await server.exited).toBe(EXIT.interrupted);
  });

  it("prints no workload lines without --workload", async () => {
    const server = startFakeServer([]);
    try {
      const printed = await server.ready;
      expect(printed).toContain("chat/completions");
      expect(printed).not.toContain("OPENROUTER_ID_TOKEN");
    } finally {
      server.stop();
    }
    expect(await server.exited).toBe(EXIT.interrupted);
  });
});
