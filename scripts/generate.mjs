// Writes src/generated/ from the spec: the types (openapi-typescript), the request rules and the shapes of the
// success bodies (below), or with --check proves that the checked-in files are exactly what the spec generates (CI runs the check, so a spec
// change that was not regenerated cannot land).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";

// Each spec and the prefix of its files in src/generated/: the client's operations, and the model calls that only the
// fake serves (their own files, so that nothing of them reaches the client's types or bundles).
// OPENROUTER_OAUTH_SPEC stands in for the first (scripts/spec-changes.mjs tries changed copies of it).
const SPECS = [
  { file: process.env.OPENROUTER_OAUTH_SPEC ?? "openapi/openrouter-oauth.yaml", prefix: "" },
  ...(process.env.OPENROUTER_OAUTH_SPEC ? [] : [{ file: "openapi/openrouter-models.yaml", prefix: "models-" }]),
];
const outputsOf = (dir, prefix) => ({ types: join(dir, `${prefix}openapi.ts`), rules: join(dir, `${prefix}request-rules.ts`), shapes: join(dir, `${prefix}response-shapes.ts`) });
// The spec being generated, named in every message.
let spec;
const check = process.argv.includes("--check");

// What a request rule may say of a field; anything else in a request schema stops the generator, so that a spec
// change the client cannot enforce is noticed here rather than silently ignored.
const RULE_KEYWORDS = ["type", "enum", "format", "maxLength", "items", "properties", "required"];
const ANNOTATIONS = ["description", "example", "examples", "deprecated", "x-differs-from-upstream"];
// String formats and the checks of src/checks/request-formats.ts that enforce them; number formats only say how wide a
// number is, which a finite JSON number always satisfies.
const FORMAT_CHECKS = { uri: "uri", uuid: "uuid", "date-time": "dateTime" };
const NUMBER_FORMATS = ["double", "float", "int32", "int64"];

function resolve(document, schema) {
  let resolved = schema;
  while (resolved.$ref) resolved = resolved.$ref.slice(2).split("/").reduce((node, key) => node[key], document);
  return resolved;
}

/** One field's check, as a call of the builders in src/checks/request-checks.ts. */
function fieldCheck(document, name, schema) {
  const field = resolve(document, schema);
  for (const keyword of Object.keys(field)) {
    if (!RULE_KEYWORDS.includes(keyword) && !ANNOTATIONS.includes(keyword)) {
      throw new Error(`${spec}: request field ${name} uses "${keyword}", which scripts/generate.mjs does not turn into a rule`);
    }
  }
  const types = [field.type].flat();
  const nullable = types.includes("null");
  const type = types.filter((t) => t !== "null");
  if (type.length !== 1) throw new Error(`${spec}: request field ${name} must have one type besides null`);
  let check;
  if (field.enum) {
    check = `checks.oneOf(${JSON.stringify(field.enum).replace(/,/g, ", ")})`;
  } else if (type[0] === "string") {
    if (field.format && !FORMAT_CHECKS[field.format]) {
      throw new Error(`${spec}: request field ${name} has format "${field.format}", which src/checks/request-formats.ts does not check`);
    }
    const format = field.format ? `formats.${FORMAT_CHECKS[field.format]}` : undefined;
    const args = field.maxLength === undefined ? (format ? [format] : []) : [format ?? "undefined", field.maxLength];
    check = `checks.string(${args.join(", ")})`;
  } else if (type[0] === "array") {
    if (!field.items) throw new Error(`${spec}: request field ${name} is an array without items`);
    check = `checks.array(/* @__PURE__ */ ${fieldCheck(document, `${name}[]`, field.items)})`;
  } else if (type[0] === "object") {
    const fields = Object.entries(field.properties ?? {}).map(([child, schema]) => `${child}: /* @__PURE__ */ ${fieldCheck(document, `${name}.${child}`, schema)}`);
    check = `checks.object({ ${fields.join(", ")} }, ${JSON.stringify(field.required ?? []).replace(/,/g, ", ")})`;
  } else if (["number", "integer", "boolean"].includes(type[0])) {
    if (field.format && !NUMBER_FORMATS.includes(field.format)) throw new Error(`${spec}: request field ${name} has format "${field.format}" on a ${type[0]}`);
    if (field.maxLength !== undefined) throw new Error(`${spec}: request field ${name} has maxLength on a ${type[0]}`);
    check = `checks.${type[0]}()`;
  } else {
    throw new Error(`${spec}: request field ${name} is of type ${type[0]}, which scripts/generate.mjs does not check`);
  }
  // An enum lists null itself.
  return nullable && !field.enum ? `checks.nullable(/* @__PURE__ */ ${check})` : check;
}

// The bodies a request may have: JSON, or a form (whose fields the same rules describe, each sent as text).
const REQUEST_TYPES = ["application/json", "application/x-www-form-urlencoded"];

/** The request rules of every operation with a JSON or form-encoded body, by operationId. */
function requestRules(document) {
  const rules = {};
  for (const item of Object.values(document.paths)) {
    for (const operation of Object.values(item)) {
      const content = operation.requestBody?.content ?? {};
      const schema = content[REQUEST_TYPES.find((type) => content[type])]?.schema;
      if (!schema) continue;
      const body = resolve(document, schema);
      const fields = {};
      for (const [name, field] of Object.entries(body.properties ?? {})) fields[name] = fieldCheck(document, name, field);
      rules[operation.operationId] = { required: body.required ?? [], fields };
    }
  }
  return rules;
}

function rulesModule(document) {
  const lines = [
    "/**",
    ` * Generated by scripts/generate.mjs from ${spec}: the request rules the client, the fake and the CLI check.`,
    " * Do not make direct changes to the file.",
    " */",
    "",
    'import * as checks from "../checks/request-checks.js";',
    'import * as formats from "../checks/request-formats.js";',
    "",
  ];
  // Each field's check is its own export, so that a bundle that checks one field carries only that one.
  for (const [operationId, { required, fields }] of Object.entries(requestRules(document))) {
    for (const [name, check] of Object.entries(fields)) lines.push(`export const ${operationId}_${name} = /* @__PURE__ */ ${check};`);
    lines.push("", `export const ${operationId} = {`, `  required: ${JSON.stringify(required).replace(/,/g, ", ")},`, "  fields: {");
    for (const name of Object.keys(fields)) lines.push(`    ${name}: ${operationId}_${name},`);
    lines.push("  },", "} as const;", "");
  }
  return lines.join("\n");
}

// What a success body's shape is made of, besides objects and arrays. A response is held to its types only: its
// formats and enums are OpenRouter's to extend, and a deprecated field, which OpenRouter may drop, is checked only
// when present.
const SHAPE_TYPES = ["string", "number", "integer", "boolean"];

/** A success body's field (or the body itself) as a call of the builders in src/checks/response-checks.ts. */
function shapeOf(document, name, schema, indent = "") {
  const node = resolve(document, schema);
  const types = [node.type].flat();
  const orNull = types.includes("null");
  const [type, ...more] = types.filter((t) => t !== "null");
  if (more.length) throw new Error(`${spec}: response field ${name} must have one type besides null`);
  if (type === "object") {
    const properties = Object.entries(node.properties ?? {});
    // The few fields that may be missing are named, rather than the many that must be there.
    const optional = properties
      .filter(([field, child]) => !node.required?.includes(field) || resolve(document, child).deprecated)
      .map(([field]) => field);
    const inner = `${indent}  `;
    const fields = properties.map(([field, child]) => `${inner}${field}: ${shapeOf(document, `${name}.${field}`, child, inner)},\n`);
    const rest = optional.length ? `, ${JSON.stringify(optional).replace(/,/g, ", ")}` : "";
    const object = `/* @__PURE__ */ shapes.object({\n${fields.join("")}${indent}}${rest})`;
    return orNull ? `/* @__PURE__ */ shapes.orNull(${object})` : object;
  }
  if (type === "array") {
    if (!node.items) throw new Error(`${spec}: response field ${name} is an array without items, which scripts/generate.mjs does not check`);
    const array = `/* @__PURE__ */ shapes.array(${shapeOf(document, `${name}[]`, node.items, indent)})`;
    return orNull ? `/* @__PURE__ */ shapes.orNull(${array})` : array;
  }
  if (!SHAPE_TYPES.includes(type)) throw new Error(`${spec}: response field ${name} is of type ${type ?? "none"}, which scripts/generate.mjs does not check`);
  return `/* @__PURE__ */ shapes.is("${type}"${orNull ? ", true" : ""})`;
}

/** The shape of each operation's 200 body, by operationId. */
function shapesModule(document) {
  const lines = [
    "/**",
    ` * Generated by scripts/generate.mjs from ${spec}: the shapes the client holds each success body to.`,
    " * Do not make direct changes to the file.",
    " */",
    "",
    'import * as shapes from "../checks/response-checks.js";',
    "",
  ];
  for (const item of Object.values(document.paths)) {
    for (const operation of Object.values(item)) {
      for (const [status, response] of Object.entries(operation.responses ?? {})) {
        const content = resolve(document, response).content ?? {};
        const schema = content["application/json"]?.schema;
        if (!/^2/.test(status) || !schema) continue;
        if (status !== "200") throw new Error(`${spec}: ${operation.operationId} answers ${status} with a body; the client expects a body with 200 only`);
        lines.push(`export const ${operation.operationId}_response = ${shapeOf(document, operation.operationId, schema)};`, "");
        // A stream's events, each its own JSON body.
        const event = content["text/event-stream"]?.schema;
        if (event) lines.push(`export const ${operation.operationId}_event = ${shapeOf(document, `${operation.operationId} event`, event)};`, "");
      }
    }
  }
  return lines.join("\n");
}

function generate(dir, prefix) {
  const files = outputsOf(dir, prefix);
  // The rules and shapes first: they are where a spec the generator cannot follow stops it, at once, before the
  // second that openapi-typescript takes.
  const document = parse(readFileSync(spec, "utf8"));
  const rules = rulesModule(document);
  const shapes = shapesModule(document);
  execFileSync("npx", ["--no-install", "openapi-typescript", spec, "--output", files.types], { stdio: "pipe" });
  writeFileSync(files.rules, rules);
  writeFileSync(files.shapes, shapes);
  return files;
}

let drift = false;
for (const { file, prefix } of SPECS) {
  spec = file;
  const outputs = outputsOf("src/generated", prefix);
  if (!check) {
    generate("src/generated", prefix);
    console.log(`generated ${Object.values(outputs).join(", ")} from ${spec}`);
    continue;
  }
  const dir = mkdtempSync(join(tmpdir(), "openrouter-oauth-generate-"));
  try {
    const fresh = generate(dir, prefix);
    for (const [kind, target] of Object.entries(outputs)) {
      let current = "";
      try {
        current = readFileSync(target, "utf8");
      } catch {
        // A missing file is drift like any other.
      }
      if (current !== readFileSync(fresh[kind], "utf8")) {
        console.error(`${target} is not what ${spec} generates. Run \`npm run generate\` and commit the result.`);
        drift = true;
      }
    }
    if (!drift) console.log(`${Object.values(outputs).join(", ")} match ${spec}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
if (drift) process.exit(1);
