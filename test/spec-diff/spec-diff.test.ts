// `npm run spec:diff` against small upstream documents written here, each derived from our own spec so that
// the only differences are the ones a test makes on purpose.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { diffSpecs, formatReport } from "../../scripts/spec-diff.mjs";
import { spec } from "../support/spec.js";
import { LEFT_OUT_REASON, specBeforeWorkloadIdentity } from "./before-workload-identity.js";

const SCRIPT = fileURLToPath(new URL("../../scripts/spec-diff.mjs", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "spec-diff-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function runDiff(source: string, ...options: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [SCRIPT, ...options, source], { timeout: 30_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

let written = 0;
/** Writes `document` as YAML (or JSON) and runs the diff on it. */
function diffAgainst(document: unknown, format: "yaml" | "json" = "yaml", ...options: string[]): Promise<Run> {
  const file = join(dir, `upstream-${++written}.${format}`);
  writeFileSync(file, format === "json" ? JSON.stringify(document) : stringify(document));
  return runDiff(file, ...options);
}

/** An extract of upstream holding GET /key alone, like the one in ../shared/reference. */
function keyExtract() {
  const document = structuredClone(spec);
  document.paths = { "/key": document.paths["/key"] };
  return document;
}

/** The report on `document`, computed in-process (the CLI tests below cover exit codes and loading). */
function report(document: unknown, ours: unknown = spec): string {
  return formatReport(diffSpecs(structuredClone(ours), structuredClone(document)), "test").join("\n");
}

/**
 * Our spec as OpenRouter publishes it today, in shape: both exchanges (the sign-in one and the workload one)
 * inherit bearer security, and the sign-in exchange has no 405.
 */
function upstreamLikeToday() {
  const document = structuredClone(spec);
  const exchange = document.paths["/auth/keys"].post;
  delete exchange.security;
  delete exchange.responses["405"];
  delete exchange["x-differs-from-upstream"];
  const tokenExchange = document.paths["/oauth/token"].post;
  delete tokenExchange.security;
  delete tokenExchange["x-differs-from-upstream"];
  return document;
}

/** How many differences our spec declares against `document`, as counted in-process. */
const declaredAgainst = (document: unknown) => diffSpecs(spec, structuredClone(document)).differences.filter((d) => d.declared).length;

const createRequest = (document: any) => document.components.schemas.CreateAuthCodeRequest;

describe("spec:diff on the command line", () => {
  it("exits 0 and reports nothing unexpected for a document identical to ours", async () => {
    const { code, stdout } = await diffAgainst(spec);
    expect(stdout).toContain("No unexpected differences");
    expect(stdout).not.toContain("DIFFERS");
    expect(code).toBe(0);
  });

  it("exits 0 when the only differences are the ones our spec declares", async () => {
    const { code, stdout } = await diffAgainst(upstreamLikeToday());
    expect(stdout).toMatch(/POST \/auth\/keys \(exchangeAuthCodeForAPIKey\)\n {2}expected {2}security: ours requires none, upstream requires http bearer/);
    expect(stdout).toMatch(/expected {2}responses\.405: only ours documents this status/);
    expect(stdout).toMatch(/POST \/oauth\/token \(createOauthToken\)\n {2}expected {2}security: ours requires none, upstream requires http bearer/);
    expect(stdout).not.toContain("DIFFERS");
    expect(code).toBe(0);
  });

  it("exits 1 on an undeclared difference, naming it", async () => {
    const document = upstreamLikeToday();
    createRequest(document).properties.team_id = { type: "string" };
    const { code, stdout } = await diffAgainst(document);
    expect(stdout).toMatch(/DIFFERS {3}requestBody\.team_id: only upstream has this field \(string\)/);
    expect(stdout).toContain(`1 unexpected difference (and ${declaredAgainst(upstreamLikeToday())} declared)`);
    expect(code).toBe(1);
  });

  it("reads JSON as well as YAML", async () => {
    const document = upstreamLikeToday();
    createRequest(document).properties.limit = { type: "integer" };
    const { code, stdout } = await diffAgainst(document, "json");
    expect(stdout).toMatch(/requestBody\.limit\.type: ours is number, upstream is integer/);
    expect(code).toBe(1);
  });

  it("reads a document from an http URL", async () => {
    const document = upstreamLikeToday();
    document.components.schemas.CodeChallengeMethod.enum = ["S256"];
    const server = createServer((_, response) => response.end(stringify(document)));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const { code, stdout } = await runDiff(`http://127.0.0.1:${port}/openapi.yaml`);
      expect(stdout).toMatch(/requestBody\.code_challenge_method\.enum: upstream lacks "plain"/);
      expect(code).toBe(1);
    } finally {
      server.close();
    }
  });

  it("exits 2 with a clear message when the document cannot be read", async () => {
    const { code, stderr } = await runDiff(join(dir, "missing.yaml"));
    expect(stderr).toMatch(/spec-diff: cannot compare with .*missing\.yaml: ENOENT/);
    expect(code).toBe(2);
  });

  it("exits 2 for a document that is not OpenAPI", async () => {
    const { code, stderr } = await diffAgainst({ hello: "world" });
    expect(stderr).toMatch(/is not an OpenAPI document/);
    expect(code).toBe(2);
  });

  it("compares only the operations named with --operations, for an extract that holds only them", async () => {
    const alone = await diffAgainst(keyExtract(), "yaml", "--operations", "getCurrentKey");
    expect(alone.stdout).toContain("No unexpected differences");
    expect(alone.code).toBe(0);
    const all = await diffAgainst(keyExtract());
    expect(all.stdout).toMatch(/DIFFERS {3}path: upstream has no POST \/auth\/keys/);
    expect(all.code).toBe(1);
  });

  it("finds a difference in GET /key, deprecation included", async () => {
    const document = keyExtract();
    const key = document.components.schemas.CurrentKey;
    delete key.properties.rate_limit.deprecated;
    key.properties.limit.type = "number";
    const { code, stdout } = await diffAgainst(document, "yaml", "--operations", "getCurrentKey");
    expect(stdout).toMatch(/GET \/key \(getCurrentKey\)/);
    expect(stdout).toMatch(/DIFFERS {3}responses\.200\.data\.limit\.type: ours is null\|number, upstream is number/);
    expect(stdout).toMatch(/DIFFERS {3}responses\.200\.data\.rate_limit\.deprecated: ours is true, upstream is unset/);
    expect(code).toBe(1);
  });

  it("exits 2 for --operations naming an operation our spec lacks", async () => {
    const { code, stderr } = await diffAgainst(keyExtract(), "yaml", "--operations", "listKeys");
    expect(stderr).toMatch(/our spec has no operation listKeys/);
    expect(code).toBe(2);
  });

  it("exits 2 with usage when no document is named", async () => {
    const { code, stderr } = await runDiff("--help");
    expect(stderr).toMatch(/usage: npm run spec:diff -- \[--operations id,id\] <OpenAPI file or http\(s\) URL.* \| --sdk \[SDK directory\]/);
    expect(code).toBe(2);
  });
});

describe("spec:diff's comparison", () => {
  const unexpected = (document: unknown) => diffSpecs(spec, structuredClone(document)).differences.filter((d) => !d.declared);

  it("notes a declared difference that upstream no longer has", () => {
    expect(report(spec)).toMatch(/declares a difference at security, but upstream now agrees/);
    expect(unexpected(spec)).toEqual([]);
  });

  it("names a request field that upstream dropped", () => {
    const document = upstreamLikeToday();
    delete createRequest(document).properties.workspace_id;
    expect(report(document)).toMatch(/DIFFERS {3}requestBody\.workspace_id: only ours has this field/);
  });

  it("names a field whose type changed", () => {
    const document = upstreamLikeToday();
    createRequest(document).properties.limit = { type: "string" };
    expect(report(document)).toMatch(/DIFFERS {3}requestBody\.limit\.type: ours is number, upstream is string/);
  });

  it("names a field that became nullable", () => {
    const document = upstreamLikeToday();
    createRequest(document).properties.key_label.type = ["string", "null"];
    expect(report(document)).toMatch(/DIFFERS {3}requestBody\.key_label\.type: ours is string, upstream is null\|string/);
  });

  it("names a new enum value", () => {
    const document = upstreamLikeToday();
    createRequest(document).properties.usage_limit_type.enum.push("yearly");
    expect(report(document)).toMatch(/DIFFERS {3}requestBody\.usage_limit_type\.enum: upstream adds "yearly"/);
  });

  it("names a new enum value in a referenced schema", () => {
    const document = upstreamLikeToday();
    document.components.schemas.CodeChallengeMethod.enum.push("S512");
    expect(report(document)).toMatch(/DIFFERS {3}requestBody\.code_challenge_method\.enum: upstream adds "S512"/);
  });

  it("names a changed format and a changed maxLength", () => {
    const document = upstreamLikeToday();
    createRequest(document).properties.workspace_id.format = "string";
    createRequest(document).properties.key_label.maxLength = 64;
    const text = report(document);
    expect(text).toMatch(/DIFFERS {3}requestBody\.workspace_id\.format: ours is "uuid", upstream is "string"/);
    expect(text).toMatch(/DIFFERS {3}requestBody\.key_label\.maxLength: ours is 100, upstream is 64/);
  });

  it("names a field that upstream now requires", () => {
    const document = upstreamLikeToday();
    document.components.schemas.ExchangeAuthCodeRequest.required.push("code_verifier");
    expect(unexpected(document)).toEqual([
      expect.objectContaining({ operation: "POST /auth/keys (exchangeAuthCodeForAPIKey)", where: "requestBody.code_verifier.required", what: "required by upstream only" }),
    ]);
  });

  it("names a response status that upstream removed", () => {
    const document = upstreamLikeToday();
    delete document.paths["/auth/keys/code"].post.responses["409"];
    expect(unexpected(document)).toEqual([
      expect.objectContaining({ operation: "POST /auth/keys/code (createAuthKeysCode)", where: "responses.409", what: "only ours documents this status" }),
    ]);
  });

  it("names a response status that upstream added", () => {
    const document = upstreamLikeToday();
    document.paths["/auth/keys/code"].post.responses["429"] = { description: "Too many requests" };
    expect(report(document)).toMatch(/DIFFERS {3}responses\.429: only upstream documents this status/);
  });

  it("names a response field whose type changed", () => {
    const document = upstreamLikeToday();
    document.components.schemas.CreateAuthCodeResponse.properties.data.properties.app_id.type = "string";
    expect(report(document)).toMatch(/DIFFERS {3}responses\.200\.data\.app_id\.type: ours is integer, upstream is string/);
  });

  it("names a response field that is no longer required", () => {
    const document = upstreamLikeToday();
    document.components.schemas.ExchangeAuthCodeResponse.required = ["key"];
    expect(report(document)).toMatch(/DIFFERS {3}responses\.200\.user_id\.required: required by ours only/);
  });

  it("names a change in the error body shared by every error status", () => {
    const document = upstreamLikeToday();
    document.components.schemas.ErrorResponse.properties.error.properties.code.type = "string";
    const where = unexpected(document).map((d) => `${d.operation.split(" (")[0]} ${d.where}`);
    expect(where).toContain("POST /auth/keys responses.403.error.code.type");
    expect(where).toContain("POST /auth/keys/code responses.409.error.code.type");
  });

  it("names an operation that moved, saying where it went", () => {
    const document = upstreamLikeToday();
    document.paths["/auth/keys/exchange"] = document.paths["/auth/keys"];
    delete document.paths["/auth/keys"];
    expect(report(document)).toMatch(/DIFFERS {3}path: upstream has no POST \/auth\/keys; exchangeAuthCodeForAPIKey is at POST \/auth\/keys\/exchange there/);
    // Once, as a move: not again as an operation of the OAuth group that ours lacks.
    expect(unexpected(document)).toHaveLength(1);
  });

  it("names another method on one of our paths", () => {
    const document = upstreamLikeToday();
    document.paths["/auth/keys"].delete = { operationId: "revokeKey", responses: { "204": { description: "Revoked" } } };
    expect(report(document)).toMatch(/DELETE \/auth\/keys \(revokeKey\)\n {2}DIFFERS {3}operation: upstream also has DELETE \/auth\/keys; ours lacks it/);
  });

  it("excuses a declared difference on its own operation only", () => {
    const document = upstreamLikeToday();
    document.paths["/auth/keys/code"].post.security = [];
    expect(unexpected(document)).toEqual([
      expect.objectContaining({ operation: "POST /auth/keys/code (createAuthKeysCode)", where: "security", what: "ours requires http bearer, upstream requires none" }),
    ]);
  });

  it("compares security by kind, not by the name of the scheme", () => {
    const document = upstreamLikeToday();
    document.components.securitySchemes = { apiKey: document.components.securitySchemes.bearer };
    document.security = [{ apiKey: [] }];
    expect(unexpected(document)).toEqual([]);
  });

  it("resolves $refs, allOf and OpenAPI 3.0 nullable, so an equivalent document has no differences", () => {
    const document = upstreamLikeToday();
    const exchange = document.paths["/auth/keys"].post;
    exchange.requestBody.content["application/json"].schema = {
      type: "object",
      required: ["code"],
      properties: {
        code: { type: "string" },
        code_verifier: { type: "string" },
        code_challenge_method: { type: "string", nullable: true, enum: ["S256", "plain", null] },
      },
    };
    exchange.responses["200"] = { $ref: "#/components/responses/Exchanged" };
    document.components.responses = {
      Exchanged: {
        description: "ok",
        content: { "application/json": { schema: { allOf: [{ $ref: "#/components/schemas/ExchangeAuthCodeResponse" }] } } },
      },
    };
    expect(unexpected(document)).toEqual([]);
  });

  it("reads a nullable written as anyOf with a null branch as nullable", () => {
    const document = upstreamLikeToday();
    document.components.schemas.ExchangeAuthCodeResponse.properties.user_id = { anyOf: [{ type: "string" }, { type: "null" }] };
    expect(unexpected(document)).toEqual([]);
  });
});

describe("spec:diff and the operations our spec leaves out", () => {
  const unexpected = (ours: unknown, document: unknown, operations?: string[]) =>
    diffSpecs(structuredClone(ours), structuredClone(document), operations).differences.filter((d) => !d.declared);
  const revoke = (tag: string) => ({ post: { operationId: "revokeOauthToken", tags: [tag], responses: { "204": { description: "revoked" } } } });

  it("accepts an operation upstream has in one of our groups when our spec declares it left out, with the reason", () => {
    const ours = specBeforeWorkloadIdentity();
    expect(unexpected(ours, upstreamLikeToday())).toEqual([]);
    const text = report(upstreamLikeToday(), ours);
    expect(text).toContain(`POST /oauth/token (createOauthToken)\n  expected  operation: upstream has this operation in its OAuth group; ours lacks it (declared: ${LEFT_OUT_REASON})`);
    expect(text).toContain(`GET /oauth/jwks (listOauthJwks)\n  expected  operation: upstream has this operation in its OAuth group; ours lacks it (declared: ${LEFT_OUT_REASON})`);
  });

  it("exits 1 naming an operation upstream added to one of our groups that our spec neither has nor declares", async () => {
    const document = upstreamLikeToday();
    document.paths["/oauth/revoke"] = revoke("OAuth");
    const { code, stdout } = await diffAgainst(document);
    expect(stdout).toMatch(/POST \/oauth\/revoke \(revokeOauthToken\)\n {2}DIFFERS {3}operation: upstream has this operation in its OAuth group; ours lacks it/);
    expect(stdout).toMatch(/1 unexpected difference .*or an operation left out with x-left-out-operations\./);
    expect(code).toBe(1);
  });

  it("leaves alone the operations of groups our spec does not cover", () => {
    const document = upstreamLikeToday();
    document.paths["/keys"] = { get: { operationId: "list", tags: ["API Keys"], responses: { "200": { description: "ok" } } } };
    expect(unexpected(spec, document)).toEqual([]);
  });

  it("matches a group by name whatever its spelling, as the SDK's namespaces spell them", () => {
    const document = upstreamLikeToday();
    document.paths["/oauth/revoke"] = revoke("oauth");
    expect(unexpected(spec, document)).toEqual([expect.objectContaining({ operation: "POST /oauth/revoke (revokeOauthToken)", where: "operation" })]);
  });

  it("with --operations, looks for missing operations only in the groups of the operations compared", async () => {
    const document = keyExtract();
    document.paths["/oauth/revoke"] = revoke("OAuth");
    const keyOnly = await diffAgainst(document, "yaml", "--operations", "getCurrentKey");
    expect(keyOnly.stdout).not.toMatch(/\/oauth\//);
    expect(keyOnly.code).toBe(0);
    expect(unexpected(spec, document, ["exchangeAuthCodeForAPIKey"])).toContainEqual(expect.objectContaining({ operation: "POST /oauth/revoke (revokeOauthToken)" }));
  });

  it("says a declaration is stale when our spec describes the operation it declares left out", () => {
    const ours = specBeforeWorkloadIdentity();
    ours.paths["/oauth/jwks"] = structuredClone(spec.paths["/oauth/jwks"]);
    expect(unexpected(ours, upstreamLikeToday())).toEqual([
      expect.objectContaining({
        operation: "GET /oauth/jwks (listOauthJwks)",
        where: "x-left-out-operations",
        what: "stale declaration: our spec describes this operation, yet x-left-out-operations still declares it left out; remove it there",
      }),
    ]);
  });

  it("notes a declaration of an operation that upstream no longer has, comparing the whole spec only", () => {
    const ours = specBeforeWorkloadIdentity();
    const document = upstreamLikeToday();
    delete document.paths["/oauth/jwks"];
    expect(report(document, ours)).toMatch(/note: our spec declares listOauthJwks left out, but upstream has no such operation; the declaration may be removed\./);
    const { stale } = diffSpecs(ours, structuredClone(document), ["exchangeAuthCodeForAPIKey"]);
    expect(stale.map((entry) => entry.operation)).not.toContain("listOauthJwks");
  });

  it("refuses a declaration without its reason, as a spec it cannot read", () => {
    const ours = structuredClone(spec);
    ours["x-left-out-operations"] = [{ operationId: "createOauthToken" }];
    expect(() => diffSpecs(ours, upstreamLikeToday())).toThrow(new Error("our spec's x-left-out-operations entry 1 needs an operationId and a reason"));
    ours["x-left-out-operations"] = [{ operationId: "listOauthJwks", reason: "later" }, { operationId: "listOauthJwks", reason: "again" }];
    expect(() => diffSpecs(ours, upstreamLikeToday())).toThrow(new Error("our spec's x-left-out-operations names listOauthJwks twice"));
  });
});
