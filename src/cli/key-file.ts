// Writing a key to disk so that it is never half-written, never readable by others and never written through a
// link someone else planted: the file writeTarget allows, a temporary file beside it (so the rename stays on one
// file system) created new with mode 0600, then a rename over the target, which replaces a path and follows no link.
import { randomBytes } from "node:crypto";
import { constants } from "node:fs";
import { appendFile, mkdir, open, readFile, rename, rm } from "node:fs/promises";
import { homedir } from "node:os";
import { basename, dirname, join } from "node:path";
import { refuseLink, writeTarget } from "./write-target.js";

/** Not there on Windows, where a path that is a link was refused before it is opened. */
const NO_FOLLOW = constants.O_NOFOLLOW ?? 0;

/** The text of `file`, "" when it does not exist; a link found there (put since it was checked) is refused. */
async function oldText(file: string): Promise<string> {
  try {
    return await readFile(file, { encoding: "utf8", flag: constants.O_RDONLY | NO_FOLLOW });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return "";
    await refuseLink(file);
    throw error;
  }
}

export interface WriteOptions {
  /** Runs after the temporary file is written, before the last check and the rename (tests put a link there). */
  beforeRename?: () => Promise<void>;
}

/**
 * Replaces the file `given` names with `text` at once: a reader sees the old contents or the new, never a part.
 * `text` may be made from the file's old text ("" for a new file). Returns the path written: `given`, or the file
 * a link of the user's own points to (see writeTarget); any other link is refused with LinkRefusedError.
 */
export async function writeFileAtomically(
  given: string,
  text: string | ((old: string) => string),
  options: WriteOptions = {},
): Promise<string> {
  const file = await writeTarget(given);
  const contents = typeof text === "string" ? text : text(await oldText(file));
  // "wx" (O_EXCL) makes a file of its own or fails: never one, or a link, someone put there under a guessed name.
  const temporary = join(dirname(file), `.${basename(file)}.${randomBytes(6).toString("hex")}.tmp`);
  const handle = await open(temporary, "wx", 0o600);
  let renamed = false;
  try {
    try {
      await handle.chmod(0o600); // the umask may have narrowed the mode, never widened it; this makes it exact
      await handle.writeFile(contents);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await options.beforeRename?.();
    await refuseLink(file);
    await rename(temporary, file);
    renamed = true;
  } finally {
    if (!renamed) await rm(temporary, { force: true });
  }
  return file;
}

/** Adds `text` at the end of the file `given` names (GITHUB_ENV), under the same rule for links as a write. */
export async function appendToFile(given: string, text: string): Promise<void> {
  const file = await writeTarget(given);
  try {
    await appendFile(file, text, { flag: constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | NO_FOLLOW, mode: 0o600 });
  } catch (error) {
    await refuseLink(file);
    throw error;
  }
}

const ENV_NAME = "OPENROUTER_API_KEY";
const ENV_LINE = /^\s*(export\s+)?OPENROUTER_API_KEY\s*=/;

/**
 * The dotenv text with OPENROUTER_API_KEY set to `key`: the first such line replaced (keeping its `export`), any
 * other dropped, the rest kept in order, with the file's own line endings.
 */
export function withEnvKey(text: string, key: string): string {
  const eol = text.includes("\r\n") ? "\r\n" : "\n";
  const lines = text === "" ? [] : text.replace(/\r?\n$/, "").split(/\r?\n/);
  const kept: string[] = [];
  let placed = false;
  for (const line of lines) {
    const found = ENV_LINE.exec(line);
    if (!found) kept.push(line);
    else if (!placed) {
      kept.push(`${found[1] ?? ""}${ENV_NAME}=${key}`);
      placed = true;
    }
  }
  if (!placed) kept.push(`${ENV_NAME}=${key}`);
  return `${kept.join(eol)}${eol}`;
}

/** Sets OPENROUTER_API_KEY in a dotenv file, creating it (mode 0600) when it does not exist; returns the path written. */
export const setEnvKey = (file: string, key: string, options?: WriteOptions): Promise<string> =>
  writeFileAtomically(file, (text) => withEnvKey(text, key), options);

/**
 * The key read back from a key file: the OPENROUTER_API_KEY of a dotenv file, or else the file's one line. A file
 * of other lines (a dotenv file without the key, a comment) holds none: one of its lines may be another secret,
 * which must not be sent to OpenRouter as a key.
 */
export function keyInText(text: string): string | undefined {
  const lines = text.split(/\r?\n/).map((line) => line.trim());
  const env = lines.find((line) => ENV_LINE.test(line));
  if (env) return env.slice(env.indexOf("=") + 1).trim().replace(/^(["'])(.*)\1$/, "$2") || undefined;
  const filled = lines.filter(Boolean);
  return filled.length === 1 && !/=|^#/.test(filled[0]!) ? filled[0] : undefined;
}

/** Where a key goes when it could not be written where asked: a folder of the user's own, mode 0700. */
export const rescueFolder = (home = homedir()) => join(home, ".openrouter-oauth", "unsaved-keys");

/** Saves `key` in the rescue folder and returns the file's path. */
export async function rescueKey(key: string, now = new Date()): Promise<string> {
  const folder = rescueFolder();
  await mkdir(folder, { recursive: true, mode: 0o700 });
  const file = join(folder, `key-${now.toISOString().replace(/[:.]/g, "-")}.txt`);
  return writeFileAtomically(file, `${key}\n`);
}
