// Where `login` puts the key it got, and what it does when that fails: a minted key is never lost, and the user
// is always told where it is.
import { maskKey } from "../key/mask-key.js";
import type { CliIo } from "./run.js";
import { printable } from "./words.js";
import { rescueKey, setEnvKey, writeFileAtomically } from "./key-file.js";
import { LinkRefusedError } from "./write-target.js";

export interface Delivery {
  /** --output FILE (not "-"). */
  file?: string | undefined;
  /** --env-file FILE. */
  envFile?: string | undefined;
  /** How standard output shows the key: as JSON, bare (--print-key, -o -), or masked (only when no file got it). */
  stdout: "json" | "bare" | "masked";
}

/** Why a write failed, in a few words: the link refused (whose text its maker chose), or the system's code. */
const causeOf = (error: unknown) =>
  error instanceof LinkRefusedError ? `a symbolic link to ${printable(error.target)}, not followed`
    : (error as NodeJS.ErrnoException).code ?? "unknown error";

/** The file a key went to, and the link the user named when that is another file (a link of the user's own). */
const fileWritten = (named: string, written: string) =>
  written === named ? `${named} (mode 0600)` : `${printable(written)} (mode 0600), the file ${named} links to`;

const STDOUT = "standard output";

/** Writes `text` to standard output, and rejects when it could not be written (a closed pipe, a full disk). */
export function writeOut(io: CliIo, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    io.stdout.write(text, (error) => (error ? reject(error) : resolve()));
  });
}

/** Delivers the key as asked; returns false when it had to be kept another way (the user was told where). */
export async function deliverKey(result: { key: string; user_id: string | null }, delivery: Delivery, io: CliIo): Promise<boolean> {
  const { key } = result;
  const say = (line: string) => io.stderr.write(`${line}\n`);
  /** Where the key surely is by now. */
  let safeIn: string | undefined;
  let delivered = true;

  // Where a key that could not go to `where` is kept: where it already is; else on a terminal that shows it; else
  // in the rescue folder; else, as a last resort, printed wherever printing still works.
  const keep = async (where: string, error: unknown) => {
    delivered = false;
    const reason = `The key could not be written to ${where} (${causeOf(error)})`;
    if (safeIn) return say(`${reason}; it is ${safeIn === STDOUT ? "on standard output" : `in ${safeIn}`} instead.`);
    // Prints the key on standard output, unless that is what failed, and says whether it could.
    const printed = async () => {
      if (where === STDOUT) return false;
      try {
        await writeOut(io, `${key}\n`);
      } catch {
        return false;
      }
      safeIn = STDOUT;
      return true;
    };
    if (io.stdout.isTTY && (await printed())) return say(`${reason}, so it is printed above; keep it somewhere safe.`);
    const rescued = await rescueKey(key).catch(() => undefined);
    if (rescued) {
      safeIn = rescued;
      return say(`${reason}, so it was saved to ${rescued} (mode 0600) instead.`);
    }
    if (await printed()) return say(`${reason}, nor saved elsewhere, so it is printed on standard output instead.`);
    say(`${reason}, nor saved elsewhere, so here it is on standard error; keep it somewhere safe:`);
    say(key);
  };

  // Printed first, when asked: a file that fails next can then say the key is on standard output.
  let printFailure: unknown;
  if (delivery.stdout !== "masked") {
    const printed = delivery.stdout === "json" ? JSON.stringify({ key, user_id: result.user_id }) : key;
    try {
      await writeOut(io, `${printed}\n`);
      safeIn = STDOUT;
    } catch (error) {
      printFailure = error;
    }
  }
  if (delivery.file !== undefined) {
    try {
      const written = await writeFileAtomically(delivery.file, `${key}\n`);
      say(`Key written to ${fileWritten(delivery.file, written)}.`);
      safeIn ??= written;
    } catch (error) {
      await keep(delivery.file, error);
    }
  }
  if (delivery.envFile !== undefined) {
    try {
      const written = await setEnvKey(delivery.envFile, key);
      say(`OPENROUTER_API_KEY set in ${fileWritten(delivery.envFile, written)}.`);
      safeIn ??= written;
    } catch (error) {
      await keep(delivery.envFile, error);
    }
  }
  if (printFailure !== undefined) await keep(STDOUT, printFailure);
  else if (delivered && delivery.stdout === "masked" && delivery.file === undefined && delivery.envFile === undefined) {
    // The key went nowhere else: a line for a person, saying how to get it next time. If it cannot be written,
    // nothing is lost. After a file, the line above already said where the key is.
    await writeOut(io, `Key: ${maskKey(key)} (use --print-key, --json or --output to get it)\n`).catch(() => {});
  }
  return delivered;
}
