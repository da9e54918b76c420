import { callbackUrlProblem, oneOf, pkceValue, type Check } from "../validate.js";

// The server's view of a createAuthCode body: what OpenRouter rejects with 400. Unknown fields are ignored,
// as servers do; the client refuses them before sending.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const UTC_WITH_SECONDS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;

const rules = (now: number): Record<string, Check> => ({
  callback_url: callbackUrlProblem,
  code_challenge: pkceValue,
  code_challenge_method: oneOf(["S256", "plain"]),
  limit: (value) => (typeof value === "number" && Number.isFinite(value) && value >= 0 ? undefined : "must be a number >= 0"),
  expires_at: (value) =>
    value === null ? undefined
    : typeof value !== "string" || !UTC_WITH_SECONDS.test(value) || Number.isNaN(Date.parse(value)) ? "must be an ISO 8601 UTC time with seconds"
    : Date.parse(value) <= now ? "must be in the future"
    : undefined,
  key_label: (value) => (typeof value === "string" && value.length <= 100 ? undefined : "must be a string of at most 100 characters"),
  usage_limit_type: oneOf(["daily", "weekly", "monthly"]),
  workspace_id: (value) => (typeof value === "string" && UUID.test(value) ? undefined : "must be a UUID"),
});

/** What is wrong with a createAuthCode body, as an error message, or undefined when nothing is. */
export function checkCreateAuthCodeBody(body: Record<string, unknown>, now: number): string | undefined {
  if (body.callback_url === undefined) return "callback_url is required";
  for (const [field, check] of Object.entries(rules(now))) {
    const problem = body[field] === undefined ? undefined : check(body[field]);
    if (problem) return `${field} ${problem}`;
  }
  if (body.code_challenge_method !== undefined && body.code_challenge === undefined) {
    return "code_challenge_method was given without a code_challenge";
  }
  return undefined;
}
