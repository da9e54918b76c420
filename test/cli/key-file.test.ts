// Writing keys to disk (key-file.ts): whole files with mode 0600, dotenv files kept as they were but for the key,
// keys read back from either, and the rescue folder for a key that could not go where asked.
import { chmod, lstat, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { keyInText, rescueFolder, rescueKey, setEnvKey, withEnvKey, writeFileAtomically } from "../../src/cli/key-file.js";

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "openrouter-oauth-key-file-"));
});
afterAll(() => rm(work, { recursive: true, force: true }));

const modeOf = async (file: string) => (await stat(file)).mode & 0o777;

describe("writeFileAtomically", () => {
  it("writes through a link of the user's own, in a folder only the user can write to, keeping the link", async () => {
    const dir = join(work, "linked");
    await mkdir(join(dir, "real"), { recursive: true });
    await writeFile(join(dir, "real", ".env"), "OPENROUTER_API_KEY=old\n");
    await symlink(join("real", ".env"), join(dir, ".env"));
    await setEnvKey(join(dir, ".env"), "sk-or-v1-new");
    expect((await lstat(join(dir, ".env"))).isSymbolicLink()).toBe(true);
    expect(await readFile(join(dir, "real", ".env"), "utf8")).toBe("OPENROUTER_API_KEY=sk-or-v1-new\n");
  });

  it("creates the file with mode 0600 and leaves nothing else in the folder", async () => {
    const dir = join(work, "atomic");
    await mkdir(dir);
    await writeFileAtomically(join(dir, "key"), "secret\n");
    expect(await readFile(join(dir, "key"), "utf8")).toBe("secret\n");
    expect(await modeOf(join(dir, "key"))).toBe(0o600);
    expect(await readdir(dir)).toEqual(["key"]);
  });

  it("replaces an existing file whole, narrowing a wider mode to 0600", async () => {
    const file = join(work, "wide");
    await writeFile(file, "x".repeat(1000));
    await chmod(file, 0o666);
    await writeFileAtomically(file, "short\n");
    expect(await readFile(file, "utf8")).toBe("short\n");
    expect(await modeOf(file)).toBe(0o600);
  });

  it("fails without leaving a temporary file when the target cannot take the rename", async () => {
    const dir = join(work, "blocked");
    await mkdir(join(dir, "key"), { recursive: true }); // a folder where the file should go
    await writeFile(join(dir, "key", "inside"), "keeps the folder non-empty");
    await expect(writeFileAtomically(join(dir, "key"), "secret\n")).rejects.toMatchObject({ code: expect.stringMatching(/EISDIR|ENOTEMPTY|EEXIST/) });
    expect(await readdir(dir)).toEqual(["key"]);
  });

  it("fails when the folder does not exist", async () => {
    await expect(writeFileAtomically(join(work, "missing", "key"), "secret\n")).rejects.toMatchObject({ code: "ENOENT" });
  });
});

describe("withEnvKey", () => {
  it.each([
    ["an empty file", "", "OPENROUTER_API_KEY=k\n"],
    ["a file without the key", "A=1\nB=2\n", "A=1\nB=2\nOPENROUTER_API_KEY=k\n"],
    ["a file without a final newline", "A=1", "A=1\nOPENROUTER_API_KEY=k\n"],
    ["the key in the middle", "A=1\nOPENROUTER_API_KEY=old\nB=2\n", "A=1\nOPENROUTER_API_KEY=k\nB=2\n"],
    // A file a shell sources needs its export kept.
    ["an exported key, twice", "export OPENROUTER_API_KEY=old\n# note\nOPENROUTER_API_KEY = older\n", "export OPENROUTER_API_KEY=k\n# note\n"],
    ["CRLF lines, which it keeps", "A=1\r\nB=2\r\n", "A=1\r\nB=2\r\nOPENROUTER_API_KEY=k\r\n"],
    ["a similar name", "MY_OPENROUTER_API_KEY=x\n", "MY_OPENROUTER_API_KEY=x\nOPENROUTER_API_KEY=k\n"],
  ])("sets the key in %s, keeping the rest in order", (_, text, expected) => {
    expect(withEnvKey(text, "k")).toBe(expected);
  });
});

describe("setEnvKey", () => {
  it("creates a missing file with mode 0600", async () => {
    const file = join(work, "new.env");
    await setEnvKey(file, "k1");
    expect(await readFile(file, "utf8")).toBe("OPENROUTER_API_KEY=k1\n");
    expect(await modeOf(file)).toBe(0o600);
  });

  it("updates an existing file", async () => {
    const file = join(work, "old.env");
    await writeFile(file, "A=1\nOPENROUTER_API_KEY=k0\n");
    await setEnvKey(file, "k2");
    expect(await readFile(file, "utf8")).toBe("A=1\nOPENROUTER_API_KEY=k2\n");
  });

  it("fails when the path cannot be read as a file", async () => {
    await expect(setEnvKey(work, "k")).rejects.toMatchObject({ code: "EISDIR" });
  });
});

describe("keyInText", () => {
  it.each([
    ["a bare key", "sk-or-v1-abc\n", "sk-or-v1-abc"],
    ["a key after blank lines", "\n\n  sk-or-v1-abc  \n", "sk-or-v1-abc"],
    ["a dotenv file", "A=1\nOPENROUTER_API_KEY=sk-or-v1-abc\n", "sk-or-v1-abc"],
    ["a quoted dotenv value", "OPENROUTER_API_KEY='sk-or-v1-abc'\n", "sk-or-v1-abc"],
    ["nothing", "\n \n", undefined],
    ["an empty dotenv value", "OPENROUTER_API_KEY=\n", undefined],
    // Any of these lines may be another secret: none is sent as the key.
    ["a dotenv file without the key", "DATABASE_URL=postgres://admin:hunter2@db/app\n", undefined],
    ["a comment", "# my key\n", undefined],
    ["two lines", "sk-or-v1-abc\nsk-or-v1-def\n", undefined],
  ])("reads %s", (_, text, key) => {
    expect(keyInText(text)).toBe(key);
  });
});

describe("rescueKey", () => {
  it("saves the key in a 0600 file in a 0700 folder under the home folder", async () => {
    vi.stubEnv("HOME", work);
    try {
      const file = await rescueKey("sk-or-v1-rescued", new Date(Date.UTC(2030, 0, 2, 3, 4, 5)));
      expect(file).toBe(join(rescueFolder(work), "key-2030-01-02T03-04-05-000Z.txt"));
      expect(await readFile(file, "utf8")).toBe("sk-or-v1-rescued\n");
      expect(await modeOf(file)).toBe(0o600);
      expect(await modeOf(rescueFolder(work))).toBe(0o700);
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
