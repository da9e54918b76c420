// `openrouter-oauth key`: what a key is, from GET /key, with the link where its owner limits or revokes it.
// The key comes from a file, the environment or a pipe, never from an argument, and is never printed.
import { readFile } from "node:fs/promises";
import type { Readable } from "node:stream";
import { getCurrentKey, type CurrentKey } from "../operations/get-current-key.js";
import { unlessAborted } from "../base/abort.js";
import { RequestAbortedError } from "../errors/request-aborted-error.js";
import { keyLinks, OPENROUTER_ORIGIN } from "../key/key-links.js";
import { DEFAULT_BASE_URL } from "../transport/options.js";
import { parse, UsageError, urlValue } from "./args.js";
import { EXIT, KEY_HELP } from "./help.js";
import { count, dollars, printable, type FailureContext } from "./words.js";
import type { CliIo } from "./run.js";
import { keyInText } from "./key-file.js";
import { baseUrlProblem, PRINTABLE_ASCII } from "../checks/validate.js";

const OPTIONS = {
  help: { type: "boolean", short: "h" },
  "key-file": { type: "string" },
  json: { type: "boolean" },
  "base-url": { type: "string" },
} as const;

/** A key is short; more than this on standard input is not a key. */
const INPUT_LIMIT_BYTES = 64 * 1024;

/** All of standard input, unless the user interrupts first (a pipe that never ends would otherwise hold the command). */
async function readAll(input: Readable, signal: AbortSignal | undefined): Promise<string> {
  let text = "";
  const interrupted = () => new RequestAbortedError("Reading the key from standard input was interrupted.");
  const chunks = input[Symbol.asyncIterator]();
  for (;;) {
    const read = await unlessAborted(signal, interrupted, () => chunks.next());
    if (read.done) return text;
    text += read.value;
    if (text.length > INPUT_LIMIT_BYTES) throw new UsageError("standard input holds far more than a key");
  }
}

/** The key to describe, and where it came from, in the order the help gives. */
async function findKey(keyFile: string | undefined, io: CliIo): Promise<string> {
  let text: string | undefined;
  let source: string;
  if (keyFile !== undefined) {
    source = keyFile;
    try {
      text = await readFile(keyFile, "utf8");
    } catch (error) {
      throw new UsageError(`--key-file ${keyFile} cannot be read (${(error as NodeJS.ErrnoException).code ?? "unknown error"})`);
    }
  } else if (io.env?.OPENROUTER_API_KEY) {
    source = "OPENROUTER_API_KEY";
    text = io.env.OPENROUTER_API_KEY;
  } else if (!(io.stdin as { isTTY?: boolean }).isTTY) {
    source = "standard input";
    text = await readAll(io.stdin, io.signal);
  } else {
    throw new UsageError("no key given: use --key-file FILE, set OPENROUTER_API_KEY, or pipe the key on standard input");
  }
  const key = keyInText(text ?? "");
  if (!key) throw new UsageError(`no key found in ${source}: it needs an OPENROUTER_API_KEY line, or the key alone`);
  // Checked here so that the message can say where the bad key came from; the key itself is never quoted.
  if (!PRINTABLE_ASCII.test(key)) throw new UsageError(`the key in ${source} holds spaces or unusual characters`);
  return key;
}

const when = (iso: string) => iso.replace("T", " ").replace(/(\.\d+)?Z$/, " UTC");

/** OpenRouter's data regions in a person's words; one OpenRouter adds later is shown as it comes. */
const REGIONS: Record<string, string> = { global: "global", europe: "Europe", us: "United States" };

function describe(data: CurrentKey, settings: string): string {
  const limit = data.limit === null ? "none"
    : `${dollars(data.limit)}, ${data.limit_remaining === null ? "" : `${dollars(data.limit_remaining)} remaining, `}${data.limit_reset ? `reset ${data.limit_reset}` : "never reset"}`;
  const usage = `${dollars(data.usage_daily)} today, ${dollars(data.usage_weekly)} this week, ${dollars(data.usage_monthly)} this month, ${dollars(data.usage)} in all`;
  const free = data.free_model_daily_requests;
  const regions = data.allowed_data_regions.map((region) => REGIONS[region] ?? region).join(", ");
  const rows: [string, string][] = [
    ["Label", data.label],
    ["Limit", limit],
    ["Usage", usage],
    ["Free models", `${count(free.remaining)} of ${count(free.limit)} requests left today`],
    ["Expires", data.expires_at ? when(data.expires_at) : "never"],
    ["Free tier", data.is_free_tier ? "yes" : "no"],
    ["Data regions", regions || "none allowed"],
    ["Organization", data.organization_id ?? "none (a personal account)"],
    ["Settings", settings],
  ];
  // The values are OpenRouter's words: a label may hold anything.
  return rows.map(([name, value]) => `${name.padEnd(14)}${printable(value)}\n`).join("");
}

export async function runKey(args: string[], io: CliIo, context: FailureContext): Promise<number> {
  const { values } = parse(args, OPTIONS);
  if (values.help) {
    io.stdout.write(KEY_HELP);
    return EXIT.ok;
  }
  const baseUrl = urlValue("--base-url", values["base-url"], baseUrlProblem);
  Object.assign(context, { host: new URL(baseUrl ?? DEFAULT_BASE_URL).host, baseUrlGiven: baseUrl !== undefined && baseUrl !== DEFAULT_BASE_URL, doing: "Lookup" });
  const key = await findKey(values["key-file"], io);
  // On the OpenRouter asked: the base URL's site (another deployment, the fake).
  const site = baseUrl === undefined ? OPENROUTER_ORIGIN : new URL(baseUrl).origin;
  const [{ data }, links] = await Promise.all([getCurrentKey({ apiKey: key, baseUrl, signal: io.signal }), keyLinks(key, site)]);
  io.stdout.write(values.json ? `${JSON.stringify({ data, links }, null, 2)}\n` : describe(data, links.settings));
  return EXIT.ok;
}
