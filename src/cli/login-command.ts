// `openrouter-oauth login`: the sign-in from a terminal, and a key that is never lost once it is minted.
import { constants } from "node:fs";
import { access, stat } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { getCurrentKey } from "../operations/get-current-key.js";
import { keyLinks, OPENROUTER_ORIGIN } from "../key/key-links.js";
import { DEFAULT_BASE_URL } from "../transport/options.js";
import { keyLabelProblem, limitProblem } from "../operations/request-rules.js";
import { authUrlProblem, baseUrlProblem } from "../checks/validate.js";
import { deliverKey } from "./deliver.js";
import { checkAnswers } from "./probe.js";
import { numberValue, parse, portValue, refuseTogether, UsageError, urlValue } from "./args.js";
import { EXIT, LOGIN_HELP } from "./help.js";
import { dollars, printable, sayPasteRefused, seconds, type FailureContext } from "./words.js";
import type { CliIo } from "./run.js";
import { inputLines } from "./input-lines.js";
import { DEFAULT_LOGIN_TIMEOUT_MS } from "../node/listener.js";
import { login, type LoginOptions, type LoginProgress } from "../node/login.js";
import { remoteSession } from "./remote-session.js";
import { LinkRefusedError, writeTarget } from "./write-target.js";

const OPTIONS = {
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
  force: { type: "boolean" },
  "env-file": { type: "string" },
  // The same: Node (20, 22 and 24) itself reads --env-file anywhere on its command line, even after the script, and
  // exits when the file does not exist yet.
  dotenv: { type: "string" },
  "base-url": { type: "string" },
  "auth-url": { type: "string" },
} as const;

/** How long the limit lookup after sign-in may take; it is a courtesy, and must not hold the terminal. */
const KEY_LOOKUP_TIMEOUT_MS = 10_000;

/** Fails before the sign-in, not after a key was minted, when FILE cannot be written as asked. */
async function checkWritable(flag: string, file: string, replace: boolean) {
  // Where the key will go: FILE, or the file a link of the user's own points to; any other link is refused here.
  const path = await writeTarget(resolve(file)).catch((error: unknown) => {
    if (error instanceof LinkRefusedError) throw error;
    return resolve(file); // cannot be looked at: the access check below says so
  });
  const existing = await stat(path).catch(() => undefined);
  if (existing?.isDirectory()) throw new UsageError(`${flag} ${file} is a directory`);
  if (existing && !replace) throw new UsageError(`${flag} ${file} already exists; add --force to replace it`);
  try {
    await access(dirname(path), constants.W_OK);
    if (existing) await access(path, constants.R_OK);
  } catch {
    throw new UsageError(`${flag} ${file} cannot be written (no such folder, or no permission)`);
  }
}

function progressLine(progress: LoginProgress, headless: boolean): string {
  switch (progress.step) {
    case "listening":
      return `Listening for OpenRouter's answer on ${progress.callbackUrl}`;
    case "browser-opened":
      return "Opened the page in your browser.";
    case "browser-not-opened":
      // The opener's own message ("xdg-open could not open a browser (ENOENT)") would repeat the sentence.
      return `Could not open a browser (${progress.reason.replace(/ could not open a browser \((.*)\)$/, ": $1")}); open the URL above yourself.`;
    case "waiting":
      return progress.for === "code"
        ? `Sign in there, then paste the code it shows here and press Enter (times out in ${seconds(progress.timeoutMs)}):`
        : `Waiting for you to sign in (times out in ${seconds(progress.timeoutMs)}; Ctrl-C to cancel)...`;
    case "paste-refused":
      return sayPasteRefused(progress.reason, headless);
    case "exchanging":
      return "Exchanging the authorization code for a key (Ctrl-C now waits for it; a second Ctrl-C quits without it)...";
  }
}

/** The key's limit in a sentence, from one GET /key; a failure there is reported, never fatal. */
async function sayLimit(key: string, baseUrl: string | undefined, signal: AbortSignal | undefined): Promise<string> {
  try {
    const { data } = await getCurrentKey({ apiKey: key, baseUrl, signal, timeoutMs: KEY_LOOKUP_TIMEOUT_MS });
    if (data.limit === null) return "The key has no credit limit of its own.";
    return `Its credit limit is ${dollars(data.limit)}${data.limit_reset ? `, reset ${data.limit_reset}` : ""}.`;
  } catch {
    return "Could not ask OpenRouter for the key's limit; the link above shows it.";
  }
}

/** Runs the command and returns its exit code; `context` learns what a failure message needs as the options are read. */
export async function runLogin(args: string[], io: CliIo, context: FailureContext): Promise<number> {
  const { values } = parse(args, OPTIONS);
  if (values.help) {
    io.stdout.write(LOGIN_HELP);
    return EXIT.ok;
  }
  refuseTogether(values, [
    ["headless", "port", "headless mode does not listen"],
    ["json", "print-key", "both print the key"],
  ]);
  const toStdout = values.output === "-";
  if (toStdout && (values.json || values["print-key"])) {
    throw new UsageError(`-o - and --${values.json ? "json" : "print-key"} cannot be used together (both print the key)`);
  }
  if (values.force && values.output === undefined) throw new UsageError("--force needs --output FILE");
  const keyLabel = values["key-label"];
  // The spec's rule for key_label, in a terminal's words; an empty name would only hide the app's default one.
  const labelProblem = keyLabel === "" ? "must not be empty" : keyLabel === undefined ? undefined : keyLabelProblem(keyLabel);
  if (labelProblem) throw new UsageError(`--key-label ${labelProblem.replace("a string of ", "")}`);
  const timeout = numberValue("--timeout", values.timeout, (n) => n > 0 && n <= 2_147_483, "a number of seconds above 0");
  const timeoutMs = timeout === undefined ? DEFAULT_LOGIN_TIMEOUT_MS : Math.ceil(timeout * 1000);
  const port = portValue(values.port);
  const baseUrl = urlValue("--base-url", values["base-url"], baseUrlProblem);
  const authUrl = urlValue("--auth-url", values["auth-url"], authUrlProblem);
  const baseUrlGiven = baseUrl !== undefined && baseUrl !== DEFAULT_BASE_URL;
  Object.assign(context, { port, timeoutMs, host: new URL(baseUrl ?? DEFAULT_BASE_URL).host, baseUrlGiven });
  const file = toStdout ? undefined : values.output;
  refuseTogether(values, [["env-file", "dotenv", "they are the same option"]]);
  const envFile = values["env-file"] ?? values.dotenv;
  if (file !== undefined) await checkWritable("--output", file, !!values.force);
  if (envFile !== undefined) await checkWritable(values.dotenv === undefined ? "--env-file" : "--dotenv", envFile, true);
  // Only a URL the user typed is checked: OpenRouter's own is not worth a request on every sign-in.
  if (baseUrlGiven) await checkAnswers(baseUrl, io.signal);

  const remote = values.headless ? undefined : remoteSession({ env: io.env });
  // A line may quote OpenRouter (a user id, a limit's reset): printable, so that none can rewrite the terminal.
  const say = (line: string) => io.stderr.write(`${printable(line)}\n`);
  const lines = values.headless || remote ? inputLines(io.stdin) : undefined;
  const options: LoginOptions = {
    port,
    keyLabel,
    limit: numberValue("--limit", values.limit, (n) => !limitProblem(n), "a number of credits, 0 or more"),
    timeoutMs,
    baseUrl,
    authUrl,
    signal: io.signal,
    openBrowser: values["no-open"] || remote ? false : io.openBrowser,
    returnTo: "the terminal",
    onUrl: (url) => {
      io.stderr.write(`Open this URL to sign in with OpenRouter:\n\n  ${url}\n\n`);
      if (remote) {
        say(`This looks like ${remote}, so no browser was opened here; open the URL above in a browser on any machine.`);
        say("If that browser then cannot load the 127.0.0.1 page it is sent to, copy that page's address and paste it here.");
      }
    },
    onProgress: (progress) => say(progressLine(progress, !!values.headless)),
  };
  if (values.headless) options.readCode = lines!.next;
  else if (remote) options.readPastedUrl = lines!.next;

  let result;
  try {
    result = await login(options);
  } finally {
    lines?.close();
  }

  say(`Signed in${result.user_id ? ` as ${result.user_id}` : ""}.`);
  const delivered = await deliverKey(result, {
    file,
    envFile,
    stdout: values.json ? "json" : toStdout || values["print-key"] ? "bare" : "masked",
  }, io);
  const { key } = result;
  // On the OpenRouter this sign-in used: its authorization page's site (another deployment, the fake).
  const site = options.authUrl === undefined ? OPENROUTER_ORIGIN : new URL(options.authUrl).origin;
  say(`Manage or revoke this key at ${(await keyLinks(key, site)).settings}`);
  say(await sayLimit(key, baseUrl, io.signal));
  return delivered ? EXIT.ok : EXIT.failed;
}
