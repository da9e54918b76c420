// The client side of the fault tests: either operation, sent over real sockets to a FaultyServer.
import { createOpenRouterOAuth, type CallOptions, type FetchLike, type OpenRouterOAuthOptions } from "../../../src/index.js";

export type Operation = "exchangeAuthCodeForAPIKey" | "createAuthCode";
export const OPERATIONS: Operation[] = ["exchangeAuthCodeForAPIKey", "createAuthCode"];

export const API_KEY = "sk-or-v1-fault-tests-app-key-0123456789abcdef";
export const CODE = "fault-tests-authorization-code-4f1c";
export const VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

/** Sends `operation` once to `baseUrl` with the given client and call options. */
export function send(operation: Operation, baseUrl: string, options: OpenRouterOAuthOptions & CallOptions = {}): Promise<unknown> {
  const { signal, timeoutMs, headers, ...clientOptions } = options;
  const client = createOpenRouterOAuth({ apiKey: API_KEY, baseUrl, ...clientOptions });
  return operation === "exchangeAuthCodeForAPIKey"
    ? client.exchangeAuthCodeForAPIKey({ code: CODE, code_verifier: VERIFIER, code_challenge_method: "S256" }, { signal, timeoutMs, headers })
    : client.createAuthCode({ callback_url: "http://127.0.0.1:3000/callback", code_challenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", code_challenge_method: "S256" }, { signal, timeoutMs, headers });
}

/** What the exchange must say whenever its request may have reached OpenRouter. */
export const CODE_MAY_BE_USED = /The code may already have been used: start a new authorization/;

/** The real fetch, wrapped only to learn when the response headers are in: `headers` settles then. */
export function watchHeaders() {
  let headersIn!: () => void;
  const headers = new Promise<void>((resolve) => (headersIn = resolve));
  const fetch: FetchLike = async (request) => {
    const response = await globalThis.fetch(request);
    headersIn();
    return response;
  };
  return { fetch, headers };
}
