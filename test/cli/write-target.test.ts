// Which file a key write may change (write-target.ts), and the write itself (key-file.ts) around links: a link
// someone else could have planted is refused, with nothing written anywhere; the user's own link in a folder only
// the user can write to is followed, and the file it points to is returned.
import { randomBytes } from "node:crypto";
import { chmod, chown, lchown, lstat, mkdir, mkdtemp, readdir, readFile, realpath, rm, stat, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { appendToFile, setEnvKey, writeFileAtomically } from "../../src/cli/key-file.js";
import { LinkRefusedError, refuseLink, writeTarget } from "../../src/cli/write-target.js";
import { UsageError } from "../../src/cli/args.js";
import { AS_ROOT, expectUntouched, OTHER_UID, PLANTED_PROBLEM, plantedLink, plantLink, sharedFolder, victimFile } from "./planted-link.js";

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "openrouter-oauth-write-target-"));
});
afterAll(() => rm(work, { recursive: true, force: true }));

/** A fresh folder of the test's own, mode 0700. */
const own = () => mkdtemp(join(work, "t-"));

const KEY = "sk-or-v1-written";

// The temporary file's random name, which one test makes known in advance.
vi.mock("node:crypto", async (original) => {
  const crypto = await original<typeof import("node:crypto")>();
  return { ...crypto, randomBytes: vi.fn(crypto.randomBytes) };
});

describe("writeTarget", () => {
  it("gives a plain file, or a path not there yet, as it is", async () => {
    const dir = await own();
    await writeFile(join(dir, "plain"), "x");
    expect(await writeTarget(join(dir, "plain"))).toBe(join(dir, "plain"));
    expect(await writeTarget(join(dir, "new"))).toBe(join(dir, "new"));
  });

  it("refuses a link planted in a shared folder, naming the link and its target", async () => {
    const dir = await own();
    const victim = await victimFile(dir);
    const link = await plantedLink(dir, ".env", victim.path);
    const refused = await writeTarget(link).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(LinkRefusedError);
    expect(refused).toBeInstanceOf(UsageError);
    expect(refused).toMatchObject({ link, target: victim.path, problem: PLANTED_PROBLEM });
  });

  it.skipIf(!AS_ROOT)("refuses another user's link even in a folder only the user can write to", async () => {
    const dir = await own();
    const victim = await victimFile(dir);
    const link = join(dir, ".env");
    await symlink(victim.path, link);
    await lchown(link, OTHER_UID, OTHER_UID);
    await expect(writeTarget(link)).rejects.toMatchObject({ link, target: victim.path, problem: "another-owner" });
  });

  it("refuses the user's own link in a folder others can write to (1777, or 0770)", async () => {
    const dir = await own();
    const victim = await victimFile(dir);
    const sticky = join(await sharedFolder(dir, "sticky"), ".env");
    await symlink(victim.path, sticky);
    await expect(writeTarget(sticky)).rejects.toMatchObject({ link: sticky, problem: "shared-folder" });
    const group = join(dir, "group");
    await mkdir(group);
    await chmod(group, 0o770);
    await symlink(victim.path, join(group, ".env"));
    await expect(writeTarget(join(group, ".env"))).rejects.toMatchObject({ link: join(group, ".env"), problem: "shared-folder" });
  });

  it.skipIf(!AS_ROOT)("refuses the user's own link in a folder another user owns", async () => {
    const dir = await own();
    const victim = await victimFile(dir);
    const theirs = join(dir, "theirs");
    await mkdir(theirs, { mode: 0o755 });
    await chown(theirs, OTHER_UID, OTHER_UID);
    await symlink(victim.path, join(theirs, ".env"));
    await expect(writeTarget(join(theirs, ".env"))).rejects.toMatchObject({ problem: "shared-folder" });
  });

  it("follows the user's own link in a 0700 folder, relative links from the link's folder", async () => {
    const dir = await own();
    await mkdir(join(dir, "real"));
    await writeFile(join(dir, "real", "key"), "old\n");
    await symlink(join("real", "key"), join(dir, "key"));
    expect(await writeTarget(join(dir, "key"))).toBe(join(await realpath(dir), "real", "key"));
  });

  it("checks every link on the way: the user's own link to a link planted in a shared folder is refused there", async () => {
    const dir = await own();
    const victim = await victimFile(dir);
    const planted = await plantedLink(dir, "shared.env", victim.path);
    await symlink(planted, join(dir, ".env"));
    await expect(writeTarget(join(dir, ".env"))).rejects.toMatchObject({ link: planted, target: victim.path, problem: PLANTED_PROBLEM });
  });

  it("refuses a link that points to nothing, even the user's own", async () => {
    const dir = await own();
    await symlink(join(dir, "missing"), join(dir, "key"));
    await expect(writeTarget(join(dir, "key"))).rejects.toMatchObject({ link: join(dir, "key"), target: join(dir, "missing"), problem: "dangling" });
  });

  it("refuses a loop of the user's own links", async () => {
    const dir = await own();
    await symlink(join(dir, "b"), join(dir, "a"));
    await symlink(join(dir, "a"), join(dir, "b"));
    await expect(writeTarget(join(dir, "a"))).rejects.toMatchObject({ link: join(dir, "a"), problem: "too-many-links" });
  });

  it("follows no link where the user's uid is unknown (Windows), and writes plain files as ever", async () => {
    const dir = await own();
    const getuid = Object.getOwnPropertyDescriptor(process, "getuid")!;
    Object.defineProperty(process, "getuid", { ...getuid, value: undefined });
    try {
      await writeFile(join(dir, "real"), "x");
      await symlink(join(dir, "real"), join(dir, "key"));
      await expect(writeTarget(join(dir, "key"))).rejects.toMatchObject({ problem: "another-owner" });
      expect(await writeFileAtomically(join(dir, "plain"), "text\n")).toBe(join(dir, "plain"));
      expect(await readFile(join(dir, "plain"), "utf8")).toBe("text\n");
    } finally {
      Object.defineProperty(process, "getuid", getuid);
    }
  });
});

describe("refuseLink", () => {
  it("passes a file or nothing, and refuses a link with problem changed", async () => {
    const dir = await own();
    await writeFile(join(dir, "file"), "x");
    await refuseLink(join(dir, "file"));
    await refuseLink(join(dir, "none"));
    await symlink(join(dir, "file"), join(dir, "link"));
    await expect(refuseLink(join(dir, "link"))).rejects.toMatchObject({ link: join(dir, "link"), target: join(dir, "file"), problem: "changed" });
  });
});

describe("writes through links", () => {
  it.each([
    ["writeFileAtomically", (file: string) => writeFileAtomically(file, `${KEY}\n`)],
    ["setEnvKey", (file: string) => setEnvKey(file, KEY)],
    ["appendToFile", (file: string) => appendToFile(file, `${KEY}\n`)],
  ])("%s refuses a planted link, leaving its target and the shared folder as they were", async (_, write) => {
    const dir = await own();
    const victim = await victimFile(dir);
    const link = await plantedLink(dir, ".env", victim.path);
    await expect(write(link)).rejects.toBeInstanceOf(LinkRefusedError);
    await expectUntouched(victim);
    expect(await readdir(join(link, ".."))).toEqual([".env"]);
    expect((await lstat(link)).isSymbolicLink()).toBe(true);
  });

  it("writes through the user's own link to the file it points to, returns that file, and keeps the link", async () => {
    const dir = await own();
    await mkdir(join(dir, "real"));
    await writeFile(join(dir, "real", ".env"), "A=1\n");
    await symlink(join("real", ".env"), join(dir, ".env"));
    const written = await setEnvKey(join(dir, ".env"), KEY);
    expect(written).toMatch(/real\/\.env$/);
    expect(await readFile(written, "utf8")).toBe(`A=1\nOPENROUTER_API_KEY=${KEY}\n`);
    expect((await stat(written)).mode & 0o777).toBe(0o600);
    expect((await lstat(join(dir, ".env"))).isSymbolicLink()).toBe(true);
    expect(await readdir(join(dir, "real"))).toEqual([".env"]);
  });

  it("refuses a link swapped in after the check, before the rename, writing nothing through it", async () => {
    const dir = await own();
    const victim = await victimFile(dir);
    const file = join(dir, "key");
    await writeFile(file, "old\n");
    const swap = async () => {
      await rm(file);
      await symlink(victim.path, file);
    };
    const refused = await writeFileAtomically(file, `${KEY}\n`, { beforeRename: swap }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(LinkRefusedError);
    expect(refused).toMatchObject({ link: file, target: victim.path, problem: "changed" });
    await expectUntouched(victim);
    // No temporary file left behind with the key in it.
    expect(await readdir(dir)).toEqual(["home-of-.profile", "key"]);
  });

  it("makes its temporary file anew (O_EXCL): a link planted under the temporary name fails the write", async () => {
    const dir = await own();
    const victim = await victimFile(dir);
    const shared = await sharedFolder(dir, "shared");
    const planted = await plantLink(victim.path, join(shared, `.key.${"00".repeat(6)}.tmp`));
    vi.mocked(randomBytes).mockReturnValueOnce(Buffer.alloc(6) as never);
    await expect(writeFileAtomically(join(shared, "key"), `${KEY}\n`)).rejects.toMatchObject({ code: "EEXIST" });
    await expectUntouched(victim);
    expect((await lstat(planted)).isSymbolicLink()).toBe(true);
    expect(await readdir(shared)).toEqual([".key.000000000000.tmp"]);
  });
});
