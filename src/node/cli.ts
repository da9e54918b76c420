import { access, constants, open, stat } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import { parseArgs, type ParseArgsConfig } from "node:util";
import { isOpenRouterOAuthError } from "../errors/openrouter-oauth-error.js";
import { InvalidRequestError } from "../errors/invalid-request-error.js";
import { createFakeOpenRouter, FAKE_APP_API_KEY, serveFakeOpenRouter } from "../testing/index.js";
import { EXIT, FAKE_SERVER_HELP, LOGIN_HELP, MAIN_HELP } from "./cli-help.js";
import { login, type LoginOptions, type LoginProgress } from "./login.js";
import type { OpenBrowser } from "./open-browser.js";

export interface CliIo {
  stdout: Writable;
  stderr: Writable;
  stdin: Readable;
  /** Aborted when the user interrupts (Ctrl-C). */
  signal?: AbortSignal | undefined;
  /** How `login` shows the URL; the platform's browser unless set (the demo's simulated user sets it). */
  openBrowser?: OpenBrowser | undefined;
}

/** A bad command line: reported with a hint to --help, exit code 2. */
class UsageError extends Error {}

const LOGIN_OPTIONS = {
  help: { type: "boolean", short: "h" },
  "no-open": { type: "boolean" },
  port: { type: "string" },
  "key-label": { type: "string" },
  limit: { type: "string" },
  timeout: { type: "string" },
  headless: { type: "boolean" },
  json: { type: "boolean" },
  "print-key": { type: "boolean" },
  output: { type: "string", short: "o" },
  "base-url": { type: "string" },
  "auth-url": { type: "string" },
} as const satisfies ParseArgsConfig["options"];

const FAKE_SERVER_OPTIONS = {
  help: { type: "boolean", short: "h" },
  port: { type: "string" },
} as const satisfies ParseArgsConfig["options"];

/** Login options whose problems come from a flag's value: a usage error, not a failed sign-in. */
const FLAG_FIELDS = new Set(["baseUrl", "authUrl", "keyLabel", "limit", "timeoutMs"]);

function parse<O extends ParseArgsConfig["options"]>(args: string[], options: O) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false });
  } catch (error) {
    // node:util's messages are clear, but some end in advice about positionals, which this CLI has none of.
    const message = (error as Error).message.replace(/\s*To specify a positional argument[^]*$/, "");
    throw new UsageError(message.replace(/\s+/g, " ").trim().replace(/\.$/, ""));
  }
}

function portValue(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const port = /^\d{1,5}$/.test(text) ? Number(text) : NaN;
  if (!(port >= 0 && port <= 65_535)) throw new UsageError(`--port must be a whole number from 0 to 65535, not "${text}"`);
  return port;
}

function numberValue(flag: string, text: string | undefined, check: (n: number) => boolean, rule: string): number | undefined {
  if (text === undefined) return undefined;
  const value = /^\s*$/.test(text) ? NaN : Number(text);
  if (!Number.isFinite(value) || !check(value)) throw new UsageError(`${flag} must be ${rule}, not "${text}"`);
  return value;
}

function urlValue(flag: string, text: string | undefined): string | undefined {
  if (text !== undefined && !(/^https?:\/\//i.test(text) && URL.canParse(text))) {
    throw new UsageError(`${flag} must be an absolute http(s) URL, not "${text}"`);
  }
  return text;
}


/** Fails before the sign-in, not after a key was minted, when FILE cannot be written. */
async function checkWritable(file: string) {
  const path = resolve(file);
  const existing = await stat(path).catch(() => undefined);
  if (existing?.isDirectory()) throw new UsageError(`--output ${file} is a directory`);
  try {
    await access(existing ? path : dirname(path), constants.W_OK);
  } catch {
    throw new UsageError(`--output ${file} cannot be written (no such directory, or no permission)`);
  }
}

/** Writes the key readable by its owner only; a file that existed is narrowed to 0600 before the key goes in. */
async function writeKey(file: string, key: string) {
  const handle = await open(file, "w", 0o600);
  try {
    await handle.chmod(0o600);
    await handle.writeFile(`${key}\n`);
  } finally {
    await handle.close();
  }
}

function progressLine(progress: LoginProgress): string {
  switch (progress.step) {
    case "listening":
      return `Listening for OpenRouter's answer on ${progress.callbackUrl}`;
    case "browser-opened":
      return "Opened the page in your browser.";
    case "browser-not-opened":
      return `Could not open a browser: ${progress.reason}. Open the URL above yourself.`;
    case "waiting":
      return progress.for === "code"
        ? `Sign in there, then paste the code it shows here and press Enter (times out in ${Math.round(progress.timeoutMs / 1000)} s):`
        : `Waiting for you to sign in (times out in ${Math.round(progress.timeoutMs / 1000)} s; Ctrl-C to cancel)...`;
    case "exchanging":
      return "Exchanging the authorization code for a key...";
  }
}

/** The first line of standard input, for the headless sign-in. */
function firstLine(stdin: Readable, cleanups: (() => void)[]): Promise<string> {
  const lines = createInterface({ input: stdin, crlfDelay: Infinity, terminal: false });
  cleanups.push(() => lines.close());
  return new Promise((resolve, reject) => {
    lines.once("line", (line) => resolve(line));
    lines.once("close", () =>
      reject(new InvalidRequestError("login: standard input ended before a code was pasted.", { field: "code" })),
    );
  });
}

async function runLogin(args: string[], io: CliIo): Promise<number> {
  const { values } = parse(args, LOGIN_OPTIONS);
  if (values.help) {
    io.stdout.write(LOGIN_HELP);
    return EXIT.ok;
  }
  const keyLabel = values["key-label"];
  if (keyLabel !== undefined && (keyLabel.length === 0 || keyLabel.length > 100)) {
    throw new UsageError("--key-label must be 1 to 100 characters");
  }
  const timeout = numberValue("--timeout", values.timeout, (n) => n > 0 && n <= 2_147_483, "a number of seconds above 0");
  const options: LoginOptions = {
    port: portValue(values.port),
    keyLabel,
    limit: numberValue("--limit", values.limit, (n) => n >= 0, "a number of credits, 0 or more"),
    timeoutMs: timeout === undefined ? undefined : Math.ceil(timeout * 1000),
    baseUrl: urlValue("--base-url", values["base-url"]),
    authUrl: urlValue("--auth-url", values["auth-url"]),
    signal: io.signal,
    openBrowser: values["no-open"] ? false : io.openBrowser,
    onUrl: (url) => io.stderr.write(`Open this URL to sign in with OpenRouter:\n\n  ${url}\n\n`),
    onProgress: (progress) => io.stderr.write(`${progressLine(progress)}\n`),
  };
  if (values.output !== undefined) await checkWritable(values.output);

  const cleanups: (() => void)[] = [];
  if (values.headless) options.readCode = () => firstLine(io.stdin, cleanups);
  let result;
  try {
    result = await login(options);
  } finally {
    for (const cleanup of cleanups) cleanup();
  }

  io.stderr.write(`Signed in${result.user_id ? ` as ${result.user_id}` : ""}.\n`);
  if (values.output !== undefined) {
    try {
      await writeKey(values.output, result.key);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? "unknown error";
      io.stderr.write(`openrouter-oauth: the key was created but could not be written to ${values.output} (${code}).\n`);
      return EXIT.failed;
    }
    io.stderr.write(`Key written to ${values.output} (mode 0600).\n`);
  }
  if (values.json) io.stdout.write(`${JSON.stringify({ key: result.key, user_id: result.user_id })}\n`);
  else if (values["print-key"]) io.stdout.write(`${result.key}\n`);
  else io.stdout.write(`Key: ${maskKey(result.key)} (use --print-key, --json or --output to get it)\n`);
  return EXIT.ok;
}

async function runFakeServer(args: string[], io: CliIo): Promise<number> {
  const { values } = parse(args, FAKE_SERVER_OPTIONS);
  if (values.help) {
    io.stdout.write(FAKE_SERVER_HELP);
    return EXIT.ok;
  }
  const port = portValue(values.port);
  const server = await serveFakeOpenRouter(createFakeOpenRouter(), port === undefined ? {} : { port });
  io.stdout.write(
    `Fake OpenRouter listening on ${server.origin}\n` +
      `  base URL   ${server.baseUrl}\n` +
      `  auth URL   ${server.authUrl}\n` +
      `  app key    ${FAKE_APP_API_KEY}\n` +
      `Try: openrouter-oauth login --base-url ${server.baseUrl} --auth-url ${server.authUrl}\n` +
      "Press Ctrl-C to stop.\n",
  );
  await new Promise<void>((resolve) => {
    if (io.signal?.aborted) return resolve();
    io.signal?.addEventListener("abort", () => resolve(), { once: true });
  });
  await server.close();
  io.stderr.write("Fake OpenRouter stopped.\n");
  return EXIT.ok;
}

function exitCodeOf(error: unknown): number {
  if (isOpenRouterOAuthError(error, "AuthorizationDeniedError")) return EXIT.denied;
  if (isOpenRouterOAuthError(error, "RequestTimeoutError")) return EXIT.timedOut;
  if (isOpenRouterOAuthError(error, "RequestAbortedError")) return EXIT.interrupted;
  if (isOpenRouterOAuthError(error, "InvalidRequestError") && error.field && FLAG_FIELDS.has(error.field)) return EXIT.usage;
  return EXIT.failed;
}

/** One line saying why it failed; our errors never carry a secret, and anything else is named, not dumped. */
function reasonOf(error: unknown): string {
  const text = isOpenRouterOAuthError(error) ? error.message
    : error instanceof Error ? `unexpected ${error.name}: ${error.message}`
    : "unexpected failure";
  return text.replace(/\s+/g, " ").trim();
}

/** Runs the CLI on `args` (without node and the script) and returns the exit code. */
export async function runCli(args: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = args;
  try {
    if (command === "login") return await runLogin(rest, io);
    if (command === "fake-server") return await runFakeServer(rest, io);
    if (command === "--help" || command === "-h" || command === "help") {
      io.stdout.write(MAIN_HELP);
      return EXIT.ok;
    }
    throw new UsageError(command === undefined ? "no command given" : `unknown command "${command}"`);
  } catch (error) {
    const code = error instanceof UsageError ? EXIT.usage : exitCodeOf(error);
    const reason = error instanceof UsageError ? `${error.message}.` : reasonOf(error);
    const topic = command === "login" || command === "fake-server" ? `${command} --help` : "--help";
    io.stderr.write(`openrouter-oauth: ${reason}${code === EXIT.usage ? ` See "openrouter-oauth ${topic}".` : ""}\n`);
    return code;
  }
}
