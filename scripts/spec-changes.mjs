// `npm run test:spec-changes` (CI): proves that the spec drives the client. Each case changes a copy of the
// spec in a copy of the project, regenerates, and runs the type check, then the tests: a breaking change must be
// caught by one of the three, and an added optional field must flow through with no hand edit (typed, checked,
// sent). Prints one line a case and "N passed, N failed".
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse, stringify } from "yaml";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const SPEC = "openapi/openrouter-oauth.yaml";
// The tests that hold the client to the spec: the contract suite, each operation's own, the option checks and the fake.
const TESTS = ["test/contract", "test/operations", "test/transport/client-options.test.ts", "test/transport/unknown-options.test.ts", "test/testing"];

const schemas = (spec) => spec.components.schemas;

/** Each breaking change, and what it does to the spec. */
const BREAKING = [
  ["a request field renamed", (spec) => renameProperty(schemas(spec).ExchangeAuthCodeRequest, "code_verifier", "pkce_verifier")],
  ["a request field retyped", (spec) => void (schemas(spec).CreateAuthCodeRequest.properties.limit = { type: "string" })],
  ["a request field newly required", (spec) => void schemas(spec).CreateAuthCodeRequest.required.push("code_challenge")],
  ["a response field renamed", (spec) => renameProperty(schemas(spec).ExchangeAuthCodeResponse, "key", "api_key")],
  ["a response field retyped", (spec) => void (schemas(spec).CurrentKey.properties.usage = { type: "string" })],
  ["a new documented status", (spec) => void (spec.paths["/auth/keys"].post.responses["429"] = spec.paths["/auth/keys"].post.responses["500"])],
  ["an enum value dropped", (spec) => void (schemas(spec).CodeChallengeMethod.enum = ["S256"])],
];

function renameProperty(schema, from, to) {
  schema.properties[to] = schema.properties[from];
  delete schema.properties[from];
  schema.required = schema.required?.map((name) => (name === from ? to : name));
}

// The added optional field, and a test written into the copy that uses it as an app would.
const ADDED = { type: "string", maxLength: 20, description: "A note, added by the spec-change test." };
const ADDED_TEST = `
import { describe, expect, it } from "vitest";
import { createOpenRouterOAuth, isOpenRouterOAuthError, type CreateAuthCodeRequest } from "../src/index.js";
import { APP_KEY, CREATE_INPUT } from "./support/fixtures.js";
import { jsonOf, sent, useMockServer, http, server } from "./support/msw.js";

useMockServer();
const client = () => createOpenRouterOAuth({ apiKey: APP_KEY });

describe("a field added to the spec", () => {
  it("is typed, sent and checked", async () => {
    server.use(http.post("/auth/keys/code", ({ response }) => response(200).json({ data: { id: "c", app_id: 1, created_at: "2030-01-01T00:00:00Z" } })));
    const request: CreateAuthCodeRequest = { ...CREATE_INPUT, spec_change_note: "from the spec" };
    await client().createAuthCode(request);
    expect(((await jsonOf(sent[0])) as Record<string, unknown>).spec_change_note).toBe("from the spec");
    const refused = await client().createAuthCode({ ...CREATE_INPUT, spec_change_note: "x".repeat(21) }).catch((error: unknown) => error);
    expect(isOpenRouterOAuthError(refused, "InvalidRequestError") && refused.field).toBe("spec_change_note");
  });
});
`;

function copyProject() {
  const dir = mkdtempSync(join(tmpdir(), "openrouter-oauth-spec-change-"));
  // What the type check covers (tsconfig.json's include), and what the tests need.
  for (const path of ["src", "test", "openapi", "scripts", "examples", "package.json", "tsconfig.json", "vitest.config.ts", "vitest.browser.config.ts", "tsup.config.ts"]) {
    cpSync(join(ROOT, path), join(dir, path), { recursive: true });
  }
  symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"));
  return dir;
}

/** Runs a step in `dir`; returns its output when it fails, undefined when it passes. */
function failureOf(dir, command, args) {
  try {
    execFileSync(command, args, { cwd: dir, stdio: "pipe", timeout: 300_000, env: { ...process.env, NO_COLOR: "1" } });
    return undefined;
  } catch (error) {
    return `${error.stdout ?? ""}${error.stderr ?? ""}`;
  }
}

const STEPS = [
  ["generate", "node", ["scripts/generate.mjs"]],
  ["the type check", "npx", ["--no-install", "tsc", "--noEmit"]],
  ["the tests", "npx", ["--no-install", "vitest", "run", ...TESTS]],
];

/** The first step that fails after `change`, or undefined when all pass. */
function firstFailure(change, extraFiles = {}) {
  const dir = copyProject();
  try {
    const spec = parse(readFileSync(join(dir, SPEC), "utf8"));
    change(spec);
    writeFileSync(join(dir, SPEC), stringify(spec));
    for (const [path, text] of Object.entries(extraFiles)) writeFileSync(join(dir, path), text);
    for (const [name, command, args] of STEPS) {
      const output = failureOf(dir, command, args);
      if (output !== undefined) return { name, output };
    }
    return undefined;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// The first line that says what went wrong, to show that the change itself was caught.
const firstError = (output) => output.split("\n").find((line) => /error TS\d+| FAIL |Error:/.test(line))?.trim().slice(0, 160) ?? "";

// Unchanged, the copy must pass every step, or a caught change would prove nothing.
const control = firstFailure(() => {});
if (control) {
  console.log(`The unchanged copy fails ${control.name}:\n${control.output.slice(-3000)}`);
  process.exit(1);
}

let passed = 0;
let failed = 0;
for (const [name, change] of BREAKING) {
  const failure = firstFailure(change);
  if (failure) {
    passed++;
    console.log(`ok   ${name}: caught by ${failure.name} (${firstError(failure.output)})`);
  } else {
    failed++;
    console.log(`FAIL ${name}: generate, the type check and the tests all passed`);
  }
}
const added = firstFailure((spec) => void (schemas(spec).CreateAuthCodeRequest.properties.spec_change_note = ADDED), {
  "test/spec-change-added.test.ts": ADDED_TEST,
});
if (added) {
  failed++;
  console.log(`FAIL an added optional field: ${added.name} failed\n${added.output.slice(-3000)}`);
} else {
  passed++;
  console.log("ok   an added optional field: typed, checked and sent with no hand edit");
}
console.log(`${passed} passed, ${failed} failed`);
if (failed) process.exitCode = 1;
