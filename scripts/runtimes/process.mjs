// Child processes for the runner. Asynchronous on purpose: the fake OpenRouter is served from the runner's own
// event loop, so a blocking spawn would leave every smoke run waiting on a server that cannot answer.
import { spawn } from "node:child_process";

/** Runs a command to its end, or kills it after `timeoutMs`; never throws for a failed command. */
export function attempt(command, args, { cwd, env, timeoutMs }) {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    let timedOut = false;
    child.stdout.setEncoding("utf8").on("data", (chunk) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk) => (stderr += chunk));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, timeoutMs);
    const done = (code, error) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr: error ? `${stderr}${error.message}` : stderr, timedOut, ms: performance.now() - started });
    };
    child.on("error", (error) => done(null, error));
    child.on("close", (code) => done(code));
  });
}

/** Runs a command that must succeed (a setup step); its output is in the error if it does not. */
export async function run(command, args, options = {}) {
  const result = await attempt(command, args, { timeoutMs: 120_000, ...options });
  if (result.code !== 0) {
    const why = result.timedOut ? `timed out after ${options.timeoutMs ?? 120_000} ms` : `exited with ${result.code}`;
    throw new Error(`${command} ${args.join(" ")} ${why}\n${result.stdout}${result.stderr}`);
  }
  return result;
}
