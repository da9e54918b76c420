// The checks that scripts/generate.mjs builds the spec's request rules from, one small function per kind of
// field, so that a bundle carries only the kinds its operations use.
import type { Check } from "./check.js";
import type { Format } from "./request-formats.js";

/** A string, at most `maxLength` characters long and of `format` when they are given. */
export const string = (format?: Format, maxLength?: number): Check => (value) => {
  const sized = maxLength === undefined ? "a string" : `a string of at most ${maxLength} characters`;
  if (typeof value !== "string" || value.length > maxLength!) return `must be ${sized}`;
  return format && !format.test(value) ? `must be ${format.says}` : undefined;
};

/** A finite number. */
export const number = (): Check => (value) => (typeof value === "number" && Number.isFinite(value) ? undefined : "must be a finite number");

/** A whole number. */
export const integer = (): Check => (value) => (Number.isInteger(value) ? undefined : "must be a whole number");

/** true or false. */
export const boolean = (): Check => (value) => (typeof value === "boolean" ? undefined : "must be true or false");

/** One of `values` (an enum names its type too). */
export const oneOf = (values: readonly (string | null)[]): Check => (value) =>
  values.includes(value as string) ? undefined : `must be one of ${values.map((v) => JSON.stringify(v)).join(", ")}`;

/** What `check` accepts, or null. */
export const nullable = (check: Check): Check => (value) => {
  const problem = value === null ? undefined : check(value);
  return problem && `${problem} or null`;
};

/** An array whose every item passes `item`. */
export const array = (item: Check): Check => (value) => {
  if (!Array.isArray(value)) return "must be an array";
  for (let index = 0; index < value.length; index++) {
    const problem = item(value[index]);
    if (problem) return `item ${index + 1} ${problem}`;
  }
  return undefined;
};

/** An object whose `required` fields are present and whose named fields pass their checks; others pass. */
export const object = (fields: Readonly<Record<string, Check>>, required: readonly string[]): Check => (value) => {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return "must be an object";
  const record = value as Record<string, unknown>;
  for (const name of required) if (record[name] === undefined) return `must have ${name}`;
  for (const [name, check] of Object.entries(fields)) {
    const problem = record[name] === undefined ? undefined : check(record[name]);
    if (problem) return `has a ${name} that ${problem}`;
  }
  return undefined;
};
