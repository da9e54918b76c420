import type { Readable, Writable } from "node:stream";
import { isOpenRouterOAuthError } from "../errors/openrouter-oauth-error.js";
import { version } from "../../package.json";
import { UsageError } from "./args.js";
import { runFakeServer } from "./fake-server-command.js";
import { EXIT, MAIN_HELP } from "./help.js";
import { runKey } from "./key-command.js";
import { runLogin } from "./login-command.js";
import { runToken } from "./token-command.js";
import { printable, sayWhy, type FailureContext } from "./words.js";
import type { OpenBrowser } from "../node/open-browser.js";

export { maskKey } from "../key/mask-key.js";

export interface CliIo {
  stdout: Writable & { isTTY?: boolean | undefined };
  stderr: Writable;
  stdin: Readable;
  /** The environment (OPENROUTER_API_KEY, the signs of a remote session); process.env unless set. */
  env?: Record<string, string | undefined> | undefined;
  /** Aborted when the user interrupts (Ctrl-C). */
  signal?: AbortSignal | undefined;
  /** How `login` shows the URL; the platform's browser unless set (the demo's simulated user sets it). */
  openBrowser?: OpenBrowser | undefined;
}

function exitCodeOf(error: unknown): number {
  if (error instanceof UsageError) return EXIT.usage;
  if (isOpenRouterOAuthError(error, "AuthorizationDeniedError")) return EXIT.denied;
  if (isOpenRouterOAuthError(error, "RequestTimeoutError")) return EXIT.timedOut;
  if (isOpenRouterOAuthError(error, "RequestAbortedError")) return EXIT.interrupted;
  return EXIT.failed;
}

/** Runs the CLI on `args` (without node and the script) and returns the exit code. */
export async function runCli(args: readonly string[], io: CliIo): Promise<number> {
  io = { ...io, env: io.env ?? process.env };
  const [command, ...rest] = args;
  const context: FailureContext = {};
  try {
    if (command === "login") return await runLogin(rest, io, context);
    if (command === "key") return await runKey(rest, io, context);
    if (command === "token") return await runToken(rest, io, context);
    if (command === "fake-server") return await runFakeServer(rest, io, context);
    if (command === "--help" || command === "-h" || command === "help") {
      io.stdout.write(MAIN_HELP);
      return EXIT.ok;
    }
    if (command === "--version" || command === "-v") {
      io.stdout.write(`${version}\n`);
      return EXIT.ok;
    }
    throw new UsageError(command === undefined ? "no command given" : `unknown command "${command}"`);
  } catch (error) {
    const code = exitCodeOf(error);
    // A UsageError's message is the CLI's own sentence; the library's errors are said by sayWhy, by their code.
    const reason = error instanceof UsageError ? `${error.message}.` : sayWhy(error, context);
    const topic = command === "login" || command === "key" || command === "token" || command === "fake-server" ? `${command} --help` : "--help";
    // A reason may quote what came from outside (a pasted URL's error, a server's message).
    io.stderr.write(`openrouter-oauth: ${printable(reason)}${code === EXIT.usage ? ` See "openrouter-oauth ${topic}".` : ""}\n`);
    return code;
  }
}
