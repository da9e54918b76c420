// A link another local user planted: a folder like /tmp (world-writable, sticky) holding a symbolic link to a file
// of the victim's own. As root (this machine), the link is given to another uid; as anyone else (CI), it stays the
// tester's own, and the folder others can write to is what refuses it.
import { chmod, lchown, mkdir, readFile, stat, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect } from "vitest";

/** Whether links and folders can be given to another user here. */
export const AS_ROOT = process.getuid?.() === 0;

/** The uid of "nobody": another user. */
export const OTHER_UID = 65534;

/** Why a planted link is refused: its owner when that can be another user, else its folder. */
export const PLANTED_PROBLEM = AS_ROOT ? "another-owner" : "shared-folder";

export interface Victim {
  path: string;
  text: string;
  mode: number;
}

/** A file of the user's own (a ~/.profile), in a folder only the user can write to. */
export async function victimFile(root: string, name = ".profile"): Promise<Victim> {
  const home = join(root, `home-of-${name}`);
  await mkdir(home, { mode: 0o700 });
  const victim = { path: join(home, name), text: 'export PATH="$HOME/bin:$PATH"\n', mode: 0o644 };
  await writeFile(victim.path, victim.text);
  await chmod(victim.path, victim.mode);
  return victim;
}

/** A shared folder under `root`, mode 1777 as /tmp is, without a link yet. */
export async function sharedFolder(root: string, name: string): Promise<string> {
  const folder = join(root, name);
  await mkdir(folder);
  await chmod(folder, 0o1777);
  return folder;
}

/** Plants `link` (in a shared folder) pointing to `target`, made by another user where that can be done. */
export async function plantLink(target: string, link: string): Promise<string> {
  await symlink(target, link);
  if (AS_ROOT) await lchown(link, OTHER_UID, OTHER_UID);
  return link;
}

/** A shared folder with `name` in it planted as a link to `target`; returns the link's path. */
export async function plantedLink(root: string, name: string, target: string): Promise<string> {
  return plantLink(target, join(await sharedFolder(root, `shared-${name}`), name));
}

/** The victim's file as it was: the same text and mode, so no key is in it. */
export async function expectUntouched(victim: Victim): Promise<void> {
  expect(await readFile(victim.path, "utf8")).toBe(victim.text);
  expect((await stat(victim.path)).mode & 0o7777).toBe(victim.mode);
}
