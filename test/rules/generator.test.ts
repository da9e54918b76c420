// The generator stops, naming the field, at anything in the spec it cannot turn into a check, so that a spec
// change the client would not enforce is noticed rather than silently ignored.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { getCurrentKey_response } from "../../src/generated/response-shapes.js";
import { array, is, orNull } from "../../src/checks/response-checks.js";
import { KEY_DATA } from "../support/fixtures.js";

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
    ["a response field of a type it does not check", "untyped", (spec: any) => void (schemas(spec).ExchangeAuthCodeResponse.properties.user_id = { anyOf: [{ type: "string" }, { type: "integer" }] }), "response field exchangeAuthCodeForAPIKey.user_id is of type none"],
    ["an array in a response without items", "items", (spec: any) => void delete schemas(spec).CurrentKey.properties.allowed_data_regions.items, "response field getCurrentKey.data.allowed_data_regions is an array without items"],
    ["an item of an array of a type it does not check", "item", (spec: any) => void (schemas(spec).CurrentKey.properties.allowed_data_regions.items = { type: "array" }), "response field getCurrentKey.data.allowed_data_regions[] is an array without items"],
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

describe("scripts/generate.mjs turns an array of the spec into", () => {
  const withRegions = (allowed_data_regions: unknown) => ({ data: { ...KEY_DATA, allowed_data_regions } });

  it("a check that it is an array", () => {
    expect(getCurrentKey_response(withRegions("global"))).toEqual({ field: "data.allowed_data_regions", says: "has a data.allowed_data_regions that is not an array" });
  });

  it("a check of each item's type, naming the item", () => {
    expect(getCurrentKey_response(withRegions(["global", 7]))).toEqual({ field: "data.allowed_data_regions[1]", says: "has a data.allowed_data_regions[1] that is not a string" });
  });

  it("a check that takes null for a nullable array or object, and checks anything else", async () => {
    const { output } = await generateCheck("nullable", (spec: any) => void (schemas(spec).CurrentKey.properties.allowed_data_regions.type = ["array", "null"]));
    expect(output).not.toContain("scripts/generate.mjs does not");
    expect(output).toMatch(/src\/generated\/response-shapes\.ts is not what/);
    const regions = orNull(array(is("string")));
    expect(regions(null, "regions")).toBeUndefined();
    expect(regions(["global"], "regions")).toBeUndefined();
    expect(regions("global", "regions")).toEqual({ field: "regions", says: "has a regions that is not an array" });
  });

  it("a check that names a body that is itself no array, and each of its items by index", () => {
    const list = array(is("integer"));
    expect(list({ 0: 1 })).toEqual({ field: undefined, says: "is not a JSON array" });
    expect(list([1, 2.5])).toEqual({ field: "[1]", says: "has a [1] that is not a whole number" });
  });

  it("no check of the items' enum, which is OpenRouter's to extend", () => {
    expect(getCurrentKey_response(withRegions(["global", "antarctica"]))).toBeUndefined();
    expect(getCurrentKey_response(withRegions([]))).toBeUndefined();
  });
});
