import { limitInQuery } from "../sign-in/authorization-url.js";
import { createAuthCodeRules, fieldProblem } from "../operations/request-rules.js";
import { appCallbackUrlProblem } from "../checks/validate.js";

/** What the user is asked to approve on the consent page: the checked query of /auth. */
export interface AuthorizationRequest {
  /** Undefined in headless mode, where the page shows the code instead of redirecting. */
  callbackUrl: string | undefined;
  challenge: string | undefined;
  method: "S256" | "plain" | undefined;
  keyLabel: string | undefined;
  limit: number | undefined;
}

// The page takes these fields as createAuthCode does (OpenRouter's guide), so the same rules apply, but for the
// callback: any an app can register, as buildAuthorizationUrl checks it. Nothing here expires.
const RULES = /* @__PURE__ */ (() => {
  const rules = createAuthCodeRules(() => 0);
  return { ...rules, extra: { ...rules.extra, callback_url: appCallbackUrlProblem } };
})();

/** "The field must ...", or undefined when the value (if any) keeps the field's rules. */
function problemOf(field: string, value: unknown): string | undefined {
  const problem = value === undefined ? undefined : fieldProblem(RULES, field, value);
  return problem && `The ${field} ${problem}.`;
}

/**
 * Checks the parameters of /auth (the page's query, or the form posted back from it) as OpenRouter does, and
 * returns them, or a sentence saying what is wrong, as the page shows it. The values themselves are never echoed.
 */
export function readAuthorizationRequest(params: URLSearchParams): AuthorizationRequest | string {
  const callbackUrl = params.get("callback_url") ?? undefined;
  const challenge = params.get("code_challenge") ?? undefined;
  const methodParam = params.get("code_challenge_method") ?? undefined;
  const keyLabel = params.get("key_label") || undefined;
  const limitParam = params.get("limit") ?? undefined;

  // A query carries text: a limit is a number written out, and nothing else.
  const limit = limitParam === undefined ? undefined : /^\d+(\.\d+)?$/.test(limitParam) ? Number(limitParam) : NaN;
  const problem =
    problemOf("callback_url", callbackUrl) ??
    problemOf("code_challenge_method", methodParam) ??
    problemOf("code_challenge", challenge) ??
    problemOf("key_label", keyLabel) ??
    problemOf("limit", limit);
  if (problem) return problem;
  const across = RULES.across?.({ code_challenge: challenge, code_challenge_method: methodParam });
  if (across) return `The ${across}.`;
  // Headless mode has no redirect to protect the code, so PKCE with S256 is mandatory there.
  if (callbackUrl === undefined && (challenge === undefined || methodParam !== "S256")) {
    return "Without a callback_url (headless mode), a code_challenge with code_challenge_method=S256 is required.";
  }

  return {
    callbackUrl,
    challenge,
    // RFC 7636 4.3: a challenge without a method is a plain one.
    method: challenge === undefined ? undefined : (methodParam as "S256" | "plain" | undefined) ?? "plain",
    keyLabel,
    limit,
  };
}

/** The form fields that carry a checked request through the consent page and back. */
export function authorizationFields(request: AuthorizationRequest): [string, string][] {
  const fields: [string, string | undefined][] = [
    ["callback_url", request.callbackUrl],
    ["code_challenge", request.challenge],
    ["code_challenge_method", request.method],
    ["key_label", request.keyLabel],
    ["limit", request.limit === undefined ? undefined : limitInQuery(request.limit)],
  ];
  return fields.filter((field): field is [string, string] => field[1] !== undefined);
}
