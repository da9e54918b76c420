#!/usr/bin/env node
// The `openrouter-oauth` command: the CLI wired to this process. Ctrl-C (SIGINT) or SIGTERM aborts the sign-in,
// which closes the listener; the exit code is then 130 or 143 (128 + the signal's number), and a second signal
// exits at once. Once the code is being exchanged, the first signal waits for the key, which is then delivered.
import { runCli } from "./run.js";
import { EXIT } from "./help.js";

const interrupted = new AbortController();
let received: NodeJS.Signals | undefined;
const exitCodeFor = (signal: NodeJS.Signals) => (signal === "SIGTERM" ? EXIT.terminated : EXIT.interrupted);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    // A second signal; a closed pipe's abort (below) does not count as the first.
    if (received) process.exit(exitCodeFor(signal));
    received = signal;
    // The terminal echoed ^C on the line being typed or shown: what follows starts on a line of its own.
    if (signal === "SIGINT" && process.stderr.isTTY) process.stderr.write("\n");
    interrupted.abort();
  });
}

// A closed pipe or a full disk fails a write: the CLI checks each write of a key itself and keeps the key another
// way, so such a failure must not end the process first. A pipe whose reader left (`| head -3`) shows nothing
// more, neither the URL nor the outcome, so the sign-in stops as if interrupted, rather than wait for its timeout
// (once the code is being exchanged, it still waits for the key and keeps it); the exit code is then 141, as for
// a process that SIGPIPE ended.
let pipeClosed = false;
const onWriteError = (error: NodeJS.ErrnoException) => {
  if (error.code !== "EPIPE" || interrupted.signal.aborted) return;
  pipeClosed = true;
  interrupted.abort();
};
process.stdout.on("error", onWriteError);
process.stderr.on("error", onWriteError);

void runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  signal: interrupted.signal,
}).then((result) => {
  // A command the signal (or the closed pipe) cut short exits 128 + the signal's number, as shells expect; one
  // that finished anyway (a key already delivered) keeps its own code, so that a script does not sign in again.
  const cutShort = result === EXIT.interrupted;
  const code = cutShort && received ? exitCodeFor(received) : cutShort && pipeClosed ? EXIT.pipeClosed : result;
  process.exitCode = code;
  // An idle keep-alive connection (the exchange's) would hold the process for seconds: leave as soon as the
  // output has been flushed, and not before, since process.exit() can cut off a pipe's pending writes.
  process.stdout.write("", () => process.stderr.write("", () => process.exit(code)));
});
