// What the CLI says when something fails: one sentence in the user's words. The library's messages are written
// for developers (they name functions and fields), and may be reworded: each sentence here is chosen by the
// error's class and `code` (and its fields: `reason`, `status`, `field`), never by the words of a message.
import type { ConnectionError } from "../errors/connection-error.js";
import { isOpenRouterOAuthError } from "../errors/openrouter-oauth-error.js";
import { excerptOf } from "../errors/excerpt.js";
import type { PasteRefusal } from "../node/login.js";

export interface FailureContext {
  /** The --port asked for, to name it when it is taken. */
  port?: number | undefined;
  /** The API's host, to name it when it cannot be reached. */
  host?: string | undefined;
  /** The user gave --base-url (not the default one): a host that refuses or does not resolve is then likely a typo. */
  baseUrlGiven?: boolean | undefined;
  /** How long the sign-in waited, to say so when nobody signed in. */
  timeoutMs?: number | undefined;
  /** What was cancelled when the user interrupts: "Sign-in" unless set. */
  doing?: string | undefined;
}

/** A duration as the user gave it: `300 s`, `0.5 s`. */
export const seconds = (ms: number) => `${Number((ms / 1000).toFixed(3))} s`;

const USD = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", minimumFractionDigits: 2, maximumFractionDigits: 4 });

/** An amount of US dollars: `$2.50`, `$0.0012`. */
export const dollars = (amount: number) => USD.format(amount);

const COUNT = new Intl.NumberFormat("en-US");

/** A number of things, grouped by thousands: `1,000`. */
export const count = (amount: number) => COUNT.format(amount);

/**
 * Text that came from outside (OpenRouter's answers, a pasted URL) as the terminal is given it: each control
 * character shown as "?", so that none can move the cursor or rewrite what is shown.
 */
export const printable = (text: string) => text.replace(/[\u0000-\u001f\u007f-\u009f]/g, "?");

/** Why the command failed, as one sentence. Our errors never carry a secret; anything else is named, not dumped. */
export function sayWhy(error: unknown, context: FailureContext = {}): string {
  if (!isOpenRouterOAuthError(error)) {
    return `Something unexpected went wrong (${error instanceof Error ? error.name : typeof error}); please report it.`;
  }
  // Kept apart: the type guards below narrow `error` to never once every class has been ruled out.
  const { operation, code } = error;
  const { field } = error as { field?: string | undefined };
  if (isOpenRouterOAuthError(error, "AuthorizationDeniedError")) {
    return error.error === "access_denied"
      ? "You declined on OpenRouter; no key was created."
      : `OpenRouter did not authorize the sign-in (${excerptOf(error.error)}); no key was created.`;
  }
  if (isOpenRouterOAuthError(error, "UnauthorizedResponseError") && operation === "getCurrentKey") {
    return "OpenRouter does not know this key: it may be mistyped, revoked or expired.";
  }
  if (isOpenRouterOAuthError(error, "APIError") && operation === "exchangeAuthCodeForAPIKey") {
    if (error.status === 403) return "OpenRouter refused the code (it was used, expired, or came from another sign-in). Run login again.";
    if (error.status === 400) return "OpenRouter refused the sign-in request as malformed. Run login again.";
    return `OpenRouter failed while creating the key (HTTP ${error.status}), so no key can be trusted to exist; run login again.`;
  }
  if (isOpenRouterOAuthError(error, "APIError") && operation === "createOauthToken") return sayExchangeRefused(error);
  if (isOpenRouterOAuthError(error, "APIError")) {
    const later = error.status === 429 || error.status >= 500 ? "; try again later" : "";
    return `OpenRouter answered with an error (HTTP ${error.status}${error.error?.message ? `: ${error.error.message.replace(/\.$/, "")}` : ""})${later}.`;
  }
  if (isOpenRouterOAuthError(error, "ConnectionError")) return sayUnreached(error, context);
  if (isOpenRouterOAuthError(error, "RequestTimeoutError")) {
    if (operation) return "OpenRouter did not answer in time; try again.";
    return `Nobody finished signing in within ${context.timeoutMs === undefined ? "the time allowed" : seconds(context.timeoutMs)}; run login again.`;
  }
  if (isOpenRouterOAuthError(error, "RequestAbortedError")) return `${context.doing ?? "Sign-in"} cancelled.`;
  if (isOpenRouterOAuthError(error, "ResponseValidationError")) {
    return operation === "exchangeAuthCodeForAPIKey"
      ? "OpenRouter's answer was not what this tool expects, but a key may have been created: check your keys at https://openrouter.ai/settings/keys."
      : "OpenRouter's answer was not what this tool expects; try again later.";
  }
  // The workload's token source is named by the message, which is written for people (no function name) and says
  // what to fix; nothing here depends on its words.
  if (isOpenRouterOAuthError(error, "SubjectTokenError")) return error.message;
  const port = context.port === undefined ? "The port" : `Port ${context.port}`;
  if (code === "port_in_use") return `${port} is in use; try another --port, or leave it out.`;
  if (code === "port_not_permitted") return `${port} needs privileges you do not have; try another --port, or leave it out.`;
  if (code === "port_unavailable") return `${port} cannot be listened on; try another --port, or leave it out.`;
  if (field === "stdin") return "Standard input ended before a code was pasted.";
  // The CLI checks every value it passes by the library's own rules, so a refusal left here is a fault of its own.
  return `Something unexpected went wrong (${(error as Error).name}: ${code}${field ? `, ${field}` : ""}); please report it.`;
}

/** Why no answer came from OpenRouter, by the error's `reason`: what failed, and what to check. */
function sayUnreached(error: ConnectionError, context: FailureContext): string {
  const where = context.host ? ` at ${context.host}` : "";
  // A refused connection, a name that does not resolve or a blocked port mostly means a mistyped --base-url.
  const check = context.baseUrlGiven ? "check --base-url" : "check your network and try again";
  switch (error.reason) {
    case "refused":
      return `OpenRouter${where} refused the connection (nothing listens there); ${check}.`;
    case "dns":
      return `Could not find OpenRouter${where}: its host name does not resolve (DNS); ${check}.`;
    case "blocked-port":
      return `Could not reach OpenRouter${where}: fetch refuses to connect to that port, as browsers do; ${check}.`;
    case "unreachable":
      return `Could not reach OpenRouter${where}: the network or the host is unreachable; check your network and try again.`;
    case "timeout":
      return `OpenRouter${where} did not answer in time; check your network and try again.`;
    case "tls":
      return `The secure connection to OpenRouter${where} failed (TLS: a certificate not trusted, or no TLS there); ${context.baseUrlGiven ? "check --base-url" : "check your network"}.`;
  }
  // Only an exchange that may have reached OpenRouter may have spent its code.
  if (error.operation === "exchangeAuthCodeForAPIKey" && !error.notSent) {
    return `The connection to OpenRouter${where} ${error.reason === "reset" ? "was cut" : "broke"} while creating the key; run login again.`;
  }
  if (error.reason === "reset") return `The connection to OpenRouter${where} was closed or reset; try again.`;
  return `Could not reach OpenRouter${where}; check your network and try again.`;
}

/** Why OpenRouter refused to exchange a workload's JWT, by the OAuth error code its answer carries. */
function sayExchangeRefused(error: { status: number; oauthError?: string | undefined }): string {
  switch (error.oauthError) {
    case "invalid_grant":
      return "OpenRouter refused the JWT (invalid_grant): its issuer, subject or audience matches no federation policy, or it has expired.";
    case "invalid_scope":
      return "OpenRouter refused the scope asked for (invalid_scope).";
    case "invalid_request":
      return "OpenRouter refused the exchange as malformed (invalid_request): check --federation-policy.";
    default: {
      const code = error.oauthError ? `: ${error.oauthError}` : "";
      const later = error.status === 429 || error.status >= 500 ? "; try again later" : "";
      return `OpenRouter refused the exchange (HTTP ${error.status}${code})${later}.`;
    }
  }
}

/** What the CLI says when a paste is refused; the user is then asked again. */
export function sayPasteRefused(reason: PasteRefusal, headless: boolean): string {
  switch (reason) {
    case "empty":
      return "Nothing was pasted; paste the code OpenRouter shows, then press Enter.";
    case "unreadable":
      return headless
        ? "That does not look like a code; paste the code OpenRouter shows, exactly as shown."
        : "That is not an address; paste the whole address from the browser's address bar.";
    case "other-sign-in":
      return "That address belongs to another sign-in; paste the address of the page this sign-in sent you to.";
    case "no-code":
      return "That address carries no code; paste the address of the page OpenRouter sent you to after you authorized.";
    case "refused":
      return "OpenRouter refused that code (a typo, or a code already used); paste it again exactly as shown.";
  }
}
