// The options several functions take, each checked, and each said, once: every function that takes one of them
// runs its check (transport/options.ts's checkField), so the rule and its words cannot drift apart.
import type { Check } from "./check.js";

/** Why `value` cannot be a delay setTimeout can keep: a positive number of milliseconds up to 2^31 - 1. */
export const timeoutMsProblem: Check = (value) =>
  typeof value === "number" && value > 0 && value <= 2_147_483_647 ? undefined : "must be a number of milliseconds between 1 and 2147483647";

/**
 * Why `value` cannot be an AbortSignal, or none (undefined or null). Anything the call can listen to, and let go
 * of when done, will do: a signal from another realm or library too.
 */
export const signalProblem: Check = (value) =>
  value == null || (typeof (value as AbortSignal).addEventListener === "function" && typeof (value as AbortSignal).removeEventListener === "function")
    ? undefined
    : "must be an AbortSignal";

/** Why `value` cannot be a fetch, or none (undefined: the global fetch). */
export const fetchProblem: Check = (value) =>
  value === undefined || typeof value === "function" ? undefined : "must be a function like the global fetch";

/** Why `value` cannot be a clock. */
export const nowProblem: Check = (value) =>
  typeof value === "function" ? undefined : "must be a function returning milliseconds since the epoch";

/** Why `value` cannot be a port to listen on: 0 (the system picks a free one) to 65535. */
export const portProblem: Check = (value) =>
  Number.isInteger(value) && (value as number) >= 0 && (value as number) <= 65_535 ? undefined : "must be a whole number from 0 to 65535 (0 lets the system pick a free one)";
