// `openrouter-oauth key` (spawned.ts): what a key is, read from a file, the environment or a pipe, never
// printed; OpenRouter's 401 and other failures in the user's words.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { keyLinks } from "../../src/index.js";
import { login } from "../../src/node/index.js";
import { FAKE_WORKSPACE_ID, simulateUser } from "../../src/testing/index.js";
import { responseErrors } from "../support/spec.js";
import { EXIT, lastLine, useSpawnedCli } from "./spawned.js";

const { state, cli } = useSpawnedCli();

/** A key the served fake minted through a real sign-in, with what that sign-in asked for. */
async function mintKey(options: { keyLabel?: string; limit?: number } = {}) {
  const { key } = await login({
    baseUrl: state.served.baseUrl,
    authUrl: state.served.authUrl,
    openBrowser: (url) => void simulateUser(url, "approve"),
    ...options,
  });
  return key;
}

const base = () => ["--base-url", state.served.baseUrl];

describe("openrouter-oauth key (spawned)", { timeout: 30_000 }, () => {
  it("shows the label, limit, usage, free-model requests, expiry, free tier, data regions, organization and settings link of a key read from --key-file", async () => {
    const key = await mintKey({ keyLabel: "My laptop", limit: 2.5 });
    const file = join(state.work, "key.txt");
    await writeFile(file, `${key}\n`, { mode: 0o600 });
    const { code, stdout, stderr } = await cli(["key", "--key-file", file, ...base()]);
    expect(code).toBe(EXIT.ok);
    expect(stdout).toBe(
      `Label         sk-or-v1-${key.slice(9, 12)}...${key.slice(-4)}\n` +
        "Limit         $2.50, $2.50 remaining, never reset\n" +
        "Usage         $0.00 today, $0.00 this week, $0.00 this month, $0.00 in all\n" +
        "Free models   1,000 of 1,000 requests left today\n" +
        "Expires       never\n" +
        "Free tier     no\n" +
        "Data regions  global\n" +
        "Organization  none (a personal account)\n" +
        `Settings      ${(await keyLinks(key, state.served.origin)).settings}\n`,
    );
    expect(stderr).toBe("");
    expect(stdout).not.toContain(key);
  });

  it("shows the free-model requests left, the data regions and the organization a key's account has", async () => {
    state.keyData = {
      free_model_daily_requests: { limit: 1000, remaining: 990, used: 10 },
      allowed_data_regions: ["europe", "us"],
      organization_id: "org_5hT2qW",
    };
    const { code, stdout } = await cli(["key", ...base()], { input: await mintKey() });
    expect(code).toBe(EXIT.ok);
    expect(stdout).toContain("Free models   990 of 1,000 requests left today\n");
    expect(stdout).toContain("Data regions  Europe, United States\n");
    expect(stdout).toContain("Organization  org_5hT2qW\n");
  });

  it("says when no data region is allowed, and shows a region it does not know as OpenRouter names it", async () => {
    state.keyData = { allowed_data_regions: [] };
    const none = await cli(["key", ...base()], { input: await mintKey() });
    expect(none.stdout).toContain("Data regions  none allowed\n");
    state.keyData = { allowed_data_regions: ["global", "antarctica"] };
    const unknown = await cli(["key", ...base()], { input: await mintKey() });
    expect(unknown.stdout).toContain("Data regions  global, antarctica\n");
  });

  it("shows no control character of what OpenRouter says, such as a label or an organization", async () => {
    state.keyData = { label: "My\u001b[2Jlaptop", organization_id: "org\u0007" };
    const { code, stdout } = await cli(["key", ...base()], { env: { OPENROUTER_API_KEY: await mintKey() } });
    expect(code).toBe(EXIT.ok);
    expect(stdout).toContain("Label         My?[2Jlaptop\n");
    expect(stdout).toContain("Organization  org?\n");
  });

  it("reads the key from OPENROUTER_API_KEY", async () => {
    const key = await mintKey();
    const { code, stdout } = await cli(["key", ...base()], { env: { OPENROUTER_API_KEY: key } });
    expect(code).toBe(EXIT.ok);
    expect(stdout).toMatch(/^Label {9}sk-or-v1-[0-9a-f]{3}\.\.\.[0-9a-f]{4}\nLimit {9}none\n/);
    expect(stdout).not.toContain(key);
  });

  it("reads the key piped on standard input, and a dotenv file's OPENROUTER_API_KEY", async () => {
    const key = await mintKey();
    const label = `Label         sk-or-v1-${key.slice(9, 12)}...${key.slice(-4)}\n`;
    const piped = await cli(["key", ...base()], { input: `${key}\n` });
    expect(piped.code).toBe(EXIT.ok);
    expect(piped.stdout.startsWith(label)).toBe(true);
    const env = join(state.work, ".env.key");
    await writeFile(env, `PORT=1\nOPENROUTER_API_KEY="${key}"\n`);
    const fromEnvFile = await cli(["key", "--key-file", env, ...base()]);
    expect(fromEnvFile.code).toBe(EXIT.ok);
    expect(fromEnvFile.stdout.startsWith(label)).toBe(true);
  });

  it("prints OpenRouter's answer, valid against our spec, and the links with --json", async () => {
    const key = await mintKey({ limit: 1 });
    const { code, stdout } = await cli(["key", "--json", ...base()], { input: key });
    expect(code).toBe(EXIT.ok);
    const printed = JSON.parse(stdout);
    expect(responseErrors("/key", 200, { data: printed.data })).toEqual([]);
    expect(printed.data).toMatchObject({
      limit: 1,
      free_model_daily_requests: { limit: 1000, remaining: 1000, used: 0 },
      allowed_data_regions: ["global"],
      organization_id: null,
      workspace_id: FAKE_WORKSPACE_ID,
    });
    expect(printed.links).toEqual(await keyLinks(key, state.served.origin));
    expect(stdout).not.toContain(key);
  });

  it("says in one sentence that OpenRouter does not know a key, and exits 1", async () => {
    const key = "sk-or-v1-0000000000000000000000000000000000000000000000000000000000000000";
    const { code, stdout, stderr } = await cli(["key", ...base()], { env: { OPENROUTER_API_KEY: key } });
    expect(code).toBe(EXIT.failed);
    expect(stdout).toBe("");
    expect(stderr).toBe("openrouter-oauth: OpenRouter does not know this key: it may be mistyped, revoked or expired.\n");
  });

  it("exits 1 in the user's words when OpenRouter fails", async () => {
    state.keyStatus = 500;
    const { code, stderr } = await cli(["key", ...base()], { input: await mintKey() });
    expect(code).toBe(EXIT.failed);
    expect(lastLine(stderr)).toMatch(/^openrouter-oauth: OpenRouter answered with an error \(HTTP 500: .*\); try again later\.$/);
  });

  it("takes no key as an argument, and never echoes one given there", async () => {
    const key = await mintKey();
    const { code, stdout, stderr } = await cli(["key", key, ...base()]);
    expect(code).toBe(EXIT.usage);
    expect(stdout + stderr).not.toContain(key);
    expect(stderr).toBe(`openrouter-oauth: this command takes no arguments, only options (a key belongs in a file or OPENROUTER_API_KEY). See "openrouter-oauth key --help".\n`);
    expect(state.requests).not.toContain("GET /api/v1/key");
  });

  it("is a usage error when no key is given, or the file cannot be read", async () => {
    const empty = await cli(["key", ...base()], { input: "" });
    expect(empty.code).toBe(EXIT.usage);
    expect(empty.stderr).toBe(`openrouter-oauth: no key found in standard input: it needs an OPENROUTER_API_KEY line, or the key alone. See "openrouter-oauth key --help".\n`);
    const missing = await cli(["key", "--key-file", join(state.work, "nope"), ...base()], { input: "" });
    expect(missing.code).toBe(EXIT.usage);
    expect(missing.stderr).toBe(`openrouter-oauth: --key-file ${join(state.work, "nope")} cannot be read (ENOENT). See "openrouter-oauth key --help".\n`);
  });

  it("documents where the key comes from", async () => {
    const { code, stdout } = await cli(["key", "--help"]);
    expect(code).toBe(EXIT.ok);
    for (const text of ["--key-file", "OPENROUTER_API_KEY", "standard input", "--json", "--base-url"]) expect(stdout).toContain(text);
  });
});
