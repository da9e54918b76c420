// Reading a command line: options by node:util's parseArgs, values checked here, and every problem a UsageError
// in the user's words.
import { parseArgs, type ParseArgsConfig } from "node:util";
import { maskKeys } from "../errors/redact.js";

/**
 * A bad command line: reported with a hint to --help, exit code 2. Its message may echo an option's value, so a
 * key pasted there is masked.
 */
export class UsageError extends Error {
  constructor(message: string) {
    super(maskKeys(message));
  }
}

type Options = NonNullable<ParseArgsConfig["options"]>;

/**
 * `--limit -1` would otherwise read as two options; a value that looks like a negative number is joined to its
 * option (`--limit=-1`), so that it reaches the option's own check and message.
 */
function joinNegativeNumbers(args: readonly string[], options: Options): string[] {
  const takesValue = new Set<string>();
  for (const [name, option] of Object.entries(options)) {
    if (option.type !== "string") continue;
    takesValue.add(`--${name}`);
    if (option.short) takesValue.add(`-${option.short}`);
  }
  const joined: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const next = args[i + 1];
    if (takesValue.has(arg) && next !== undefined && /^-\d|^-\.\d/.test(next)) {
      joined.push(`${arg.startsWith("--") ? arg : `--${nameOfShort(arg, options)}`}=${next}`);
      i++;
    } else {
      joined.push(arg);
    }
  }
  return joined;
}

const nameOfShort = (flag: string, options: Options) =>
  Object.entries(options).find(([, option]) => option.short === flag.slice(1))![0];

export function parse<O extends Options>(args: readonly string[], options: O) {
  try {
    return parseArgs({ args: joinNegativeNumbers(args, options), options, strict: true, allowPositionals: false });
  } catch (error) {
    // An argument is never echoed: it may be a key pasted in the wrong place.
    if ((error as { code?: string }).code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL") {
      throw new UsageError("this command takes no arguments, only options (a key belongs in a file or OPENROUTER_API_KEY)");
    }
    // node:util names the option in its own phrasing; say it in ours, and anything else in its words.
    const { code, message } = error as { code?: string; message: string };
    const flag = /'(?:-\w, )?(--?[\w-]+)/.exec(message)?.[1];
    if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" && flag) throw new UsageError(`there is no option ${flag}`);
    if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE" && flag) {
      if (/argument missing/.test(message)) throw new UsageError(`${flag} needs a value`);
      if (/ambiguous/.test(message)) throw new UsageError(`${flag} needs a value before the next option`);
      if (/does not take an argument/.test(message)) throw new UsageError(`${flag} takes no value`);
    }
    throw new UsageError(message.replace(/\s*To specify a positional argument[^]*$/, "").replace(/\s+/g, " ").trim().replace(/\.$/, ""));
  }
}

export function portValue(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const port = /^\d{1,5}$/.test(text) ? Number(text) : NaN;
  if (!(port >= 0 && port <= 65_535)) throw new UsageError(`--port must be a whole number from 0 to 65535, not "${text}"`);
  return port;
}

export function numberValue(flag: string, text: string | undefined, check: (n: number) => boolean, rule: string): number | undefined {
  if (text === undefined) return undefined;
  const value = /^\s*$/.test(text) ? NaN : Number(text);
  if (!Number.isFinite(value) || !check(value)) throw new UsageError(`${flag} must be ${rule}, not "${text}"`);
  return value;
}

export function urlValue(flag: string, text: string | undefined): string | undefined {
  if (text !== undefined && !(/^https?:\/\//i.test(text) && URL.canParse(text))) {
    throw new UsageError(`${flag} must be an absolute http(s) URL, not "${text}"`);
  }
  return text;
}

/** Refuses options that cannot go together, naming both. */
export function refuseTogether(values: Record<string, unknown>, pairs: [string, string, string?][]) {
  for (const [a, b, why] of pairs) {
    if (values[a] !== undefined && values[a] !== false && values[b] !== undefined && values[b] !== false) {
      throw new UsageError(`--${a} and --${b} cannot be used together${why ? ` (${why})` : ""}`);
    }
  }
}
