// Compares our spec with OpenRouter's, for the operations our spec describes and the ones upstream has in the
// same groups, so that a change upstream is caught here instead of by users. Upstream is an OpenAPI document (the
// whole published one or an extract), or the installed @openrouter/sdk, described as one (scripts/sdk-description.mjs).
//
//   npm run spec:diff -- <file-or-url>
//   npm run spec:diff -- --operations getCurrentKey <file-or-url>   (an extract holding only some operations)
//   npm run spec:diff -- --sdk [directory]                          (the installed SDK, or a copy of it)
//
// Exit status: 0 when every difference is one our spec declares (`x-differs-from-upstream` on the operation, or
// `x-left-out-operations` for an operation it leaves out), 1 when there is any other, 2 when upstream cannot be read.
import { readFile } from "node:fs/promises";
import { relative } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { describeSdk } from "./sdk-description.mjs";

// Our specs: the client's operations, and the model calls the fake serves. Each is compared on its own.
const OUR_SPECS = ["openapi/openrouter-oauth.yaml", "openapi/openrouter-models.yaml"];
const specPath = (spec) => fileURLToPath(new URL(`../${spec}`, import.meta.url));
const INSTALLED_SDK = fileURLToPath(new URL("../node_modules/@openrouter/sdk", import.meta.url));
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
  const notDescribed = notDescribedBy(upstream.document);
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

  for (const keyword of KEYWORDS.filter((k) => !(k in notDescribed))) {
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
      // A subset names what it needs; what upstream requires is still asked for, below.
      if (ours.subset && !(b.required ?? []).includes(name)) continue;
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
    else if (contentB[type].schema) {
      // Without a schema upstream (the SDK's streams), only the media type is compared.
      compareSchemas(
        { document: ours.document, schema: contentA[type].schema ?? {}, subset: ours.subset },
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
  // `x-subset-of-upstream`: the fields and statuses only upstream has are not differences.
  const subset = Boolean(ours.operation["x-subset-of-upstream"]);
  const securityA = securityOf(ours.document, ours.operation);
  const securityB = securityOf(upstream.document, upstream.operation);
  if (!("security" in notDescribedBy(upstream.document)) && securityA !== securityB) out.push({ where: "security", what: `ours requires ${securityA}, upstream requires ${securityB}` });

  const bodyA = resolve(ours.document, ours.operation.requestBody);
  const bodyB = resolve(upstream.document, upstream.operation.requestBody);
  if (!bodyA.content !== !bodyB.content) {
    out.push({ where: "requestBody", what: bodyA.content ? "only ours has a request body" : "only upstream has a request body" });
  } else {
    if (!!bodyA.required !== !!bodyB.required) out.push({ where: "requestBody.required", what: `ours is ${!!bodyA.required}, upstream is ${!!bodyB.required}` });
    compareContent({ document: ours.document, value: bodyA, subset }, { document: upstream.document, value: bodyB }, "requestBody", out);
  }

  const responsesA = ours.operation.responses ?? {};
  const responsesB = upstream.operation.responses ?? {};
  for (const status of new Set([...Object.keys(responsesA), ...Object.keys(responsesB)])) {
    const where = `responses.${status}`;
    if (!(status in responsesB)) out.push({ where, what: "only ours documents this status" });
    else if (!(status in responsesA)) {
      if (!subset) out.push({ where, what: "only upstream documents this status" });
    }
    else {
      compareContent(
        { document: ours.document, value: resolve(ours.document, responsesA[status]), subset },
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

/** What an upstream description says it cannot tell (`x-not-described`: aspect → reason); nothing for a document. */
const notDescribedBy = (document) => document["x-not-described"] ?? {};

/** A declaration about something upstream does not describe can be neither confirmed nor found stale. */
const uncheckable = (key, notDescribed) => key in notDescribed || key.split(".").at(-1) in notDescribed;

/** Our spec's `x-left-out-operations`: the upstream operations it leaves out on purpose, operationId → reason. */
function leftOutOperations(document) {
  const entries = document["x-left-out-operations"] ?? [];
  if (!Array.isArray(entries)) throw new Error("our spec's x-left-out-operations must be a list of { operationId, reason }");
  const leftOut = new Map();
  entries.forEach((entry, index) => {
    const { operationId, reason } = entry ?? {};
    if (typeof operationId !== "string" || !operationId || typeof reason !== "string" || !reason.trim()) {
      throw new Error(`our spec's x-left-out-operations entry ${index + 1} needs an operationId and a reason`);
    }
    if (leftOut.has(operationId)) throw new Error(`our spec's x-left-out-operations names ${operationId} twice`);
    leftOut.set(operationId, reason.trim());
  });
  return leftOut;
}

/** Every operation of a document as `{ path, method, operation, label }`. */
const operationsOf = (document) =>
  Object.entries(document.paths ?? {}).flatMap(([path, reference]) => {
    const item = resolve(document, reference ?? {});
    return METHODS.filter((method) => item[method]).map((method) => ({
      path,
      method,
      operation: item[method],
      label: `${method.toUpperCase()} ${path} (${item[method].operationId})`,
    }));
  });

// A group is a tag; the SDK names them as namespaces (`oauth` for OAuth, `apikeys` for API Keys).
const groupKey = (tag) => String(tag).toLowerCase().replace(/[^a-z0-9]/g, "");

/**
 * The upstream operations our spec lacks, in the groups it covers: a group is covered when one of `ours` (the
 * operations compared) carries a tag of that name, and every other method on one of their paths counts too.
 * Each is a difference, declared when our spec lists it in x-left-out-operations. A left-out operation that our
 * spec describes is a difference of its own; one that upstream no longer has, with `whole`, is stale.
 */
function missingOperations(oursDocument, ours, upstreamDocument, whole, differences, stale) {
  const leftOut = leftOutOperations(oursDocument);
  const described = operationsOf(oursDocument);
  const groups = new Set(ours.flatMap(({ operation }) => (operation.tags ?? []).map(groupKey)));
  const paths = new Set(ours.map(({ path }) => path));
  const upstream = operationsOf(upstreamDocument);
  for (const { path, method, operation, label } of upstream) {
    // One of ours, here or moved elsewhere (which its own comparison reports).
    if (described.some((mine) => (mine.path === path && mine.method === method) || mine.operation.operationId === operation.operationId)) continue;
    const group = (operation.tags ?? []).find((tag) => groups.has(groupKey(tag)));
    if (group === undefined && !paths.has(path)) continue;
    const what = group === undefined ? `upstream also has ${method.toUpperCase()} ${path}; ours lacks it` : `upstream has this operation in its ${group} group; ours lacks it`;
    differences.push({ operation: label, where: "operation", what, declared: leftOut.get(operation.operationId) });
  }
  for (const [operationId] of leftOut) {
    const mine = described.find(({ operation }) => operation.operationId === operationId);
    if (mine) {
      const what = "stale declaration: our spec describes this operation, yet x-left-out-operations still declares it left out; remove it there";
      differences.push({ operation: mine.label, where: "x-left-out-operations", what, declared: undefined });
    } else if (whole && !upstream.some(({ operation }) => operation.operationId === operationId)) {
      stale.push({ operation: operationId, where: "x-left-out-operations", note: `our spec declares ${operationId} left out, but upstream has no such operation; the declaration may be removed.` });
    }
  }
}

/**
 * Every difference between our spec and `upstream` for our operations, matched by path and method. Each is
 * `{ operation, where, what, declared }`, where `declared` is our spec's reason when the difference is on purpose.
 * `stale` lists declarations that no longer match anything upstream. `operations` (operationIds) limits the
 * comparison to those, for an upstream extract that holds only them; every operation of ours unless set.
 */
export function diffSpecs(oursDocument, upstreamDocument, operations) {
  const differences = [];
  const stale = [];
  const notCompared = notDescribedBy(upstreamDocument);
  const ours = operationsOf(oursDocument).filter(({ operation }) => !operations || operations.includes(operation.operationId));
  for (const { path, method, operation, label } of ours) {
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
    const declared = declaredDifferences(operation);
    for (const difference of out) {
      const key = [...declared.keys()].find((k) => covers(k, difference.where));
      differences.push({ operation: label, ...difference, declared: key === undefined ? undefined : declared.get(key) });
    }
    for (const key of declared.keys()) {
      if (!uncheckable(key, notCompared) && !out.some((difference) => covers(key, difference.where))) stale.push({ operation: label, where: key });
    }
  }
  missingOperations(oursDocument, ours, upstreamDocument, !operations, differences, stale);
  return { differences, stale, notCompared, agreementNote: upstreamDocument["x-agreement-note"] };
}

/** The report as lines of text: differences grouped by operation, unexpected ones first in each group. */
export function formatReport({ differences, stale, notCompared = {}, agreementNote }, source, spec = OUR_SPECS[0]) {
  const lines = [`spec-diff: ${spec} against ${source}`];
  for (const operation of new Set(differences.map((d) => d.operation))) {
    lines.push(operation);
    const ofOperation = differences.filter((d) => d.operation === operation).sort((x, y) => Number(!!x.declared) - Number(!!y.declared));
    for (const { where, what, declared } of ofOperation) {
      lines.push(`  ${declared ? "expected" : "DIFFERS "}  ${where}: ${what}${declared ? ` (declared: ${declared})` : ""}`);
    }
  }
  for (const { operation, where, note } of stale) {
    const agrees = agreementNote ? `but upstream agrees here; ${agreementNote}` : "but upstream now agrees; the declaration may be removed";
    lines.push(`note: ${note ?? `${operation} declares a difference at ${where}, ${agrees}.`}`);
  }
  const aspectsByReason = new Map();
  for (const [aspect, reason] of Object.entries(notCompared)) aspectsByReason.set(reason, [...(aspectsByReason.get(reason) ?? []), aspect]);
  for (const [reason, aspects] of aspectsByReason) lines.push(`not compared: ${aspects.join(", ")}, because ${reason}.`);
  const unexpected = differences.filter((d) => !d.declared).length;
  const declare = differences.some((d) => !d.declared && d.where === "operation")
    ? "declare the difference with x-differs-from-upstream, or an operation left out with x-left-out-operations"
    : "declare the difference with x-differs-from-upstream";
  lines.push(
    unexpected
      ? `${unexpected} unexpected difference${unexpected === 1 ? "" : "s"} (and ${differences.length - unexpected} declared): update ${spec}, or ${declare}.`
      : `No unexpected differences (${differences.length} declared).`,
  );
  return lines;
}

/** Our operationIds, for checking the names given to --operations. */
const operationIds = (document) =>
  Object.values(document.paths ?? {}).flatMap((item) => METHODS.filter((m) => item[m]).map((m) => item[m].operationId));

const USAGE = "usage: npm run spec:diff -- [--operations id,id] <OpenAPI file or http(s) URL, YAML or JSON> | --sdk [SDK directory]";

/** The command line as `{ operations, source, sdk }`, or undefined when it is not one spec-diff understands. */
function parseArgs(argv) {
  const args = [...argv];
  let operations;
  if (args[0] === "--operations") {
    operations = (args[1] ?? "").split(",").filter(Boolean);
    if (!operations.length) return undefined;
    args.splice(0, 2);
  }
  if (args[0] === "--sdk") {
    if (args.length > 2 || args[1]?.startsWith("-")) return undefined;
    return { operations, sdk: args[1] ?? INSTALLED_SDK };
  }
  if (args.length !== 1 || args[0].startsWith("-")) return undefined;
  return { operations, source: args[0] };
}

async function main(argv) {
  const parsed = parseArgs(argv);
  if (!parsed) {
    console.error(USAGE);
    return 2;
  }
  const { operations, sdk } = parsed;
  const source = sdk ? `@openrouter/sdk in ${relative(process.cwd(), sdk) || "."}` : parsed.source;
  const reports = [];
  try {
    const specs = await Promise.all(OUR_SPECS.map(async (spec) => ({ spec, ours: await loadDocument(specPath(spec)) })));
    const ids = specs.flatMap(({ ours }) => operationIds(ours));
    const unknown = (operations ?? []).filter((id) => !ids.includes(id));
    if (unknown.length) throw new Error(`our spec has no operation ${unknown.join(", ")}`);
    // With --operations, only the specs that hold one of them: an extract has nothing of the others.
    const compared = specs.filter(({ ours }) => !operations || operationIds(ours).some((id) => operations.includes(id)));
    const paths = compared.flatMap(({ ours }) => Object.keys(ours.paths));
    const upstream = sdk ? await describeSdk(sdk, { paths }) : await loadDocument(source);
    for (const { spec, ours } of compared) {
      // A document that holds none of a spec's paths is an extract of other operations: that spec is not compared.
      if (!Object.keys(ours.paths).some((path) => upstream.paths[path])) {
        reports.push({ spec, skipped: `note: ${spec} not compared: ${source} describes none of its paths.` });
        continue;
      }
      const mine = operations?.filter((id) => operationIds(ours).includes(id));
      reports.push({ spec, result: diffSpecs(ours, upstream, mine) });
    }
    if (sdk) console.log(`spec-diff: the SDK is ${upstream.info.title}`);
  } catch (error) {
    console.error(`spec-diff: cannot compare with ${source}: ${error.message}`);
    return 2;
  }
  for (const { spec, result, skipped } of reports) console.log(skipped ?? formatReport(result, source, spec).join("\n"));
  return reports.some(({ result }) => result?.differences.some((d) => !d.declared)) ? 1 : 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exitCode = await main(process.argv.slice(2));
}
