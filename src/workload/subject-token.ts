// The workload's JWT, the subject token of the exchange: where it comes from, read afresh for every exchange.
import { isOpenRouterOAuthError } from "../errors/openrouter-oauth-error.js";
import { SubjectTokenError } from "../errors/subject-token-error.js";
import { fromBase64url } from "../base/encoding.js";

/**
 * Where a workload's JWT comes from: `getToken()` gives a fresh one each time it is called. The OpenAI SDK's
 * providers have this shape too, so they fit as they are.
 */
export interface SubjectTokenSource {
  /** The JWT, read or fetched now. */
  getToken(): Promise<string>;
}

/** The workload's JWT: the token itself, a function that gives one, or a source such as `fromGitHubActions()`. */
export type SubjectToken = string | (() => string | Promise<string>) | SubjectTokenSource;

/** Whether `value` can be a subject token: a string, a function or an object with `getToken()`. */
export const isSubjectToken = (value: unknown): value is SubjectToken =>
  typeof value === "string" || typeof value === "function" || typeof (value as SubjectTokenSource | null)?.getToken === "function";

/** `text` as a token: trimmed (a file ends with a line break), and never empty. `given` says how the source had it. */
export function usableToken(text: unknown, source: string, given = "gave"): string {
  const token = typeof text === "string" ? text.trim() : undefined;
  if (token) return token;
  const what = text === undefined ? "no token" : token === "" ? "an empty token" : `${text === null ? "null" : typeof text}, not a token`;
  throw new SubjectTokenError(`${sentenceStart(source)} ${given} ${what}.`, { source });
}

/** A source's words at the start of a sentence: "the file ..." as "The file ..."; a name of code as it is. */
const sentenceStart = (text: string) => text.replace(/^the /, "The ");

/** The token `subjectToken` stands for now, trimmed; anything that fails is a SubjectTokenError naming the source. */
export async function readSubjectToken(subjectToken: SubjectToken): Promise<string> {
  if (typeof subjectToken === "string") return usableToken(subjectToken, "the subjectToken string", "is");
  const source = typeof subjectToken === "function" ? "the subjectToken function" : "subjectToken.getToken()";
  let text: unknown;
  try {
    text = typeof subjectToken === "function" ? await subjectToken() : await subjectToken.getToken();
  } catch (error) {
    // Our sources say what failed themselves.
    if (isOpenRouterOAuthError(error, "SubjectTokenError")) throw error;
    throw new SubjectTokenError(`${sentenceStart(source)} failed, so there is no JWT to exchange.`, { source, cause: error });
  }
  return usableToken(text, source);
}

/**
 * The JWT's `exp` in epoch milliseconds, read without verifying anything, or undefined when it has none. Only
 * retries use it: no exchange starts once the JWT has expired, as OpenRouter would refuse it.
 */
export function jwtExpiryMs(jwt: string): number | undefined {
  const bytes = fromBase64url(jwt.split(".")[1] ?? "");
  if (!bytes) return undefined;
  try {
    const { exp } = JSON.parse(new TextDecoder().decode(bytes)) as { exp?: unknown };
    return typeof exp === "number" && Number.isFinite(exp) ? exp * 1000 : undefined;
  } catch {
    return undefined; // no JSON: no expiry to go by
  }
}
