import { randomHex } from "../base/encoding.js";
import type { Operation } from "../errors/openrouter-oauth-error.js";
import { checkField, fail, refuseUnknownOptions, requestFrom } from "../transport/options.js";
import { nowProblem } from "../checks/option-checks.js";
import { computeCodeChallenge } from "../sign-in/pkce.js";
import { readAuthorizationRequest, type AuthorizationRequest } from "./authorization-request.js";
import { codePage, consentPage, messagePage } from "./consent-pages.js";
import { createAuthCodeRules, EXCHANGE_RULES, requestProblem } from "../operations/request-rules.js";
import { pageHeaders } from "../base/page.js";
import { isObject, PRINTABLE_ASCII } from "../checks/validate.js";
import { createKeyStore, type FakeKeyBooks, type KeySettings } from "./minted-keys.js";
import { createModelCalls } from "./model-calls.js";
import { bearerOf, failure, json, jsonObject } from "./answers.js";
import { createTokenExchange, failNextCode, oauthFailure, type FakeWorkloadIdentityOptions } from "./token-exchange.js";

/** The app key the fake accepts by default. Deliberately not shaped like a real key, so no secret scanner trips on it. */
export const FAKE_APP_API_KEY = "sk-or-v1-fake-app-key";
/** The user_id of every key the fake mints. */
export const FAKE_USER_ID = "user_fake";
/** The workspace of the fake account, where every key the fake knows spends: GET /key's workspace_id. */
export const FAKE_WORKSPACE_ID = "3f0c6a52-8d1e-4b7a-9c25-6e4d2b1a0f87";

/** How the fake OpenRouter behaves: the app keys it accepts, its clock and how long a code lives. */
export interface FakeOpenRouterOptions {
  /** Bearer keys that createAuthCode accepts; [FAKE_APP_API_KEY] unless set. */
  apiKeys?: string[] | undefined;
  /** The clock, in milliseconds since the epoch; Date.now unless set. Inject one to test expiry. */
  now?: (() => number) | undefined;
  /** How long a code stays valid; 10 minutes, as OpenRouter documents, unless set. */
  codeLifetimeMs?: number | undefined;
  /**
   * The identity providers and federation policies of POST /oauth/token (workload identity); without them, every
   * exchange is refused as matching no policy. Needs the jose package.
   */
  workloadIdentity?: FakeWorkloadIdentityOptions | undefined;
}

/** A fake OpenRouter: its consent page, the exchange and createAuthCode, behind one fetch handler. */
export interface FakeOpenRouter {
  /**
   * OpenRouter's side as one fetch-style handler, on any origin: GET/POST /auth (the consent page and its
   * decision), POST /api/v1/auth/keys (the exchange), POST /api/v1/auth/keys/code (createAuthCode) and
   * GET /api/v1/key (getCurrentKey, for the keys it minted, the apps' own and its access tokens), POST
   * /api/v1/oauth/token (createOauthToken) and GET /api/v1/oauth/jwks (listOauthJwks). It takes what fetch takes,
   * so it can stand in for the global fetch too.
   */
  fetch(input: Request | URL | string, init?: RequestInit): Promise<Response>;
  /**
   * The next call of `operation` answers `status` with an error body in OpenRouter's shape (RFC 6749's for
   * createOauthToken). Calls queue up.
   */
  failNext(operation: Operation, status: number): void;
  /** How many requests each operation has received, failed ones included. */
  readonly calls: Readonly<Record<Operation, number>>;
  /**
   * Revokes `key` (a minted key, an app key or an access token): from now on it gets 401 everywhere, as a key the
   * user deleted on openrouter.ai. A key the fake does not know is an InvalidRequestError.
   */
  revokeKey(key: string): void;
  /** Every key the fake knows, masked, with its limit and what it spent: the books of GET /key, for a test to read. */
  keys(): FakeKeyBooks[];
}

interface IssuedCode {
  challenge: string | undefined;
  method: "S256" | "plain" | undefined;
  expiresAt: number;
  /** What the key made from this code will be. */
  key: KeySettings;
}

const DEFAULT_LIFETIME_MS = 10 * 60 * 1000;

// The consent page posts its decision, and the callback it redirects to is on another origin.
const PAGE_HEADERS = pageHeaders(true);
const PREFLIGHT_HEADERS = {
  "access-control-allow-origin": "*",
  "access-control-allow-methods": "GET, POST",
  "access-control-allow-headers": "authorization, content-type, http-referer, x-openrouter-title, x-openrouter-categories",
  "access-control-max-age": "600",
};

const html = (status: number, body: string, headers: Record<string, string> = {}) =>
  new Response(body, { status, headers: { ...PAGE_HEADERS, ...headers } });

/** The callback URL with `params` appended; its own query (the app's state) is kept exactly as it was. */
function callbackWith(callbackUrl: string, params: Record<string, string>): string {
  const url = new URL(callbackUrl);
  const extra = new URLSearchParams(params).toString();
  url.search = url.search ? `${url.search.slice(1)}&${extra}` : extra;
  return url.href;
}


const WHERE = "createFakeOpenRouter";

function checkOptions(options: FakeOpenRouterOptions) {
  refuseUnknownOptions(options, { apiKeys: 1, now: 1, codeLifetimeMs: 1, workloadIdentity: 1 } satisfies Record<keyof FakeOpenRouterOptions, 1>, WHERE);
  const { apiKeys = [FAKE_APP_API_KEY], now = Date.now, codeLifetimeMs = DEFAULT_LIFETIME_MS, workloadIdentity } = options;
  if (!Array.isArray(apiKeys) || !apiKeys.every((key) => typeof key === "string" && PRINTABLE_ASCII.test(key))) {
    fail(WHERE, "apiKeys", "apiKeys must be an array of non-empty strings of printable ASCII without spaces");
  }
  checkField(WHERE, "now", now, nowProblem);
  if (typeof codeLifetimeMs !== "number" || !(codeLifetimeMs > 0) || !Number.isFinite(codeLifetimeMs)) {
    fail(WHERE, "codeLifetimeMs", "codeLifetimeMs must be a positive number of milliseconds");
  }
  // Checked at each reading: a clock that gives no time would otherwise fail deep inside a request.
  const clock = () => {
    const time: unknown = now();
    if (typeof time !== "number" || !Number.isFinite(time)) fail(WHERE, "now", "now must return milliseconds since the epoch, a finite number");
    return time as number;
  };
  return { apiKeys: [...apiKeys], now: clock, codeLifetimeMs, workloadIdentity };
}

/** A fresh fake OpenRouter with its own codes and counters. */
export function createFakeOpenRouter(options?: FakeOpenRouterOptions): FakeOpenRouter {
  // From JavaScript, null counts as no options.
  const { apiKeys, now, codeLifetimeMs, workloadIdentity } = checkOptions(options ?? {});
  // The client's own rules on the fake's clock, so that it refuses before sending exactly what is answered with 400.
  const createAuthCodeRequestRules = createAuthCodeRules(now);
  const codes = new Map<string, IssuedCode>();
  const minted = createKeyStore({ userId: FAKE_USER_ID, workspaceId: FAKE_WORKSPACE_ID });
  // GET /key describes any key, the app's own included.
  for (const key of apiKeys) minted.add(key, {}, "app");
  // An access token works as its policy's key until it expires.
  const tokenExchange = createTokenExchange(workloadIdentity, now, (token, key) => minted.add(token, key, "access token"));
  const modelCalls = createModelCalls(minted, now);
  const calls: Record<Operation, number> = { exchangeAuthCodeForAPIKey: 0, createAuthCode: 0, getCurrentKey: 0, createOauthToken: 0, listOauthJwks: 0 };
  const failures: Record<Operation, number[]> = { exchangeAuthCodeForAPIKey: [], createAuthCode: [], getCurrentKey: [], createOauthToken: [], listOauthJwks: [] };

  function issueCode(challenge: string | undefined, method: IssuedCode["method"], key: KeySettings): string {
    const time = now();
    // Forget codes long past their expiry (kept for a while to answer "expired" rather than "invalid").
    for (const [code, issued] of codes) if (issued.expiresAt + codeLifetimeMs <= time) codes.delete(code);
    const code = randomHex(16);
    codes.set(code, { challenge, method, expiresAt: time + codeLifetimeMs, key });
    return code;
  }

  async function exchange(request: Request): Promise<Response> {
    const body = await jsonObject(request);
    if (!body) return failure(400, "The request body must be a JSON object");
    // The client's own rules, so that it refuses before sending exactly what is answered with 400 here.
    const problem = requestProblem(EXCHANGE_RULES, body, true);
    if (problem) return failure(400, problem.message);
    const { code, code_verifier: verifier, code_challenge_method: method } = body as { code: string; code_verifier?: string; code_challenge_method?: string | null };
    const issued = codes.get(code);
    if (!issued) return failure(403, "Invalid code or code_verifier");
    if (now() >= issued.expiresAt) return failure(403, "Authorization code expired");
    // A code is spent by its first exchange attempt, failed or not, so that no retry or race can redeem it twice.
    codes.delete(code);
    if (issued.challenge !== undefined) {
      if ((method ?? "plain") !== issued.method) return failure(400, "Invalid code_challenge_method");
      if (!(await verifierMatches(issued, verifier))) return failure(403, "Invalid code or code_verifier");
    }
    const key = `sk-or-v1-${randomHex(32)}`;
    minted.add(key, issued.key);
    return json(200, { key, user_id: FAKE_USER_ID });
  }

  async function getCurrentKey(request: Request): Promise<Response> {
    const bearer = bearerOf(request);
    if (!bearer) return failure(401, "No auth credentials found");
    const data = minted.describe(bearer, now());
    return data ? json(200, { data }) : failure(401, "User not found");
  }

  async function createAuthCode(request: Request): Promise<Response> {
    const bearer = bearerOf(request);
    if (!bearer) return failure(401, "No auth credentials found");
    const app = apiKeys.indexOf(bearer);
    if (app < 0 || !minted.isValid(bearer, now())) return failure(401, "Invalid API key");
    const body = await jsonObject(request);
    if (!body) return failure(400, "The request body must be a JSON object");
    const problem = requestProblem(createAuthCodeRequestRules, body, true);
    if (problem) return failure(400, problem.message);
    const challenge = body.code_challenge as string | undefined;
    const method = challenge === undefined ? undefined : (body.code_challenge_method as "S256" | "plain" | undefined) ?? "plain";
    const code = issueCode(challenge, method, {
      limit: body.limit as number | undefined,
      limitReset: body.usage_limit_type as string | undefined,
      expiresAt: body.expires_at as string | null | undefined,
    });
    return json(200, { data: { id: code, app_id: app + 1, created_at: new Date(now()).toISOString() } });
  }

  async function authorize(request: Request): Promise<Response> {
    if (request.method !== "GET" && request.method !== "POST") {
      return html(405, messagePage("Method not allowed", "Open this page with GET; its form posts back with POST."), { allow: "GET, POST" });
    }
    let params: URLSearchParams;
    try {
      params = request.method === "GET" ? new URL(request.url).searchParams : new URLSearchParams(await request.text());
    } catch {
      return html(400, messagePage("This sign-in link is not valid", "The form's answer could not be read."));
    }
    const checked = readAuthorizationRequest(params);
    if (typeof checked === "string") return html(400, messagePage("This sign-in link is not valid", checked));
    if (request.method === "GET") return html(200, consentPage(checked));
    return decide(checked, params.get("decision"));
  }

  function decide(checked: AuthorizationRequest, decision: string | null): Response {
    const redirect = (params: Record<string, string>) =>
      new Response(null, { status: 302, headers: { location: callbackWith(checked.callbackUrl!, params), "cache-control": "no-store", "referrer-policy": "no-referrer" } });
    if (decision === "approve") {
      const code = issueCode(checked.challenge, checked.method, { limit: checked.limit });
      return checked.callbackUrl ? redirect({ code }) : html(200, codePage(code));
    }
    if (decision === "deny") {
      return checked.callbackUrl
        ? redirect({ error: "access_denied", error_description: "The user denied access to their OpenRouter account." })
        : html(200, messagePage("Access denied", "You denied access; the application gets no key. You can close this tab."));
    }
    return html(400, messagePage("No decision", "The form must send decision=approve or decision=deny."));
  }

  async function operation(name: Operation, method: string, request: Request, handle: (request: Request) => Promise<Response>) {
    // OpenRouter's API answers web pages of any origin (CORS); a preflight is not a call.
    if (request.method === "OPTIONS") return new Response(null, { status: 204, headers: PREFLIGHT_HEADERS });
    const response = await counted(name, method, request, handle);
    response.headers.set("access-control-allow-origin", "*");
    return response;
  }

  /** A model route: CORS as the others, not counted in `calls` (whose operations are the client's). */
  async function modelRoute(method: string, request: Request, handle: (request: Request) => Promise<Response>) {
    if (request.method === "OPTIONS") return new Response(null, { status: 204, headers: PREFLIGHT_HEADERS });
    const response = request.method === method ? await handle(request) : failure(405, `Method not allowed; use ${method}`, { allow: method });
    response.headers.set("access-control-allow-origin", "*");
    return response;
  }

  async function counted(name: Operation, method: string, request: Request, handle: (request: Request) => Promise<Response>) {
    calls[name]++;
    const status = failures[name].shift();
    // A 429 says when to come back, as OpenRouter's does.
    const wait = status === 429 ? { "retry-after": "1" } : undefined;
    if (status !== undefined && name === "createOauthToken") return oauthFailure(status, failNextCode(status), `Simulated failure of ${name} (failNext)`, wait);
    if (status !== undefined) return failure(status, `Simulated failure of ${name} (failNext)`, wait);
    if (request.method !== method) return failure(405, `Method not allowed; use ${method}`, { allow: method });
    return handle(request);
  }

  return {
    calls,
    revokeKey(key) {
      if (typeof key !== "string" || !minted.revoke(key)) fail("revokeKey", "key", "key must be a key the fake minted, one of its app keys or an access token it issued");
    },
    keys: () => minted.books(),
    failNext(name, status) {
      if (!Object.hasOwn(failures, name)) {
        fail("failNext", "operation", `operation must be one of ${Object.keys(failures).join(", ")}`);
      }
      if (!Number.isInteger(status) || status < 400 || status > 599) {
        fail("failNext", "status", "status must be an HTTP error status, an integer from 400 to 599");
      }
      failures[name].push(status);
    },
    async fetch(input, init) {
      const request = requestFrom(input, init);
      switch (new URL(request.url).pathname) {
        case "/auth":
          return authorize(request);
        case "/api/v1/auth/keys":
          return operation("exchangeAuthCodeForAPIKey", "POST", request, exchange);
        case "/api/v1/auth/keys/code":
          return operation("createAuthCode", "POST", request, createAuthCode);
        case "/api/v1/key":
          return operation("getCurrentKey", "GET", request, getCurrentKey);
        case "/api/v1/oauth/token":
          return operation("createOauthToken", "POST", request, tokenExchange.token);
        case "/api/v1/oauth/jwks":
          return operation("listOauthJwks", "GET", request, tokenExchange.jwks);
        case "/api/v1/chat/completions":
          return modelRoute("POST", request, modelCalls.chat);
        case "/api/v1/models":
          return modelRoute("GET", request, modelCalls.models);
        default:
          return failure(404, "Not found");
      }
    },
  };
}

async function verifierMatches(issued: IssuedCode, verifier: string | undefined): Promise<boolean> {
  if (verifier === undefined) return false;
  if (issued.method === "plain") return verifier === issued.challenge;
  try {
    return (await computeCodeChallenge(verifier)) === issued.challenge;
  } catch {
    return false; // not a well-formed verifier, so not the right one
  }
}
