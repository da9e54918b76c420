// Starting an example in a process of its own, and waiting for the line that says where it listens.
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createServer } from "node:net";
import { createInterface } from "node:readline";
import { RUNTIMES, withBinaries } from "../../scripts/runtimes/runtimes.mjs";
import type { RunningApp } from "./scenarios.js";

/** The path of a pinned runtime's binary (node22, bun, deno...), fetched from the registry into the cache once. */
export async function runtimeBinary(id: string): Promise<string> {
  const [runtime] = await withBinaries(RUNTIMES.filter((r) => r.id === id));
  if (!runtime) throw new Error(`no runtime ${id} in scripts/runtimes/runtimes.mjs`);
  return runtime.binary;
}

/** A port nothing listens on now, for a server that must be told its port before it starts. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface SpawnOptions {
  /** The folder it runs in; a fresh temporary one unless set (removed on stop). */
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** How long it may take to say where it listens; 30 s unless set. */
  timeoutMs?: number;
  /** The app's URL, from the line that says it is ready; the one after `example): ` unless set. */
  ready?: (line: string) => string | undefined;
}

const examplesLine = (line: string) => /example\): (\S+)/.exec(line)?.[1];

/** Runs `binary args` until it says where it listens; stop() ends it (and everything it started). */
export async function spawnExample(name: string, binary: string, args: string[], options: SpawnOptions = {}): Promise<RunningApp> {
  const work = await mkdtemp(join(tmpdir(), "openrouter-oauth-example-"));
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1", DENO_DIR: join(work, ".deno"), DENO_NO_UPDATE_CHECK: "1", ...options.env };
  delete env.NODE_OPTIONS;
  // A group of its own, so that stop() also ends what it started (next start's server, workerd).
  const child = spawn(binary, args, { cwd: options.cwd ?? work, env, stdio: ["ignore", "pipe", "pipe"], detached: true });
  let output = "";
  child.stderr!.setEncoding("utf8").on("data", (chunk) => (output += chunk));
  const exited = new Promise((resolve) => child.once("exit", resolve));
  const timeoutMs = options.timeoutMs ?? 30_000;
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${name}: the example did not start in ${timeoutMs / 1000} s\n${output}`)), timeoutMs);
      createInterface({ input: child.stdout! }).on("line", (line) => {
        output += `${line}\n`;
        const found = (options.ready ?? examplesLine)(line);
        if (found) {
          clearTimeout(timer);
          resolve(found);
        }
      });
      child.once("exit", (code) => {
        clearTimeout(timer);
        reject(new Error(`${name}: the example exited with ${code}\n${output}`));
      });
    });
    return {
      url,
      async stop() {
        if (child.exitCode === null) process.kill(-child.pid!, "SIGTERM");
        await exited;
        await rm(work, { recursive: true, force: true });
      },
    };
  } catch (error) {
    if (child.exitCode === null) process.kill(-child.pid!, "SIGKILL");
    await rm(work, { recursive: true, force: true });
    throw error;
  }
}
