import { callbackUrlProblem, PKCE_VALUE } from "../validate.js";

/** What the user is asked to approve on the consent page: the checked query of /auth. */
export interface AuthorizationRequest {
  /** Undefined in headless mode, where the page shows the code instead of redirecting. */
  callbackUrl: string | undefined;
  challenge: string | undefined;
  method: "S256" | "plain" | undefined;
  keyLabel: string | undefined;
  limit: number | undefined;
}

const LIMIT = /^\d+(\.\d+)?$/;

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

  if (callbackUrl !== undefined && callbackUrlProblem(callbackUrl)) return `The callback_url ${callbackUrlProblem(callbackUrl)}.`;
  if (methodParam !== undefined && methodParam !== "S256" && methodParam !== "plain") {
    return "The code_challenge_method must be S256 or plain.";
  }
  if (challenge !== undefined && !PKCE_VALUE.test(challenge)) {
    return "The code_challenge must be 43 to 128 characters of A-Z a-z 0-9 - . _ ~.";
  }
  if (methodParam !== undefined && challenge === undefined) return "The code_challenge_method was given without a code_challenge.";
  // Headless mode has no redirect to protect the code, so PKCE with S256 is mandatory there.
  if (callbackUrl === undefined && (challenge === undefined || methodParam !== "S256")) {
    return "Without a callback_url (headless mode), a code_challenge with code_challenge_method=S256 is required.";
  }
  if (keyLabel !== undefined && keyLabel.length > 100) return "The key_label must be at most 100 characters.";
  if (limitParam !== undefined && !LIMIT.test(limitParam)) return "The limit must be a number, 0 or more.";

  return {
    callbackUrl,
    challenge,
    // RFC 7636 4.3: a challenge without a method is a plain one.
    method: challenge === undefined ? undefined : (methodParam as "S256" | "plain" | undefined) ?? "plain",
    keyLabel,
    limit: limitParam === undefined ? undefined : Number(limitParam),
  };
}

/** The form fields that carry a checked request through the consent page and back. */
export function authorizationFields(request: AuthorizationRequest): [string, string][] {
  const fields: [string, string | undefined][] = [
    ["callback_url", request.callbackUrl],
    ["code_challenge", request.challenge],
    ["code_challenge_method", request.method],
    ["key_label", request.keyLabel],
    ["limit", request.limit === undefined ? undefined : String(request.limit)],
  ];
  return fields.filter((field): field is [string, string] => field[1] !== undefined);
}
