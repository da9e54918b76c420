// The generator stops, naming the field, at anything in the spec it cannot turn into a check, so that a spec
// change the client would not enforce is noticed rather than silently ignored.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";

const SPEC = parse(readFileSync("openapi/openrouter-oauth.yaml", "utf8"));
const dir = mkdtempSync(join(tmpdir(), "openrouter-oauth-generator-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What `npm run generate:check` prints when run on the spec as `change` leaves it, and whether it failed. */
async function generateCheck(name: string, change: (spec: any) => void) {
  const spec = structuredClone(SPEC);
  change(spec);
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, stringify(spec));
  try {
    await promisify(execFile)(process.execPath, ["scripts/generate.mjs", "--check"], { env: { ...process.env, OPENROUTER_OAUTH_SPEC: file } });
    return { failed: false, output: "" };
  } catch (error) {
    const { stdout, stderr } = error as { stdout: string; stderr: string };
    return { failed: true, output: stdout + stderr };
  }
}

const schemas = (spec: any) => spec.components.schemas;

describe("scripts/generate.mjs stops at", () => {
  it.each([
    ["a request keyword it does not enforce", "pattern", (spec: any) => void (schemas(spec).ExchangeAuthCodeRequest.properties.code.pattern = "^[a-z]+$"), "request field code uses \"pattern\""],
    ["a request format it does not check", "format", (spec: any) => void (schemas(spec).ExchangeAuthCodeRequest.properties.code.format = "email"), "request field code has format \"email\""],
    ["a response field of a type it does not check", "array", (spec: any) => void (schemas(spec).ExchangeAuthCodeResponse.properties.user_id = { type: "array", items: { type: "null" } }), "response field exchangeAuthCodeForAPIKey.user_id[] is of type undefined"],
    ["a nullable array in a response", "nullable-array", (spec: any) => void (schemas(spec).ExchangeAuthCodeResponse.properties.user_id = { type: ["array", "null"], items: { type: "string" } }), "response field exchangeAuthCodeForAPIKey.user_id is a nullable array"],
    ["a nullable object in a response", "nullable", (spec: any) => void (schemas(spec).CreateAuthCodeResponse.properties.data.type = ["object", "null"]), "response field createAuthKeysCode.data is a nullable object"],
    ["a success other than 200 with a body", "created", (spec: any) => {
      const responses = spec.paths["/auth/keys"].post.responses;
      responses["201"] = responses["200"];
      delete responses["200"];
    }, "exchangeAuthCodeForAPIKey answers 201 with a body"],
  ])("%s", async (_, name, change, says) => {
    const { failed, output } = await generateCheck(name, change);
    expect(failed).toBe(true);
    expect(output).toContain(says);
  });

  it("nothing in the unchanged spec: the files from a copy differ only in the spec's path they name", async () => {
    const { output } = await generateCheck("unchanged", () => {});
    expect(output).not.toContain("scripts/generate.mjs does not");
    expect(output.trim().split("\n")).toEqual([
      expect.stringMatching(/^src\/generated\/request-rules\.ts is not what .*unchanged\.yaml generates/),
      expect.stringMatching(/^src\/generated\/response-shapes\.ts is not what/),
    ]);
  });
});
