// Reading a command line: options by node:util's parseArgs, values checked here, and every problem a UsageError
// in the user's words.
import { parseArgs, type ParseArgsConfig } from "node:util";
import { maskKeys } from "../errors/redact.js";

/** The codes of the CLI's own errors, listed with the library's in docs/errors-and-security.md. */
export type UsageErrorCode = "invalid_usage" | "link_refused";

/**
 * A bad command line: reported with a hint to --help, exit code 2. Its message may echo an option's value, so a
 * key pasted there is masked.
 */
export class UsageError extends Error {
  /** `invalid_usage`; `link_refused` for a LinkRefusedError. */
  readonly code: UsageErrorCode = "invalid_usage";
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

/**
 * The command line's options, or a UsageError in the CLI's words. Each problem is found in the tokens node:util
 * reads (an option not known, a value missing or given to a switch, an argument), never in the words of its
 * errors; the strict parse after that finds none, and types the values.
 */
export function parse<O extends Options>(args: readonly string[], options: O) {
  const joined = joinNegativeNumbers(args, options);
  const { tokens } = parseArgs({ args: joined, options, strict: false, allowPositionals: true, tokens: true });
  for (const token of tokens) {
    // An argument is never echoed: it may be a key pasted in the wrong place.
    if (token.kind === "positional") throw new UsageError("this command takes no arguments, only options (a key belongs in a file or OPENROUTER_API_KEY)");
    if (token.kind !== "option") continue;
    const { name, rawName, value, inlineValue } = token;
    if (!Object.hasOwn(options, name)) throw new UsageError(`there is no option ${rawName}`);
    if (options[name]!.type === "boolean") {
      if (value !== undefined) throw new UsageError(`${rawName} takes no value`);
    } else if (value === undefined) {
      throw new UsageError(`--${name} needs a value`);
    } else if (!inlineValue && value.length > 1 && value.startsWith("-")) {
      // The next option, taken as this one's value: `--limit --json` (a lone "-" is a value: `-o -`, standard output).
      throw new UsageError(`${rawName} needs a value before the next option`);
    }
  }
  return parseArgs({ args: joined, options, strict: true, allowPositionals: false });
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

/**
 * A URL flag's value, checked by the rule the library applies to it (`problem`: baseUrlProblem, authUrlProblem),
 * so that a bad value is refused as a usage error naming the flag, before anything starts.
 */
export function urlValue(flag: string, text: string | undefined, problem: (url: string) => string | undefined): string | undefined {
  if (text === undefined) return undefined;
  if (!(/^https?:\/\//i.test(text) && URL.canParse(text))) throw new UsageError(`${flag} must be an absolute http(s) URL, not "${text}"`);
  // Not echoed from here on: a URL may hold a user and a password.
  const why = problem(text);
  if (why) throw new UsageError(`${flag} ${why}`);
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
