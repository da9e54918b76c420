// The checked-in spec, read the way the tests need it: which (operation, status) pairs it documents, and
// validators for its request and response bodies, so that mocks and fakes cannot drift from it.
import { readFileSync } from "node:fs";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { parse } from "yaml";

export const SPEC_PATH = new URL("../../openapi/openrouter-oauth.yaml", import.meta.url);
export const spec = parse(readFileSync(SPEC_PATH, "utf8"));

export type SpecPath = "/auth/keys" | "/auth/keys/code" | "/key" | "/oauth/token" | "/oauth/jwks";

/** The one operation of each path (a POST, or the GET of /key). */
const operationOf = (path: string) => spec.paths[path].post ?? spec.paths[path].get;

// Responses: the spec's formats are annotations, as a server's answers are what they are.
const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
ajv.addSchema({ $id: "spec", components: spec.components }, "spec");

// Requests: what the client sends is held to the spec by this side's own strictness, not the client's word:
// formats checked (uri, date-time, uuid), and no property the spec does not name.
const strictAjv = new Ajv2020({ strict: false, allErrors: true });
addFormats.default(strictAjv);
const closed = (schema: any): any => {
  if (Array.isArray(schema)) return schema.map(closed);
  if (typeof schema !== "object" || schema === null) return schema;
  const copy = Object.fromEntries(Object.entries(schema).map(([key, value]) => [key, closed(value)]));
  return copy.type === "object" && copy.properties && copy.additionalProperties === undefined ? { ...copy, additionalProperties: false } : copy;
};
strictAjv.addSchema({ $id: "spec", components: closed(spec.components) }, "spec");

const refsToSpec = (schema: unknown): unknown =>
  JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"spec#/components/'));

const compiled = new Map<string, ValidateFunction>();
function validator(key: string, schema: unknown, by = ajv): ValidateFunction {
  let validate = compiled.get(key);
  if (!validate) compiled.set(key, (validate = by.compile(refsToSpec(schema) as object)));
  return validate;
}

/** Every documented (path, operationId, status) triple in the spec. */
export function documentedResponses(): { path: SpecPath; operationId: string; status: number }[] {
  return Object.keys(spec.paths).flatMap((path) => {
    const operation = operationOf(path);
    return Object.keys(operation.responses).map((status) => ({ path: path as SpecPath, operationId: operation.operationId, status: Number(status) }));
  });
}

/** The spec's errors for `body` as the response of `path` with `status`; an empty list when it validates. */
export function responseErrors(path: SpecPath, status: number, body: unknown): string[] {
  const schema = operationOf(path).responses[String(status)]?.content["application/json"].schema;
  if (!schema) return [`the spec documents no ${status} for ${path}`];
  const validate = validator(`${path} ${status}`, schema);
  return validate(body) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message}`);
}

/**
 * The spec's errors for `body` as the request body of `path` (a form's fields as an object), formats checked and
 * unknown properties refused; an empty list when it validates.
 */
export function requestErrors(path: SpecPath, body: unknown): string[] {
  // A JSON body, or a form (its fields read into an object by the caller).
  const content = operationOf(path).requestBody?.content;
  const schema = (content?.["application/json"] ?? content?.["application/x-www-form-urlencoded"])?.schema;
  if (!schema) return [`the spec documents no request body for ${path}`];
  const validate = validator(`${path} request`, schema, strictAjv);
  return validate(body) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message}`);
}
