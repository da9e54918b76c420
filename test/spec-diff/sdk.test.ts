// `npm run spec:diff -- --sdk`: our spec against the installed @openrouter/sdk. Drift is planted twice: in the
// SDK described as plain data (each change alone, in-process), and in a copy of the SDK's module tree, read by
// the command as it reads the installed one. GET /key and the workload identity operations are left to CI's own
// run, so that these tests hold whatever the state of their fields; the two sign-in operations carry every kind
// of drift.
import { execFile } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeSdk, jsonSchemaOf } from "../../scripts/sdk-description.mjs";
import { diffSpecs, formatReport } from "../../scripts/spec-diff.mjs";
import { spec } from "../support/spec.js";
import { LEFT_OUT_REASON, specBeforeWorkloadIdentity } from "./before-workload-identity.js";

const SCRIPT = fileURLToPath(new URL("../../scripts/spec-diff.mjs", import.meta.url));
const INSTALLED = fileURLToPath(new URL("../../node_modules/@openrouter/sdk", import.meta.url));
const fromSdk = createRequire(join(INSTALLED, "package.json"));
const SIGN_IN = ["exchangeAuthCodeForAPIKey", "createAuthKeysCode"];
const OUR_PATHS = Object.keys(spec.paths);

let described: any;
beforeAll(async () => {
  described = await describeSdk(INSTALLED, { paths: OUR_PATHS });
}, 30_000);

const copy = () => structuredClone(described);
/** How many differences our spec declares against the SDK for the sign-in operations, as counted in-process. */
const declaredAgainstSdk = () => diffSpecs(spec, copy(), SIGN_IN).differences.filter((d) => d.declared).length;
const unexpected = (document: unknown) => diffSpecs(spec, document, SIGN_IN).differences.filter((d) => !d.declared);
const body = (operation: any) => operation.requestBody.content["application/json"].schema;
const answer = (operation: any, status: string) => operation.responses[status].content["application/json"].schema;
const exchange = (document: any) => document.paths["/auth/keys"].post;
const createCode = (document: any) => document.paths["/auth/keys/code"].post;

describe("the SDK, described", () => {
  it("names each operation by path, method, operationId and the SDK group that holds it", () => {
    expect(exchange(described)).toMatchObject({ operationId: "exchangeAuthCodeForAPIKey", tags: ["oauth"] });
    expect(described.paths["/key"].get).toMatchObject({ operationId: "getCurrentKey", tags: ["apikeys"] });
    expect(described.paths["/oauth/token"].post).toMatchObject({ operationId: "createOauthToken", tags: ["oauth"] });
    expect(described.paths["/oauth/jwks"].get).toMatchObject({ operationId: "listOauthJwks", tags: ["oauth"] });
  });

  it("gives request fields their wire names, with what is required and the values of an enum the SDK sends as a plain string", () => {
    expect(body(exchange(described))).toEqual({
      type: "object",
      properties: {
        code: { type: "string" },
        code_challenge_method: { type: ["null", "string"], enum: ["S256", "plain", null] },
        code_verifier: { type: "string" },
      },
      required: ["code"],
    });
    expect(body(createCode(described)).properties.usage_limit_type).toEqual({ type: "string", enum: ["daily", "weekly", "monthly"] });
    expect(exchange(described).requestBody).toMatchObject({ required: true });
  });

  it("lists the statuses that have a typed body, and not the SDK's catch-all for the rest", () => {
    expect(Object.keys(createCode(described).responses).sort()).toEqual(["200", "400", "401", "403", "409", "500"]);
    expect(Object.keys(described.paths["/oauth/token"].post.responses).sort()).toEqual(["200", "400", "429", "500", "503"]);
  });

  it("reads response fields with integers, nullability and the SDK's own error bookkeeping left out", () => {
    expect(answer(createCode(described), "200").properties.data.properties.app_id).toEqual({ type: "integer" });
    const error = answer(createCode(described), "401");
    expect(Object.keys(error.properties).sort()).toEqual(["error", "openrouter_metadata", "user_id"]);
    expect(error.properties.user_id).toEqual({ type: ["null", "string"] });
    expect(error.required).toEqual(["error"]);
  });

  it("describes bodies only at the paths asked for, and every operation's route", async () => {
    const tokenOnly = await describeSdk(INSTALLED, { paths: ["/oauth/token"] });
    const token = tokenOnly.paths["/oauth/token"].post;
    expect(Object.keys(token.requestBody.content)).toEqual(["application/x-www-form-urlencoded"]);
    expect(token.responses["200"].content).toHaveProperty(["application/json", "schema", "type"], "object");
    const jwks = tokenOnly.paths["/oauth/jwks"].get;
    expect(jwks).toMatchObject({ operationId: "listOauthJwks", tags: ["oauth"] });
    expect(jwks.responses["200"]).toEqual({ description: expect.any(String) });
    expect(tokenOnly.paths["/auth/keys"].post.requestBody).toBeUndefined();
  });

  it("says what it cannot describe", () => {
    expect(Object.keys(described["x-not-described"])).toEqual(expect.arrayContaining(["security", "format", "maxLength", "deprecated"]));
  });
});

describe("spec:diff against the SDK, drift planted in its description", () => {
  it("reports nothing unexpected for an unchanged copy, and the documented differences as declared", () => {
    const result = diffSpecs(spec, copy(), SIGN_IN);
    expect(result.differences.filter((d) => !d.declared)).toEqual([]);
    const text = formatReport(result, "the SDK").join("\n");
    expect(text).toMatch(/expected {2}responses\.405: only ours documents this status/);
    // Security cannot be read from the SDK: the exchange's declared difference is neither confirmed nor stale.
    expect(text).not.toMatch(/security: ours requires/);
    expect(text).not.toMatch(/difference at security/);
    expect(text).toMatch(/not compared: security, because the SDK sends its API key with every operation/);
  });

  it("accepts an operation the SDK has in one of our groups when our spec declares it left out", () => {
    const result = diffSpecs(specBeforeWorkloadIdentity(), copy(), SIGN_IN);
    expect(result.differences.filter((d) => !d.declared)).toEqual([]);
    const leftOut = result.differences.filter((d) => d.where === "operation").map((d) => [d.operation, d.what, d.declared]);
    const what = "upstream has this operation in its oauth group; ours lacks it";
    expect(leftOut).toEqual([
      ["POST /oauth/token (createOauthToken)", what, LEFT_OUT_REASON],
      ["GET /oauth/jwks (listOauthJwks)", what, LEFT_OUT_REASON],
    ]);
  });

  it("names a new required response field", () => {
    const document = copy();
    const data = answer(createCode(document), "200").properties.data;
    data.properties.expires_at = { type: "string" };
    data.required.push("expires_at");
    expect(unexpected(document)).toEqual([
      expect.objectContaining({ where: "responses.200.data.expires_at", what: "only upstream has this field (string)" }),
      expect.objectContaining({ where: "responses.200.data.expires_at.required", what: "required by upstream only" }),
    ]);
  });

  it("names a new request field", () => {
    const document = copy();
    body(exchange(document)).properties.redirect_uri = { type: "string" };
    expect(unexpected(document)).toEqual([
      expect.objectContaining({ operation: "POST /auth/keys (exchangeAuthCodeForAPIKey)", where: "requestBody.redirect_uri", what: "only upstream has this field (string)" }),
    ]);
  });

  it("names a dropped enum value", () => {
    const document = copy();
    body(createCode(document)).properties.usage_limit_type.enum = ["daily", "weekly"];
    expect(unexpected(document)).toEqual([expect.objectContaining({ where: "requestBody.usage_limit_type.enum", what: 'upstream lacks "monthly"' })]);
  });

  it("names a new error status", () => {
    const document = copy();
    exchange(document).responses["429"] = structuredClone(exchange(document).responses["400"]);
    expect(unexpected(document)).toEqual([expect.objectContaining({ where: "responses.429", what: "only upstream documents this status" })]);
  });

  it("names a missing operation in one of our groups", () => {
    const document = copy();
    document.paths["/oauth/revoke"] = { post: { operationId: "revokeOauthToken", tags: ["oauth"], responses: {} } };
    expect(unexpected(document)).toEqual([
      expect.objectContaining({ operation: "POST /oauth/revoke (revokeOauthToken)", where: "operation", what: "upstream has this operation in its oauth group; ours lacks it" }),
    ]);
  });

  it("names a field that became nullable, and a changed type", () => {
    const document = copy();
    body(createCode(document)).properties.key_label.type = ["null", "string"];
    answer(createCode(document), "200").properties.data.properties.app_id.type = "string";
    expect(unexpected(document).map((d) => d.where)).toEqual(["requestBody.key_label.type", "responses.200.data.app_id.type"]);
  });
});

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

const runDiff = (...args: string[]) =>
  new Promise<Run>((resolve) => {
    execFile(process.execPath, [SCRIPT, ...args], { timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });

// Each run imports the SDK's models anew in a process of its own: seconds, more on a busy machine.
describe("spec:diff --sdk on a copy of the SDK's module tree", { timeout: 60_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), "spec-diff-sdk-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }), 60_000);

  /** A copy of the installed SDK's modules beside the zod they import, changed by `plant` (file → new text). */
  function sdkCopy(name: string, plant: (edit: (file: string, change: (text: string) => string) => void) => void = () => {}) {
    const modules = join(dir, name, "node_modules");
    const sdk = join(modules, "@openrouter/sdk");
    mkdirSync(sdk, { recursive: true });
    cpSync(join(INSTALLED, "package.json"), join(sdk, "package.json"));
    cpSync(join(INSTALLED, "esm"), join(sdk, "esm"), { recursive: true, filter: (file) => !file.endsWith(".d.ts") });
    symlinkSync(dirname(fromSdk.resolve("zod/package.json")), join(modules, "zod"), "dir");
    plant((file, change) => {
      const path = join(sdk, "esm", file);
      const before = readFileSync(path, "utf8");
      const after = change(before);
      if (after === before) throw new Error(`the planted change to ${file} changed nothing: the SDK's layout moved`);
      writeFileSync(path, after);
    });
    return sdk;
  }

  it("exits 0 on an unchanged copy, reporting nothing unexpected", async () => {
    const { code, stdout } = await runDiff("--operations", SIGN_IN.join(","), "--sdk", sdkCopy("unchanged"));
    expect(stdout).toContain("spec-diff: the SDK is @openrouter/sdk ");
    expect(stdout).not.toContain("DIFFERS");
    expect(stdout).toContain(`No unexpected differences (${declaredAgainstSdk()} declared)`);
    expect(code).toBe(0);
  });

  it("exits 1 naming each planted drift: a required response field, a request field, an enum value, an error status, an operation", async () => {
    const sdk = sdkCopy("drifted", (edit) => {
      edit("models/operations/createauthkeyscode.js", (text) =>
        text.replace("app_id: z.int(),", "app_id: z.int(),\n    expires_at: z.string(),").replace('    Monthly: "monthly",\n', ""),
      );
      edit("models/operations/exchangeauthcodeforapikey.js", (text) =>
        text.replace("    code: z.string(),\n    codeChallengeMethod", "    code: z.string(),\n    redirectUri: z.string().optional(),\n    codeChallengeMethod")
          .replace('codeVerifier: "code_verifier",', 'codeVerifier: "code_verifier",\n        redirectUri: "redirect_uri",'),
      );
      edit("funcs/oAuthExchangeAuthCodeForAPIKey.js", (text) =>
        text.replace("M.jsonErr(500,", "M.jsonErr(429, errors.TooManyRequestsResponseError$inboundSchema), M.jsonErr(500,"),
      );
      const jwks = readFileSync(join(INSTALLED, "esm/funcs/oAuthListOauthJwks.js"), "utf8");
      const revoke = jwks.replace('"/oauth/jwks"', '"/oauth/revoke"').replace('operationID: "listOauthJwks"', 'operationID: "revokeOauthToken"');
      writeFileSync(join(dir, "drifted/node_modules/@openrouter/sdk/esm/funcs/oAuthRevokeOauthToken.js"), revoke);
    });
    const { code, stdout } = await runDiff("--operations", SIGN_IN.join(","), "--sdk", sdk);
    expect(stdout).toMatch(/DIFFERS {3}responses\.200\.data\.expires_at: only upstream has this field \(string\)/);
    expect(stdout).toMatch(/DIFFERS {3}responses\.200\.data\.expires_at\.required: required by upstream only/);
    expect(stdout).toMatch(/DIFFERS {3}requestBody\.redirect_uri: only upstream has this field \(string\)/);
    expect(stdout).toMatch(/DIFFERS {3}requestBody\.usage_limit_type\.enum: upstream lacks "monthly"/);
    expect(stdout).toMatch(/DIFFERS {3}responses\.429: only upstream documents this status/);
    expect(stdout).toMatch(/GET \/oauth\/revoke \(revokeOauthToken\)\n {2}DIFFERS {3}operation: upstream has this operation in its oauth group; ours lacks it/);
    expect(stdout).toContain(`6 unexpected differences (and ${declaredAgainstSdk()} declared)`);
    expect(code).toBe(1);
  });

  it("exits 2 when a function names a schema the models do not export", async () => {
    const sdk = sdkCopy("broken", (edit) =>
      edit("funcs/oAuthCreateAuthCode.js", (text) => text.replace("operations.CreateAuthKeysCodeResponse$inboundSchema", "operations.Renamed$inboundSchema")),
    );
    const { code, stderr } = await runDiff("--sdk", sdk);
    expect(stderr).toMatch(/spec-diff: cannot compare with @openrouter\/sdk in .*: cannot read the SDK's oAuthCreateAuthCode\.js \(createAuthKeysCode\): Renamed\$inboundSchema is not exported/);
    expect(code).toBe(2);
  });

  it("exits 2 when there is no SDK to read", async () => {
    const { code, stderr } = await runDiff("--sdk", join(dir, "nowhere"));
    expect(stderr).toMatch(/spec-diff: cannot compare with @openrouter\/sdk in .*nowhere: ENOENT/);
    expect(code).toBe(2);
  });
});

describe("reading zod schemas", () => {
  // The SDK imports zod 4 today and accepts zod 3.25 as well; the package of either carries both majors.
  const majors: [string, any][] = [
    ["zod 4", fromSdk("zod/v4")],
    ["zod 3", fromSdk("zod/v3")],
  ];

  it.each(majors)("reads %s: integers, nullable and optional fields, enums, arrays, lazy and renamed objects", (_, z) => {
    const schema = z.object({
      count: z.number().int(),
      label: z.string().nullable().optional(),
      kind: z.enum(["a", "b"]),
      flags: z.array(z.lazy(() => z.boolean())),
      meta: z.record(z.string(), z.any()),
      inner: z.object({ camelCase: z.string() }).transform((v: any) => ({ camel_case: v.camelCase })),
    });
    expect(jsonSchemaOf(schema, "outbound")).toEqual({
      type: "object",
      properties: {
        count: { type: "integer" },
        label: { type: ["null", "string"] },
        kind: { type: "string", enum: ["a", "b"] },
        flags: { type: "array", items: { type: "boolean" } },
        meta: { type: "object", additionalProperties: {} },
        inner: { type: "object", properties: { camel_case: { type: "string" } }, required: ["camel_case"] },
      },
      required: ["count", "kind", "flags", "meta", "inner"],
    });
    expect(jsonSchemaOf(schema, "inbound").properties.inner.properties).toEqual({ camelCase: { type: "string" } });
  });

  it("reads a union of literals with an open catch-all, as the SDK parses enums, as an enum", () => {
    const z = fromSdk("zod/v4");
    const open = z.union([z.literal("global"), z.literal("us"), z.string().transform((x: string) => x)]);
    expect(jsonSchemaOf(open, "inbound")).toEqual({ type: "string", enum: ["global", "us"] });
  });

  it("refuses a schema it cannot read, naming its kind", () => {
    const z = fromSdk("zod/v4");
    expect(() => jsonSchemaOf(z.object({ when: z.symbol() }), "inbound")).toThrow(
      new Error("cannot read the SDK's schema.when: a zod schema of kind symbol, which spec-diff does not read"),
    );
    expect(() => jsonSchemaOf({ not: "zod" }, "inbound")).toThrow(new Error("cannot read the SDK's schema: not a zod schema"));
  });
});
