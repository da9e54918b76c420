// The checks that scripts/generate.mjs builds the spec's success bodies from. A body is held to what the client
// relies on: each required field present, each field of its type. Formats are not checked, so that a timestamp
// written another way never costs the user a key that was minted.
import type { Check, ShapeProblem } from "./check.js";
import { isObject } from "./validate.js";

/** A value of `type`, or also null when `orNull`. */
export const is = (type: "string" | "number" | "integer" | "boolean", orNull = false): Check<ShapeProblem> => (value, path) => {
  const typed = type === "integer" ? Number.isInteger(value) : typeof value === type;
  if (typed || (orNull && value === null)) return undefined;
  // What the type is called in a message.
  const word = type === "integer" ? "a whole number" : type === "boolean" ? "true or false" : `a ${type}`;
  return { field: path, says: `has a ${path} that is ${orNull ? `neither ${word} nor null` : `not ${word}`}` };
};

/** An object with these fields, each required unless it is `optional`, which is checked only when present. */
export const object = (fields: Readonly<Record<string, Check<ShapeProblem>>>, optional: readonly string[] = []): Check<ShapeProblem> => (value, path) => {
  if (!isObject(value)) return { field: path, says: path ? `has a ${path} that is not an object` : "is not a JSON object" };
  for (const [name, check] of Object.entries(fields)) {
    const at = path ? `${path}.${name}` : name;
    const field = value[name];
    if (field === undefined) {
      if (!optional.includes(name)) return { field: at, says: `has no ${at}` };
      continue;
    }
    const problem = check(field, at);
    if (problem) return problem;
  }
  return undefined;
};

/** An array whose every item has the shape `item`. */
export const array = (item: Check<ShapeProblem>): Check<ShapeProblem> => (value, path) => {
  if (!Array.isArray(value)) return { field: path, says: path ? `has a ${path} that is not an array` : "is not a JSON array" };
  for (let index = 0; index < value.length; index++) {
    const problem = item(value[index], `${path ?? ""}[${index}]`);
    if (problem) return problem;
  }
  return undefined;
};

/** What `shape` accepts, or null. */
export const orNull = (shape: Check<ShapeProblem>): Check<ShapeProblem> => (value, path) => (value === null ? undefined : shape(value, path));
