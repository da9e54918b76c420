// Where `login` puts the key (spawned.ts): files written whole with mode 0600, never replaced unasked, a dotenv
// file kept as it was but for its key, and a key that cannot be written where asked still kept, with word of where.
import { mkdir, readdir, readFile, rm, stat, writeFile, chmod } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { keyLinks } from "../../src/index.js";
import { simulateUser } from "../../src/testing/index.js";
import { authorizationUrl, EXIT, KEY, lastLine, useSpawnedCli } from "./spawned.js";

const { state, cli, against } = useSpawnedCli();

let folders = 0;
/** A fresh folder of the test's own. */
async function folder() {
  const path = join(state.work, `out-${++folders}`);
  await mkdir(path);
  return path;
}

/** `login --no-open` with a user who approves; `whileWaiting` runs once the CLI waits, before the approval. */
function signIn(extra: string[], whileWaiting?: () => Promise<void>) {
  let user: Promise<unknown> = Promise.resolve();
  let url: string | undefined;
  return cli(["login", "--no-open", ...against(), ...extra], {
    onLine: (line) => {
      url ??= authorizationUrl(line);
      if (line.startsWith("Waiting for you")) user = (whileWaiting?.() ?? Promise.resolve()).then(() => simulateUser(url!, "approve"));
    },
  }).then(async (result) => {
    await user;
    return result;
  });
}

const modeOf = async (file: string) => (await stat(file)).mode & 0o777;

describe("login's key delivery (spawned)", { timeout: 30_000 }, () => {
  it("writes --output whole with mode 0600, leaves no temporary file, and keeps the key off the terminal", async () => {
    const dir = await folder();
    const file = join(dir, "key");
    const { code, stdout, stderr } = await signIn(["--output", file]);
    expect(code).toBe(EXIT.ok);
    expect(await readFile(file, "utf8")).toBe(`${state.minted[0]}\n`);
    expect(await modeOf(file)).toBe(0o600);
    expect(await readdir(dir)).toEqual(["key"]);
    expect(stderr).toContain(`Key written to ${file} (mode 0600).`);
    expect(stdout + stderr).not.toMatch(KEY);
  });

  it("prints the key's settings link and its limit after the sign-in", async () => {
    const { code, stderr } = await signIn(["--limit", "2.5"]);
    expect(code).toBe(EXIT.ok);
    const { settings } = await keyLinks(state.minted[0]!, state.served.origin);
    expect(stderr).toContain(`Manage or revoke this key at ${settings}\n`);
    expect(lastLine(stderr)).toBe("Its credit limit is $2.50.");
    expect(state.requests.filter((request) => request === "GET /api/v1/key")).toHaveLength(1);
  });

  it("still signs in when OpenRouter cannot say the key's limit", async () => {
    state.keyStatus = 500;
    const { code, stdout, stderr } = await signIn([]);
    expect(code).toBe(EXIT.ok);
    expect(stdout).toMatch(/^Key: sk-or-v1-/);
    expect(lastLine(stderr)).toBe("Could not ask OpenRouter for the key's limit; the link above shows it.");
  });

  it("refuses to replace an existing --output file without --force, before any URL, changing nothing", async () => {
    const file = join(await folder(), "key");
    await writeFile(file, "precious\n");
    const { code, stdout, stderr } = await cli(["login", "--no-open", ...against(), "--output", file]);
    expect(code).toBe(EXIT.usage);
    expect(stdout).toBe("");
    expect(stderr).toBe(`openrouter-oauth: --output ${file} already exists; add --force to replace it. See "openrouter-oauth login --help".\n`);
    expect(await readFile(file, "utf8")).toBe("precious\n");
    expect(state.requests).toEqual([]);
  });

  it("replaces an existing --output file with --force, narrowed to mode 0600", async () => {
    const file = join(await folder(), "key");
    await writeFile(file, "old contents that are longer than a key, to see them replaced entirely\n".repeat(3));
    await chmod(file, 0o644);
    const { code } = await signIn(["--output", file, "--force"]);
    expect(code).toBe(EXIT.ok);
    expect(await modeOf(file)).toBe(0o600);
    expect(await readFile(file, "utf8")).toBe(`${state.minted[0]}\n`);
  });

  it("writes the key alone to standard output with -o -", async () => {
    const { code, stdout, stderr } = await signIn(["-o", "-"]);
    expect(code).toBe(EXIT.ok);
    expect(stdout).toBe(`${state.minted[0]}\n`);
    expect(stderr).not.toMatch(KEY);
  });

  // Why the guides show --dotenv first: Node 20, 22 and 24 read --env-file anywhere on their command line, even
  // after the script, and exit with 9 before any of the CLI runs when that file does not exist yet.
  it("cannot take --env-file of a file not yet there, as node itself exits first, so --dotenv is the way", async () => {
    const file = join(await folder(), ".env");
    const { code, stdout, stderr } = await cli(["login", "--no-open", ...against(), "--env-file", file]);
    expect(code).toBe(9);
    expect(stdout).toBe("");
    expect(stderr).toContain(`${file}: not found`);
    expect(state.requests).toEqual([]);
  });

  // --dotenv is --env-file under another name, for a file that does not exist yet.
  it("creates a --dotenv file with mode 0600 holding OPENROUTER_API_KEY", async () => {
    const file = join(await folder(), ".env");
    const { code, stdout, stderr } = await signIn(["--dotenv", file]);
    expect(code).toBe(EXIT.ok);
    expect(await readFile(file, "utf8")).toBe(`OPENROUTER_API_KEY=${state.minted[0]}\n`);
    expect(await modeOf(file)).toBe(0o600);
    expect(stderr).toContain(`OPENROUTER_API_KEY set in ${file} (mode 0600).`);
    expect(stdout + stderr).not.toMatch(KEY);
  });

  it("sets OPENROUTER_API_KEY in an existing --env-file, keeping every other line in its order", async () => {
    const file = join(await folder(), ".env");
    await writeFile(file, "# settings\nPORT=3000\nOPENROUTER_API_KEY=sk-or-v1-old\nDEBUG=1\n\nNAME=\"my app\"\n");
    const { code } = await signIn(["--env-file", file]);
    expect(code).toBe(EXIT.ok);
    expect(await readFile(file, "utf8")).toBe(`# settings\nPORT=3000\nOPENROUTER_API_KEY=${state.minted[0]}\nDEBUG=1\n\nNAME="my app"\n`);
  });

  it("keeps a key it could not write in a 0600 file under ~/.openrouter-oauth, says where, and exits 1", async () => {
    const dir = await folder();
    const file = join(dir, "key");
    // The folder passes the check before the sign-in, then disappears before the key arrives (as a full disk would fail it).
    const { code, stdout, stderr } = await signIn(["--output", file], () => rm(dir, { recursive: true }));
    expect(code).toBe(EXIT.failed);
    const rescued = /so it was saved to (\S+) \(mode 0600\) instead\./.exec(stderr)?.[1];
    expect(stderr).toContain(`The key could not be written to ${file} (ENOENT), so it was saved to`);
    expect(rescued!.startsWith(join(state.work, ".openrouter-oauth", "unsaved-keys"))).toBe(true);
    expect(await readFile(rescued!, "utf8")).toBe(`${state.minted[0]}\n`);
    expect(await modeOf(rescued!)).toBe(0o600);
    expect(stderr).toContain(`Manage or revoke this key at ${(await keyLinks(state.minted[0]!, state.served.origin)).settings}`);
    expect(stdout + stderr).not.toMatch(KEY);
  });

  it("keeps a key it could not write to --env-file the same way", async () => {
    const dir = await folder();
    const { code, stderr } = await signIn(["--dotenv", join(dir, ".env")], () => rm(dir, { recursive: true }));
    expect(code).toBe(EXIT.failed);
    const rescued = /so it was saved to (\S+) \(mode 0600\) instead\./.exec(stderr)?.[1];
    expect(await readFile(rescued!, "utf8")).toBe(`${state.minted[0]}\n`);
  });

  it("says the key is on standard output when it could not be written but was printed anyway", async () => {
    const dir = await folder();
    const { code, stdout, stderr } = await signIn(["--output", join(dir, "key"), "--json"], () => rm(dir, { recursive: true }));
    expect(code).toBe(EXIT.failed);
    expect(JSON.parse(stdout).key).toBe(state.minted[0]);
    expect(stderr.split("\n")).toContain(`The key could not be written to ${join(dir, "key")} (ENOENT); it is on standard output instead.`);
  });
});
