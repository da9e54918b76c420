// createWorkloadIdentity: a token source that apps hand to any client. The workload's JWT is exchanged at
// POST /oauth/token for an access token, which is held, refreshed before it expires, and given as a bearer.
import { CREATE_OAUTH_TOKEN, createOauthToken } from "../operations/create-oauth-token.js";
import type { FetchLike } from "../transport/bounded-fetch.js";
import { checkConnectionOptions, checkField, CLIENT_OPTIONS, fail, refuseUnknownOptions, requestFrom, type CallOptions, type OpenRouterOAuthOptions } from "../transport/options.js";
import { checkRetry, withRetries, type RetryOptions, type RetryRule } from "../transport/retry.js";
import { signalProblem } from "../checks/option-checks.js";
import { isSubjectToken, jwtExpiryMs, readSubjectToken, type SubjectToken } from "./subject-token.js";
import { createTokenCache, type Exchanged } from "./token-cache.js";

/** createWorkloadIdentity's options: the policy, where the JWT comes from, and how OpenRouter is reached. */
export interface WorkloadIdentityOptions extends Omit<OpenRouterOAuthOptions, "apiKey" | "retry"> {
  /** The federation policy's id, from openrouter.ai Settings → Workload identity. */
  federationPolicyId: string;
  /**
   * The workload's JWT: a source such as `fromGitHubActions({ audience })`, a function that gives one, or the JWT
   * itself. It is read again for every exchange, so a rotated file or a fresh GitHub token is picked up.
   */
  subjectToken: SubjectToken;
  /** The scope asked for: only `inference` exists, and it is OpenRouter's default. */
  scope?: "inference" | undefined;
  /**
   * How long before the token expires a refresh starts: 60 seconds unless set, and never more than half the
   * token's lifetime, so that a short-lived token is not exchanged on every call.
   */
  refreshBeforeSeconds?: number | undefined;
  /**
   * Retries of an exchange: on 429, 5xx and no response, never past the JWT's own expiry. Three attempts unless
   * set; `false` turns them off.
   */
  retry?: RetryOptions | false | undefined;
}

/** Options of one getAccessToken call. */
export interface GetAccessTokenOptions {
  /** Stops this caller's wait; an exchange under way goes on for the others. */
  signal?: AbortSignal | undefined;
}

/** What createWorkloadIdentity returns: the token, a fetch that carries it, and a way to drop a refused one. */
export interface WorkloadIdentity {
  /**
   * The access token: the held one while it is valid, else a new one exchanged now (one exchange for every caller
   * waiting). Hand it to an SDK as its key: `apiKey: wi.getAccessToken`.
   */
  getAccessToken(options?: GetAccessTokenOptions): Promise<string>;
  /**
   * A fetch that puts `Authorization: Bearer <access token>` on every request for baseUrl's origin, replacing the
   * Authorization a client set (a placeholder key, for a client that insists on one), and leaves every other
   * request as it is. A 401 answer invalidates the token the request carried; the request is not sent again.
   */
  fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response>;
  /**
   * Forgets `token` if it is the one held, so that the next call exchanges again: for a 401 that an SDK reports
   * to you, since a key function never hears of it. Any other token is ignored.
   */
  invalidate(token: string): void;
}

// The client's options but its key: a workload has none.
const { apiKey: _none, ...CONNECTION_OPTIONS } = CLIENT_OPTIONS;
const KNOWN = {
  ...CONNECTION_OPTIONS,
  federationPolicyId: 1,
  subjectToken: 1,
  scope: 1,
  refreshBeforeSeconds: 1,
} satisfies Record<keyof WorkloadIdentityOptions, 1>;

const WHERE = "createWorkloadIdentity";
const DEFAULT_REFRESH_BEFORE_SECONDS = 60;
/** An exchange's retries unless set: a few, for short outages. */
export const DEFAULT_RETRY = { attempts: 3, maxDelayMs: 10_000 };

/** One exchange's request, and how it is sent: what the token source and the CLI share. */
export interface ExchangeSettings {
  federationPolicyId: string;
  subjectToken: SubjectToken;
  scope: "inference" | undefined;
  connection: Omit<OpenRouterOAuthOptions, "apiKey" | "retry">;
  retry: Required<RetryOptions> | undefined;
  timeoutMs: number;
}

/**
 * Reads the JWT, and exchanges it, retried as `retry` says but never past the JWT's expiry. `signal` stops it (the
 * CLI's Ctrl-C); the token source gives none, as its exchange serves every caller.
 */
export async function exchangeSubjectToken(
  { federationPolicyId, subjectToken, scope, connection, retry, timeoutMs }: ExchangeSettings,
  signal?: AbortSignal,
): Promise<Exchanged> {
  const jwt = await readSubjectToken(subjectToken);
  const request = { federation_policy_id: federationPolicyId, subject_token: jwt, ...(scope ? { scope } : {}) };
  const attempt = (callOptions: CallOptions) =>
    createOauthToken(request, { ...connection, signal, timeoutMs: callOptions.timeoutMs ?? timeoutMs });
  // The token exchange's own retry policy, never past the JWT's expiry.
  const rule = { ...CREATE_OAUTH_TOKEN.retry, until: jwtExpiryMs(jwt) };
  const answer = retry ? await withRetries("createOauthToken", attempt, retry, { signal }, timeoutMs, rule) : await attempt({});
  return { accessToken: answer.access_token, expiresInSeconds: answer.expires_in };
}

/** Checks createWorkloadIdentity's own options; the connection's are checkConnectionOptions's. */
function checkOwnOptions({ federationPolicyId, subjectToken, scope, refreshBeforeSeconds = DEFAULT_REFRESH_BEFORE_SECONDS }: Partial<WorkloadIdentityOptions>) {
  if (typeof federationPolicyId !== "string" || !federationPolicyId.trim()) {
    fail(WHERE, "federationPolicyId", "federationPolicyId must be the federation policy's id, from openrouter.ai Settings → Workload identity");
  }
  if (!isSubjectToken(subjectToken)) fail(WHERE, "subjectToken", "subjectToken must be the JWT, a function that gives it, or a source such as fromGitHubActions()");
  if (scope !== undefined && scope !== "inference") fail(WHERE, "scope", 'scope must be "inference", the only scope there is');
  if (typeof refreshBeforeSeconds !== "number" || !(refreshBeforeSeconds >= 0 && refreshBeforeSeconds <= 86_400)) {
    fail(WHERE, "refreshBeforeSeconds", "refreshBeforeSeconds must be a number of seconds from 0 to 86400");
  }
  return { federationPolicyId: federationPolicyId!, subjectToken: subjectToken!, scope, refreshBeforeSeconds };
}

/**
 * A token source for OpenRouter without an API key: it exchanges the workload's JWT for a short-lived access
 * token, holds it, and exchanges again a little before it expires. Nothing is sent until a token is asked for;
 * the options are checked now.
 */
export function createWorkloadIdentity(options: WorkloadIdentityOptions): WorkloadIdentity {
  refuseUnknownOptions(options, KNOWN, WHERE);
  const { federationPolicyId, subjectToken, scope, refreshBeforeSeconds, retry, ...connection } = options ?? {};
  const own = checkOwnOptions({ federationPolicyId, subjectToken, scope, refreshBeforeSeconds });
  const settings = checkConnectionOptions(connection, WHERE);
  const retries = retry === false ? undefined : retry === undefined ? DEFAULT_RETRY : checkRetry(retry, WHERE);
  const exchange: ExchangeSettings = { ...own, connection, retry: retries, timeoutMs: settings.timeoutMs };
  const cache = createTokenCache(() => exchangeSubjectToken(exchange), own.refreshBeforeSeconds);
  const origin = new URL(settings.baseUrl).origin;

  const getAccessToken = async (callOptions?: GetAccessTokenOptions) => {
    refuseUnknownOptions(callOptions, { signal: 1 }, "getAccessToken");
    const signal = callOptions?.signal ?? undefined;
    checkField("getAccessToken", "signal", signal, signalProblem);
    return cache.get(signal);
  };

  return {
    getAccessToken,
    invalidate: (token) => cache.invalidate(token),
    async fetch(input, init) {
      const request = requestFrom(input, init);
      // Looked up per call, so that a mock installed later is honoured.
      const send: FetchLike = settings.fetch ?? ((req) => globalThis.fetch(req));
      // Any Authorization already there is replaced: a client that insists on a key was given a placeholder.
      if (new URL(request.url).origin !== origin) return send(request);
      const token = await cache.get(request.signal);
      request.headers.set("authorization", `Bearer ${token}`);
      const response = await send(request);
      // Only the token this request carried: a newer one may already be held.
      if (response.status === 401) cache.invalidate(token);
      return response;
    },
  };
}
