// Compares our spec with an OpenRouter OpenAPI document (the whole published one or an extract), for the
// operations our spec describes, so that a change upstream is caught here instead of by users.
//
//   npm run spec:diff -- <file-or-url>
//   npm run spec:diff -- --operations getCurrentKey <file-or-url>   (an extract holding only some operations)
//
// Exit status: 0 when every difference is one our spec declares (`x-differs-from-upstream` on the operation),
// 1 when there is any other, 2 when a document cannot be read.
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

const OUR_SPEC = fileURLToPath(new URL("../openapi/openrouter-oauth.yaml", import.meta.url));
const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
// Keywords whose value is compared as is; descriptions and examples are prose and may change freely.
const KEYWORDS = ["deprecated", "format", "maxLength", "minLength", "pattern", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"];

/** Reads a YAML or JSON document from a file path or an http(s) URL. */
export async function loadDocument(source) {
  let text;
  if (/^https?:\/\//i.test(source)) {
    const response = await fetch(source, { signal: AbortSignal.timeout(60_000) });
    if (!response.ok) throw new Error(`${source} answered HTTP ${response.status}`);
    text = await response.text();
  } else {
    text = await readFile(source, "utf8");
  }
  // JSON first: the yaml parser reads JSON too, but slowly for a multi-megabyte document.
  let document;
  try {
    document = JSON.parse(text);
  } catch {
    document = parse(text, { maxAliasCount: -1 });
  }
  if (typeof document !== "object" || document === null || typeof document.paths !== "object") {
    throw new Error(`${source} is not an OpenAPI document (it has no paths)`);
  }
  return document;
}

/** Follows local `$ref`s (`#/...`) until a value that is not a reference; keywords beside a `$ref` win (3.1). */
function resolve(document, value) {
  const seen = new Set();
  let siblings = {};
  while (value && typeof value.$ref === "string") {
    const { $ref: ref, ...beside } = value;
    siblings = { ...beside, ...siblings };
    if (!ref.startsWith("#/")) throw new Error(`only local $refs are supported, not ${ref}`);
    if (seen.has(ref)) throw new Error(`$ref ${ref} refers to itself`);
    seen.add(ref);
    value = ref
      .slice(2)
      .split("/")
      .reduce((node, key) => node?.[key.replaceAll("~1", "/").replaceAll("~0", "~")], document);
    if (value === undefined) throw new Error(`$ref ${ref} points at nothing`);
  }
  return { ...value, ...siblings };
}

/** A schema's types as a sorted list, with OpenAPI 3.0 `nullable` and a `{type: null}` branch folded in. */
function typesOf(schema) {
  const types = new Set([schema.type ?? []].flat());
  if (schema.nullable === true) types.add("null");
  return [...types].sort();
}

/** `anyOf`/`oneOf` of one schema and a null branch is that schema, nullable: the 3.1 spelling of `nullable`. */
function unwrapNullable(document, schema) {
  const branches = schema.anyOf ?? schema.oneOf;
  if (!Array.isArray(branches) || branches.length !== 2) return schema;
  const resolved = branches.map((branch) => resolve(document, branch));
  const nullIndex = resolved.findIndex((branch) => typesOf(branch).join() === "null");
  if (nullIndex < 0) return schema;
  const other = resolved[1 - nullIndex];
  return { ...other, type: [...typesOf(other), "null"] };
}

/** `allOf` merged into one schema: properties and required lists joined, other keywords from the last part. */
function mergeAllOf(document, schema) {
  if (!Array.isArray(schema.allOf)) return schema;
  const parts = [{ ...schema, allOf: undefined }, ...schema.allOf.map((part) => mergeAllOf(document, resolve(document, part)))];
  return parts.reduce((merged, part) => ({
    ...merged,
    ...part,
    properties: { ...merged.properties, ...part.properties },
    required: [...(merged.required ?? []), ...(part.required ?? [])],
  }));
}

const normalise = (document, schema) => unwrapNullable(document, mergeAllOf(document, resolve(document, schema)));
const show = (values) => values.map((value) => JSON.stringify(value)).join(", ");
const typeText = (schema) => typesOf(schema).join("|") || "any type";

/** Pushes onto `out` every difference between two schemas, each located at a dotted path under `at`. */
function compareSchemas(ours, upstream, at, out, depth = 0) {
  if (depth > 32) return; // a recursive schema: everything above was compared already
  const a = normalise(ours.document, ours.schema);
  const b = normalise(upstream.document, upstream.schema);
  if (typeText(a) !== typeText(b)) out.push({ where: `${at}.type`, what: `ours is ${typeText(a)}, upstream is ${typeText(b)}` });

  const enumA = (a.enum ?? []).map((v) => JSON.stringify(v));
  const enumB = (b.enum ?? []).map((v) => JSON.stringify(v));
  if (a.enum || b.enum) {
    const added = enumB.filter((v) => !enumA.includes(v));
    const removed = enumA.filter((v) => !enumB.includes(v));
    if (!a.enum || !b.enum) {
      out.push({ where: `${at}.enum`, what: a.enum ? `only ours restricts it to ${enumA.join(", ")}` : `only upstream restricts it to ${enumB.join(", ")}` });
    } else if (added.length || removed.length) {
      const parts = [added.length && `upstream adds ${added.join(", ")}`, removed.length && `upstream lacks ${removed.join(", ")}`];
      out.push({ where: `${at}.enum`, what: parts.filter(Boolean).join("; ") });
    }
  }

  for (const keyword of KEYWORDS) {
    if (JSON.stringify(a[keyword]) !== JSON.stringify(b[keyword])) {
      out.push({ where: `${at}.${keyword}`, what: `ours is ${a[keyword] === undefined ? "unset" : show([a[keyword]])}, upstream is ${b[keyword] === undefined ? "unset" : show([b[keyword]])}` });
    }
  }

  const propsA = a.properties ?? {};
  const propsB = b.properties ?? {};
  for (const name of new Set([...Object.keys(propsA), ...Object.keys(propsB)])) {
    const where = `${at}.${name}`;
    if (!(name in propsB)) out.push({ where, what: "only ours has this field" });
    else if (!(name in propsA)) {
      const field = normalise(upstream.document, propsB[name]);
      const hidden = field["x-speakeasy-ignore"] || field["x-fern-ignore"] ? "; upstream's SDK generators skip it" : "";
      out.push({ where, what: `only upstream has this field (${typeText(field)}${hidden})` });
    } else compareSchemas({ ...ours, schema: propsA[name] }, { ...upstream, schema: propsB[name] }, where, out, depth + 1);
  }
  const requiredA = new Set(a.required ?? []);
  const requiredB = new Set(b.required ?? []);
  for (const name of new Set([...requiredA, ...requiredB])) {
    if (requiredA.has(name) !== requiredB.has(name)) {
      out.push({ where: `${at}.${name}.required`, what: `required ${requiredA.has(name) ? "by ours only" : "by upstream only"}` });
    }
  }

  if (a.items || b.items) {
    compareSchemas({ ...ours, schema: a.items ?? {} }, { ...upstream, schema: b.items ?? {} }, `${at}[]`, out, depth + 1);
  }
}

/** Compares the media types of a request body or response, then the JSON schema of each. */
function compareContent(ours, upstream, at, out) {
  const contentA = ours.value?.content ?? {};
  const contentB = upstream.value?.content ?? {};
  for (const type of new Set([...Object.keys(contentA), ...Object.keys(contentB)])) {
    if (!(type in contentB)) out.push({ where: `${at}.content`, what: `only ours has ${type}` });
    else if (!(type in contentA)) out.push({ where: `${at}.content`, what: `only upstream has ${type}` });
    else {
      compareSchemas(
        { document: ours.document, schema: contentA[type].schema ?? {} },
        { document: upstream.document, schema: contentB[type].schema ?? {} },
        at,
        out,
      );
    }
  }
}

/** An operation's security as comparable text: each alternative as the sorted schemes it needs, by kind not name. */
function securityOf(document, operation) {
  const requirements = operation.security ?? document.security ?? [];
  const alternatives = requirements.map((requirement) =>
    Object.keys(requirement)
      .map((name) => {
        const scheme = resolve(document, document.components?.securitySchemes?.[name]);
        return [scheme.type, scheme.scheme, scheme.in, scheme.name].filter(Boolean).join(" ") || `unknown scheme ${name}`;
      })
      .sort()
      .join(" + ") || "none",
  );
  return [...new Set(alternatives)].sort().join(" or ") || "none";
}

function compareOperations(ours, upstream, out) {
  const securityA = securityOf(ours.document, ours.operation);
  const securityB = securityOf(upstream.document, upstream.operation);
  if (securityA !== securityB) out.push({ where: "security", what: `ours requires ${securityA}, upstream requires ${securityB}` });

  const bodyA = resolve(ours.document, ours.operation.requestBody);
  const bodyB = resolve(upstream.document, upstream.operation.requestBody);
  if (!bodyA.content !== !bodyB.content) {
    out.push({ where: "requestBody", what: bodyA.content ? "only ours has a request body" : "only upstream has a request body" });
  } else {
    if (!!bodyA.required !== !!bodyB.required) out.push({ where: "requestBody.required", what: `ours is ${!!bodyA.required}, upstream is ${!!bodyB.required}` });
    compareContent({ document: ours.document, value: bodyA }, { document: upstream.document, value: bodyB }, "requestBody", out);
  }

  const responsesA = ours.operation.responses ?? {};
  const responsesB = upstream.operation.responses ?? {};
  for (const status of new Set([...Object.keys(responsesA), ...Object.keys(responsesB)])) {
    const where = `responses.${status}`;
    if (!(status in responsesB)) out.push({ where, what: "only ours documents this status" });
    else if (!(status in responsesA)) out.push({ where, what: "only upstream documents this status" });
    else {
      compareContent(
        { document: ours.document, value: resolve(ours.document, responsesA[status]) },
        { document: upstream.document, value: resolve(upstream.document, responsesB[status]) },
        where,
        out,
      );
    }
  }
}

/** The keys an operation declares with `x-differs-from-upstream`, each with its reason. */
function declaredDifferences(operation) {
  return new Map((operation["x-differs-from-upstream"] ?? []).flatMap((entry) => Object.entries(entry)));
}

const covers = (key, where) => where === key || where.startsWith(`${key}.`);

/**
 * Every difference between our spec and `upstream` for our operations, matched by path and method. Each is
 * `{ operation, where, what, declared }`, where `declared` is our spec's reason when the difference is on purpose.
 * `stale` lists declarations that no longer match anything upstream. `operations` (operationIds) limits the
 * comparison to those, for an upstream extract that holds only them; every operation of ours unless set.
 */
export function diffSpecs(oursDocument, upstreamDocument, operations) {
  const differences = [];
  const stale = [];
  for (const [path, item] of Object.entries(oursDocument.paths ?? {})) {
    for (const method of METHODS.filter((m) => item[m])) {
      const operation = item[method];
      if (operations && !operations.includes(operation.operationId)) continue;
      const label = `${method.toUpperCase()} ${path} (${operation.operationId})`;
      const out = [];
      const upstreamItem = resolve(upstreamDocument, upstreamDocument.paths?.[path] ?? undefined);
      const upstreamOperation = upstreamItem[method];
      if (!upstreamOperation) {
        const movedTo = Object.entries(upstreamDocument.paths).flatMap(([p, i]) =>
          METHODS.filter((m) => i?.[m]?.operationId === operation.operationId).map((m) => `${m.toUpperCase()} ${p}`),
        );
        out.push({ where: "path", what: `upstream has no ${method.toUpperCase()} ${path}${movedTo.length ? `; ${operation.operationId} is at ${movedTo.join(", ")} there` : ""}` });
      } else {
        compareOperations({ document: oursDocument, operation }, { document: upstreamDocument, operation: upstreamOperation }, out);
      }
      for (const extra of METHODS.filter((m) => upstreamItem[m] && !item[m])) {
        out.push({ where: "methods", what: `upstream also has ${extra.toUpperCase()} ${path}` });
      }
      const declared = declaredDifferences(operation);
      for (const difference of out) {
        const key = [...declared.keys()].find((k) => covers(k, difference.where));
        differences.push({ operation: label, ...difference, declared: key === undefined ? undefined : declared.get(key) });
      }
      for (const key of declared.keys()) {
        if (!out.some((difference) => covers(key, difference.where))) stale.push({ operation: label, where: key });
      }
    }
  }
  return { differences, stale };
}

/** The report as lines of text: differences grouped by operation, unexpected ones first in each group. */
export function formatReport({ differences, stale }, source) {
  const lines = [`spec-diff: openapi/openrouter-oauth.yaml against ${source}`];
  for (const operation of new Set(differences.map((d) => d.operation))) {
    lines.push(operation);
    const ofOperation = differences.filter((d) => d.operation === operation).sort((x, y) => Number(!!x.declared) - Number(!!y.declared));
    for (const { where, what, declared } of ofOperation) {
      lines.push(`  ${declared ? "expected" : "DIFFERS "}  ${where}: ${what}${declared ? ` (declared: ${declared})` : ""}`);
    }
  }
  for (const { operation, where } of stale) {
    lines.push(`note: ${operation} declares a difference at ${where}, but upstream now agrees; the declaration may be removed.`);
  }
  const unexpected = differences.filter((d) => !d.declared).length;
  lines.push(
    unexpected
      ? `${unexpected} unexpected difference${unexpected === 1 ? "" : "s"} (and ${differences.length - unexpected} declared): update openapi/openrouter-oauth.yaml, or declare the difference with x-differs-from-upstream.`
      : `No unexpected differences (${differences.length} declared).`,
  );
  return lines;
}

/** Our operationIds, for checking the names given to --operations. */
const operationIds = (document) =>
  Object.values(document.paths ?? {}).flatMap((item) => METHODS.filter((m) => item[m]).map((m) => item[m].operationId));

async function main(argv) {
  const args = [...argv];
  let operations;
  if (args[0] === "--operations") {
    operations = (args[1] ?? "").split(",").filter(Boolean);
    args.splice(0, 2);
  }
  const source = args[0];
  if (!source || args.length > 1 || source.startsWith("-") || operations?.length === 0) {
    console.error("usage: npm run spec:diff -- [--operations id,id] <OpenAPI file or http(s) URL, YAML or JSON>");
    return 2;
  }
  let ours, upstream, result;
  try {
    [ours, upstream] = await Promise.all([loadDocument(OUR_SPEC), loadDocument(source)]);
    const unknown = (operations ?? []).filter((id) => !operationIds(ours).includes(id));
    if (unknown.length) throw new Error(`our spec has no operation ${unknown.join(", ")}`);
    result = diffSpecs(ours, upstream, operations);
  } catch (error) {
    console.error(`spec-diff: cannot compare with ${source}: ${error.message}`);
    return 2;
  }
  console.log(formatReport(result, source).join("\n"));
  return result.differences.some((d) => !d.declared) ? 1 : 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exitCode = await main(process.argv.slice(2));
}
