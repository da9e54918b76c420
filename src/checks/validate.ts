// Small checks shared by the client, the authorization URL, the listener and the fake.
import type { Check } from "./check.js";

/**
 * What an API key (given, or minted by the exchange), an access token or a pasted code is made of: printable ASCII,
 * no spaces, as a header value allows, and nothing that could add a line to a file or rewrite a terminal.
 */
export const PRINTABLE_ASCII = /^[\x21-\x7e]+$/;

/** RFC 7636 section 4.1: a verifier is 43 to 128 characters of this alphabet; so is a challenge. */
const PKCE_VALUE = /^[A-Za-z0-9._~-]{43,128}$/;
/** Where createAuthCode takes a plain-http callback: these two hosts, on any port (OpenRouter's facts name no [::1]). */
const CALLBACK_HOSTS = ["localhost", "127.0.0.1"];
/** Where a page of our own (the fake's authorization page), or an app's callback, may be on plain http: [::1] too (RFC 8252 7.3). */
const LOOPBACK_HOSTS = ["localhost", "127.0.0.1", "[::1]"];

/** Whether `value` is a plain object, as a JSON body or one of its fields may be: not null, not an array. */
export const isObject = (value: unknown): value is Record<string, any> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * The first name in `given` that `known` lacks, with what to say of it, or undefined. Such a name is most likely a
 * typo (`baseURL`, `codeVerifier`), so the known name it is closest to is offered. `kind` is what the names are.
 */
export function unknownName(given: object, known: object, kind: "field" | "option"): { name: string; message: string } | undefined {
  const names = Object.keys(known);
  const folded = (name: string) => name.replace(/_/g, "").toLowerCase();
  for (const name of Object.keys(given)) {
    if (Object.hasOwn(known, name)) continue;
    const near = names.find((candidate) => folded(candidate) === folded(name));
    return { name, message: `unknown ${kind} "${name}"${near ? ` (did you mean "${near}"?)` : ""}; expected ${names.join(", ")}` };
  }
  return undefined;
}

/** Whether `value` is an absolute http(s) URL, as a base URL must be. */
export const isHttpUrl = (value: unknown): value is string =>
  typeof value === "string" && /^https?:\/\/[^/]/.test(value) && URL.canParse(value);

/**
 * Why `value` cannot be an API's base URL, or undefined when it can. A user or password would travel with every
 * call and show in every log of it; a query, a fragment or a space would end up in front of each operation's path.
 */
export const baseUrlProblem: Check = (value) =>
  isHttpUrl(value) && !/^\w+:\/\/[^/]*@|[?#\s]/.test(value)
    ? undefined
    : "must be an absolute http(s) URL without a user, password, query or fragment, like https://openrouter.ai/api/v1";

/** Schemes no callback may have: they run script, read local files or blobs, or reach no app. */
const REFUSED_SCHEMES = /^(javascript|vbscript|data|file|blob|about|wss?):$/;

/**
 * The check of a URL that must be https, or http on one of `hosts`: why a value cannot be one, or undefined. With
 * `apps`, also a scheme an app registers (vscode:, chrome-extension:, com.example.app: as RFC 8252 7.1 has it),
 * but never with a user or password (a link that misleads) nor a fragment (RFC 6749 3.1.2).
 */
const secureUrl = (hosts: readonly string[], apps?: boolean): Check => (value) => {
  const url = typeof value === "string" && URL.canParse(value) ? new URL(value) : undefined;
  return url && (url.protocol === "https:" || (url.protocol === "http:" ? hosts.includes(url.hostname) : apps && !REFUSED_SCHEMES.test(url.protocol))) &&
    !(apps && ((value as string).includes("#") || url.username || url.password))
    ? undefined
    : `must be an absolute https URL, ${apps ? "" : "or "}an http URL on ${hosts.slice(0, -1).join(", ")} or ${hosts.at(-1)}` +
      (apps ? ", or your app's own scheme like vscode://publisher.extension/callback (not javascript:, data:, file: or the like), with no user, password or fragment" : "");
};

/** Why `value` cannot be createAuthCode's callback_url, or undefined when it can: https, or http on localhost or 127.0.0.1. */
export const callbackUrlProblem = /* @__PURE__ */ secureUrl(CALLBACK_HOSTS);

/** Why `value` cannot be an authorization page's URL: https, or http on a loopback host, [::1] included. */
export const authUrlProblem = /* @__PURE__ */ secureUrl(LOOPBACK_HOSTS);

/**
 * Why `value` cannot be an app's callback URL on the authorization page, or undefined when it can: https, http on
 * a loopback host, or the app's own scheme (vscode://…, chrome-extension://…, com.example.app:/…).
 */
export const appCallbackUrlProblem = /* @__PURE__ */ secureUrl(LOOPBACK_HOSTS, true);

/** Why `value` cannot be a PKCE verifier, or challenge (RFC 7636 4.1), or undefined when it can. */
export const pkceValueProblem: Check = (value) =>
  typeof value === "string" && PKCE_VALUE.test(value) ? undefined : "must be 43 to 128 characters of A-Z a-z 0-9 - . _ ~ (RFC 7636)";
