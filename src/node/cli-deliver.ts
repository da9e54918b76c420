// Where `login` puts the key it got, and what it does when that fails: a minted key is never lost, and the user
// is always told where it is.
import { maskKey } from "../mask-key.js";
import type { CliIo } from "./cli.js";
import { rescueKey, setEnvKey, writeFileAtomically } from "./key-file.js";

export interface Delivery {
  /** --output FILE (not "-"). */
  file?: string | undefined;
  /** --env-file FILE. */
  envFile?: string | undefined;
  /** How standard output shows the key: as JSON, bare (--print-key, -o -), or masked. */
  stdout: "json" | "bare" | "masked";
}

const errorCode = (error: unknown) => (error as NodeJS.ErrnoException).code ?? "unknown error";

/** Delivers the key as asked; returns false when it had to be kept another way (the user was told where). */
export async function deliverKey(result: { key: string; user_id: string | null }, delivery: Delivery, io: CliIo): Promise<boolean> {
  const { key } = result;
  const say = (line: string) => io.stderr.write(`${line}\n`);
  const printed = delivery.stdout !== "masked";
  let safeIn: string | undefined = printed ? "standard output" : undefined;
  let delivered = true;

  const keep = async (where: string, error: unknown) => {
    delivered = false;
    const reason = `The key could not be written to ${where} (${errorCode(error)})`;
    if (safeIn) return say(`${reason}; it is ${safeIn === "standard output" ? "on standard output" : `in ${safeIn}`} instead.`);
    if (io.stdout.isTTY) {
      say(`${reason}, so here it is; keep it somewhere safe:`);
      io.stdout.write(`${key}\n`);
      safeIn = "standard output";
      return;
    }
    try {
      const rescued = await rescueKey(key);
      say(`${reason}, so it was saved to ${rescued} (mode 0600) instead.`);
      safeIn = rescued;
    } catch {
      say(`${reason}, nor saved elsewhere, so it is printed on standard output instead.`);
      io.stdout.write(`${key}\n`);
      safeIn = "standard output";
    }
  };

  if (delivery.file !== undefined) {
    try {
      await writeFileAtomically(delivery.file, `${key}\n`);
      say(`Key written to ${delivery.file} (mode 0600).`);
      safeIn ??= delivery.file;
    } catch (error) {
      await keep(delivery.file, error);
    }
  }
  if (delivery.envFile !== undefined) {
    try {
      await setEnvKey(delivery.envFile, key);
      say(`OPENROUTER_API_KEY set in ${delivery.envFile} (mode 0600).`);
      safeIn ??= delivery.envFile;
    } catch (error) {
      await keep(delivery.envFile, error);
    }
  }
  if (delivery.stdout === "json") io.stdout.write(`${JSON.stringify({ key, user_id: result.user_id })}\n`);
  else if (delivery.stdout === "bare") io.stdout.write(`${key}\n`);
  else if (delivered) io.stdout.write(`Key: ${maskKey(key)} (use --print-key, --json or --output to get it)\n`);
  return delivered;
}
