#!/usr/bin/env node
// The `openrouter-oauth` command: the CLI wired to this process. Ctrl-C aborts the sign-in, which closes the
// listener and exits with 130; a second Ctrl-C exits at once.
import { runCli } from "./cli.js";

const interrupted = new AbortController();
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (interrupted.signal.aborted) process.exit(130);
    interrupted.abort();
  });
}

void runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  signal: interrupted.signal,
}).then((code) => {
  process.exitCode = code;
  // An idle keep-alive connection (the exchange's) would hold the process for seconds: leave as soon as the
  // output has been flushed, and not before, since process.exit() can cut off a pipe's pending writes.
  process.stdout.write("", () => process.stderr.write("", () => process.exit(code)));
});
