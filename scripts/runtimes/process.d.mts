// Types of scripts/runtimes/process.mjs, for the browser tests.
export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
}
export interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  ms: number;
}
export function attempt(command: string, args: string[], options: RunOptions): Promise<Ran>;
export function run(command: string, args: string[], options?: RunOptions): Promise<Ran>;
