// Writing a key to disk so that it is never half-written and never readable by others: a temporary file in the
// same folder (so the rename stays on one file system), mode 0600 from its creation, then a rename over the target.
import { randomBytes } from "node:crypto";
import { mkdir, open, readFile, realpath, rename, rm } from "node:fs/promises";
import { homedir } from "node:os";
import { basename, dirname, join } from "node:path";

/**
 * The file that writing `file` changes: the one a symbolic link points to, so that it gets the text rather than
 * the link being replaced by a file; `file` itself when it is not there yet (or links to nothing).
 */
export const writtenFile = (file: string): Promise<string> => realpath(file).catch(() => file);

/** Replaces `file` (the one it links to, if a link) with `text` at once: a reader sees the old contents or the new, never a part. */
export async function writeFileAtomically(given: string, text: string): Promise<void> {
  const file = await writtenFile(given);
  const temporary = join(dirname(file), `.${basename(file)}.${randomBytes(6).toString("hex")}.tmp`);
  const handle = await open(temporary, "wx", 0o600);
  let written = false;
  try {
    await handle.chmod(0o600); // the umask may have narrowed the mode, never widened it; this makes it exact
    await handle.writeFile(text);
    await handle.sync();
    written = true;
  } finally {
    await handle.close();
    if (!written) await rm(temporary, { force: true });
  }
  try {
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
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

/** Sets OPENROUTER_API_KEY in a dotenv file, creating it (mode 0600) when it does not exist. */
export async function setEnvKey(file: string, key: string): Promise<void> {
  let text = "";
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  await writeFileAtomically(file, withEnvKey(text, key));
}

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
  await writeFileAtomically(file, `${key}\n`);
  return file;
}
