// The CLI as a user runs it: a separate process, built from the current sources, talking over loopback to the
// fake OpenRouter served by the test. The "browser" is simulateUser, driven from the URL the CLI prints.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import { afterAll, afterEach, beforeAll, beforeEach } from "vitest";
import { createFakeOpenRouter, type FakeOpenRouter } from "../../src/testing/index.js";
import { serveFakeOpenRouter, type ServedFakeOpenRouter } from "../../src/testing/node/index.js";

export const EXIT = { ok: 0, failed: 1, usage: 2, denied: 3, timedOut: 4, interrupted: 130, pipeClosed: 141, terminated: 143 };
export const KEY = /sk-or-v1-[0-9a-f]{64}/;

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  /** Sees each line of standard error as it comes, with the child (to signal it or write to its standard input). */
  onLine?: (line: string, child: ChildProcess) => void;
  /** Added to the environment, over the test's defaults. */
  env?: Record<string, string | undefined>;
  /** Written to standard input, which is then closed; left open unless set. */
  input?: string;
}

/**
 * Sets up, for the calling test file: the built command, a folder to work in (also the CLI's HOME), and a fresh
 * fake OpenRouter per test, served on loopback, that records every key it mints.
 */
export function useSpawnedCli() {
  const state = {
    work: "",
    bin: "",
    fake: undefined as unknown as FakeOpenRouter,
    served: undefined as unknown as ServedFakeOpenRouter,
    /** Every key the fake minted, read off its responses: the secrets that must not reach the terminal unasked. */
    minted: [] as string[],
    /** Requests the served fake received, as "METHOD path". */
    requests: [] as string[],
    /** The fake answers GET /key with this status while set. */
    keyStatus: undefined as number | undefined,
    /** While set, laid over the data of the fake's GET /key answers: what another account's key might say. */
    keyData: undefined as Record<string, unknown> | undefined,
  };
  const children = new Set<ChildProcess>();

  beforeAll(async () => {
    state.work = await mkdtemp(join(tmpdir(), "openrouter-oauth-cli-"));
    state.bin = join(state.work, "openrouter-oauth.mjs");
    // The command as tsup builds it, bundled whole so that it runs from any directory.
    await build({ entryPoints: ["src/cli/bin.ts"], outfile: state.bin, bundle: true, platform: "node", format: "esm", target: "node20", logLevel: "silent" });
  });
  afterAll(() => rm(state.work, { recursive: true, force: true }));

  beforeEach(async () => {
    state.fake = createFakeOpenRouter();
    state.minted = [];
    state.requests = [];
    state.keyStatus = undefined;
    state.keyData = undefined;
    state.served = await serveFakeOpenRouter({
      fetch: async (request) => {
        const { pathname } = new URL(request.url);
        state.requests.push(`${request.method} ${pathname}`);
        if (pathname === "/api/v1/key" && state.keyStatus !== undefined) state.fake.failNext("getCurrentKey", state.keyStatus);
        const response = await state.fake.fetch(request);
        if (pathname === "/api/v1/auth/keys" && response.ok) state.minted.push((await response.clone().json()).key);
        if (pathname === "/api/v1/key" && response.ok && state.keyData) {
          const { data } = await response.json();
          return Response.json({ data: { ...data, ...state.keyData } });
        }
        return response;
      },
    });
  });
  afterEach(async () => {
    for (const child of children) child.kill("SIGKILL");
    children.clear();
    await state.served.close();
  });

  /** Runs the CLI with `args`; a run that has not ended after 20 seconds is killed. */
  function cli(args: string[], options: CliOptions = {}): Promise<Run> & { child: ChildProcess } {
    // A local session unless a test says otherwise: this machine may itself be a container.
    const env: Record<string, string | undefined> = { ...process.env, OPENROUTER_API_KEY: undefined, HOME: state.work, OPENROUTER_OAUTH_SESSION: "local", ...options.env };
    for (const name of Object.keys(env)) if (env[name] === undefined) delete env[name];
    const child = spawn(process.execPath, [state.bin, ...args], { stdio: ["pipe", "pipe", "pipe"], env });
    children.add(child);
    if (options.input !== undefined) child.stdin!.end(options.input);
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
      for (const line of lines) options.onLine?.(line, child);
    });
    const done = new Promise<Run>((resolve) =>
      child.once("close", (code) => {
        clearTimeout(killer);
        children.delete(child);
        resolve({ code, stdout, stderr });
      }),
    );
    return Object.assign(done, { child });
  }

  const against = () => ["--base-url", state.served.baseUrl, "--auth-url", state.served.authUrl];
  return { state, cli, against };
}

/** The authorization URL on a line the CLI printed, if it is one. */
export const authorizationUrl = (line: string) => (/^\s+(http:\/\/\S+\/auth\?\S+)$/.exec(line) ?? [])[1];

/** The last line a run printed on standard error. */
export const lastLine = (text: string) => text.trim().split("\n").at(-1);
