// Which file a write to a named path may change. A symbolic link is followed only when nobody else could have
// planted it: another local user can make /tmp/.env a link to your ~/.profile, and a write through it would put a
// key there. Careful tools (OpenSSH, git) refuse such links as well.
import { lstat, readlink, realpath, stat } from "node:fs/promises";
import type { Stats } from "node:fs";
import { dirname, resolve } from "node:path";
import { UsageError } from "./args.js";
import { printable } from "./words.js";

/** Why a link was not followed. */
export type LinkProblem =
  /** The link is another user's (or its owner cannot be known: Windows). */
  | "another-owner"
  /** The folder holding the link is not the user's, or others can write to it (/tmp). */
  | "shared-folder"
  /** The link points to nothing. */
  | "dangling"
  /** More links in a row than any sane set-up has (or a loop). */
  | "too-many-links"
  /** The path became a link after it was checked, before the rename. */
  | "changed";

/** Links followed in a row at most, each checked. */
const MAX_LINKS = 8;

/** What is wrong with the link, as the start of a sentence. */
function saying(link: string, target: string, problem: LinkProblem): string {
  switch (problem) {
    case "another-owner":
      return process.getuid === undefined
        ? `${link} is a symbolic link to ${target}, and links are not followed here, where their owner cannot be checked`
        : `${link} is another user's symbolic link to ${target}`;
    case "shared-folder":
      return `${link} is a symbolic link to ${target}, in a folder others can write to`;
    case "dangling":
      return `${link} is a symbolic link to ${target}, which does not exist`;
    case "too-many-links":
      return `${link} leads to ${target} through too many symbolic links`;
    case "changed":
      return `${link} became a symbolic link to ${target} while the key was being written`;
  }
}

/**
 * A symbolic link a file was not written through: `link` is the path that is a link, `target` where it points
 * (its text as a path from the link's folder), `problem` why it was refused. A usage error: naming another path fixes it.
 */
export class LinkRefusedError extends UsageError {
  override readonly code = "link_refused";
  readonly link: string;
  readonly target: string;
  readonly problem: LinkProblem;
  constructor(link: string, target: string, problem: LinkProblem) {
    // The link's text is whatever its maker wrote: printable, so that it cannot rewrite the terminal.
    super(`${saying(printable(link), printable(target), problem)}, so nothing is written through it; name the file you mean itself, or remove the link`);
    this.name = "LinkRefusedError";
    this.link = link;
    this.target = target;
    this.problem = problem;
  }
}

const entryOf = (path: string) =>
  lstat(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return undefined;
    throw error;
  });

/** Where the link at `path` points, as a path (its text is relative to the link's real folder). */
const targetOf = async (path: string) => resolve(await realpath(dirname(path)), await readlink(path));

/** Why the link `entry` at `path` must not be followed, if it must not. */
async function problemOf(path: string, entry: Stats): Promise<LinkProblem | undefined> {
  // Windows has no uid: no link there is known to be the user's own.
  const uid = process.getuid?.();
  if (uid === undefined || entry.uid !== uid) return "another-owner";
  const folder = await stat(dirname(path));
  if (folder.uid !== uid || (folder.mode & 0o022) !== 0) return "shared-folder";
  return undefined;
}

/**
 * The file a write to `given` changes: `given` itself when it is a file or is not there yet; when it is a
 * symbolic link, the file it points to, only if the link is the user's own in a folder only the user can write
 * to (and so for each link on the way). Any other link is refused with LinkRefusedError.
 */
export async function writeTarget(given: string): Promise<string> {
  let path = given;
  let link: string | undefined;
  for (let links = 0; ; links++) {
    const entry = await entryOf(path);
    if (entry === undefined && link !== undefined) throw new LinkRefusedError(link, path, "dangling");
    if (!entry?.isSymbolicLink()) return path;
    const target = await targetOf(path);
    if (links === MAX_LINKS) throw new LinkRefusedError(given, target, "too-many-links");
    const problem = await problemOf(path, entry);
    if (problem) throw new LinkRefusedError(path, target, problem);
    link = path;
    path = target;
  }
}

/**
 * Checked again right before a rename onto `path`: a link put there since writeTarget chose it is refused, so
 * that what was checked is what gets replaced.
 */
export async function refuseLink(path: string): Promise<void> {
  const entry = await entryOf(path);
  if (entry?.isSymbolicLink()) throw new LinkRefusedError(path, await targetOf(path), "changed");
}
