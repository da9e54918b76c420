import { isOpenRouterOAuthError } from "../errors/openrouter-oauth-error.js";
import { PRINTABLE_ASCII } from "../checks/validate.js";
import { parseCallback, type CheckedCallback } from "./callback.js";

/**
 * Why a paste was not taken (the user is asked again): nothing pasted, not a code or URL, a URL of another
 * sign-in (its state differs), a URL without a code, or a code OpenRouter refused (a typo, say).
 */
export type PasteRefusal = "empty" | "unreadable" | "other-sign-in" | "no-code" | "refused";

/**
 * Turns what the user pasted into a checked callback, or says why it cannot be one. A URL (https, loopback http, or
 * an app's own scheme such as vscode://) is checked against `expectedState` (null in headless mode, which has
 * none); a bare code is taken only when `codes` allows it. A denial in a pasted URL is thrown: it is an answer, not
 * a bad paste.
 */
export function pastedCallback(pasted: unknown, expectedState: string | null, codes: boolean): CheckedCallback | PasteRefusal {
  // A URL copied from a chat or a document may come in quotes or angle brackets.
  const text = typeof pasted === "string" ? pasted.trim().replace(/^["'<‹]+|["'>›]+$/g, "") : "";
  if (!text) return "empty";
  try {
    // A scheme and a slash: a URL. A code has neither.
    if (/^[a-z][a-z\d+.-]*:\//i.test(text)) return parseCallback(text, { expectedState });
    if (!codes || !PRINTABLE_ASCII.test(text)) return "unreadable";
    const url = new URL("http://127.0.0.1/");
    url.searchParams.set("code", text);
    return parseCallback(url, { expectedState: null });
  } catch (error) {
    if (!isOpenRouterOAuthError(error, "InvalidRequestError")) throw error;
    return error.code === "state_mismatch" ? "other-sign-in" : error.field === "code" ? "no-code" : "unreadable";
  }
}
