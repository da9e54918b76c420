// The contract table: one scenario for every (operation, status) the spec documents. Each handler is typed from
// the generated paths, so it only compiles for a documented path, status and body; the suite also validates what
// each handler actually served against the spec's schema at run time.
import type { HttpHandler } from "msw";
import {
  APIError,
  BadRequestResponseError,
  ConflictResponseError,
  ForbiddenResponseError,
  InternalServerResponseError,
  ServiceUnavailableResponseError,
  TooManyRequestsResponseError,
  UnauthorizedResponseError,
} from "../../src/index.js";
import { MINTED_KEY, OAUTH_TOKEN_RESPONSE } from "../support/fixtures.js";
import { http } from "../support/msw.js";

export interface ContractScenario {
  /** The operationId, as the spec names it. */
  operationId: "exchangeAuthCodeForAPIKey" | "createAuthKeysCode" | "getCurrentKey" | "createOauthToken" | "listOauthJwks";
  status: number;
  handler: HttpHandler;
  /** The error class the user gets, or undefined when the call succeeds. */
  expected?: typeof APIError;
}

const requestId = { "x-request-id": "req_contract_1" };

export const CONTRACT: ContractScenario[] = [
  {
    operationId: "exchangeAuthCodeForAPIKey",
    status: 200,
    handler: http.post("/auth/keys", ({ response }) => response(200).json({ key: MINTED_KEY, user_id: "user_2kP9mZ" })),
  },
  {
    operationId: "exchangeAuthCodeForAPIKey",
    status: 400,
    expected: BadRequestResponseError,
    handler: http.post("/auth/keys", ({ response }) =>
      response(400).json({ error: { code: 400, message: "Invalid code_challenge_method" } }, { headers: requestId })),
  },
  {
    operationId: "exchangeAuthCodeForAPIKey",
    status: 403,
    expected: ForbiddenResponseError,
    handler: http.post("/auth/keys", ({ response }) =>
      response(403).json({ error: { code: 403, message: "Invalid code or code_verifier", metadata: null }, user_id: null })),
  },
  {
    operationId: "exchangeAuthCodeForAPIKey",
    status: 405,
    expected: APIError,
    handler: http.post("/auth/keys", ({ response }) =>
      response(405).json({ error: { code: 405, message: "Method not allowed: use POST over HTTPS" } }, { headers: { allow: "POST" } })),
  },
  {
    operationId: "exchangeAuthCodeForAPIKey",
    status: 500,
    expected: InternalServerResponseError,
    handler: http.post("/auth/keys", ({ response }) =>
      response(500).json({ error: { code: 500, message: "Internal Server Error" }, openrouter_metadata: { region: "iad" } })),
  },
  {
    operationId: "createAuthKeysCode",
    status: 200,
    handler: http.post("/auth/keys/code", ({ response }) =>
      response(200).json({ data: { id: "auth_code_9x8y7w", app_id: 4242, created_at: "2026-08-22T10:00:00Z" } })),
  },
  {
    operationId: "createAuthKeysCode",
    status: 400,
    expected: BadRequestResponseError,
    handler: http.post("/auth/keys/code", ({ response }) =>
      response(400).json({ error: { code: 400, message: "callback_url must use https or localhost" } }, { headers: requestId })),
  },
  {
    operationId: "createAuthKeysCode",
    status: 401,
    expected: UnauthorizedResponseError,
    handler: http.post("/auth/keys/code", ({ response }) =>
      response(401).json({ error: { code: 401, message: "No auth credentials found" } }, { headers: { "www-authenticate": "Bearer" } })),
  },
  {
    operationId: "createAuthKeysCode",
    status: 403,
    expected: ForbiddenResponseError,
    handler: http.post("/auth/keys/code", ({ response }) =>
      response(403).json({ error: { code: 403, message: "This key may not create authorization codes", metadata: { reason: "scope" } } })),
  },
  {
    operationId: "createAuthKeysCode",
    status: 409,
    expected: ConflictResponseError,
    handler: http.post("/auth/keys/code", ({ response }) =>
      response(409).json({ error: { code: 409, message: "App was modified concurrently; try again" } })),
  },
  {
    operationId: "createAuthKeysCode",
    status: 500,
    expected: InternalServerResponseError,
    handler: http.post("/auth/keys/code", ({ response }) =>
      response(500).json({ error: { code: 500, message: "Internal Server Error" }, user_id: "user_2kP9mZ" })),
  },
  {
    operationId: "getCurrentKey",
    status: 200,
    handler: http.get("/key", ({ response }) =>
      response(200).json({
        data: {
          label: "Example App on laptop",
          limit: 5,
          limit_remaining: 3.75,
          limit_reset: "monthly",
          usage: 1.25,
          usage_daily: 0.5,
          usage_weekly: 1,
          usage_monthly: 1.25,
          byok_usage: 0,
          byok_usage_daily: 0,
          byok_usage_weekly: 0,
          byok_usage_monthly: 0,
          include_byok_in_limit: false,
          is_free_tier: false,
          is_management_key: false,
          is_provisioning_key: false,
          creator_user_id: "user_2kP9mZ",
          expires_at: "2030-01-31T23:59:59Z",
          rate_limit: { requests: -1, interval: "10s", note: "Deprecated; safe to ignore." },
        },
      })),
  },
  {
    operationId: "getCurrentKey",
    status: 401,
    expected: UnauthorizedResponseError,
    handler: http.get("/key", ({ response }) =>
      response(401).json({ error: { code: 401, message: "User not found" } }, { headers: { "www-authenticate": "Bearer" } })),
  },
  {
    operationId: "getCurrentKey",
    status: 500,
    expected: InternalServerResponseError,
    handler: http.get("/key", ({ response }) =>
      response(500).json({ error: { code: 500, message: "Internal Server Error", metadata: null }, openrouter_metadata: null })),
  },
  {
    operationId: "createOauthToken",
    status: 200,
    handler: http.post("/oauth/token", ({ response }) => response(200).json(OAUTH_TOKEN_RESPONSE, { headers: { "cache-control": "no-store" } })),
  },
  {
    operationId: "createOauthToken",
    status: 400,
    expected: BadRequestResponseError,
    handler: http.post("/oauth/token", ({ response }) =>
      response(400).json({ error: "invalid_grant", error_description: "The subject token matches no federation policy" }, { headers: { "cache-control": "no-store" } })),
  },
  {
    operationId: "createOauthToken",
    status: 429,
    expected: TooManyRequestsResponseError,
    handler: http.post("/oauth/token", ({ response }) =>
      response(429).json({ error: "temporarily_unavailable", error_description: "Too many token exchanges" }, { headers: { "retry-after": "2" } })),
  },
  {
    operationId: "createOauthToken",
    status: 500,
    expected: InternalServerResponseError,
    handler: http.post("/oauth/token", ({ response }) =>
      response(500).json({ error: "server_error", error_description: "Internal Server Error" }, { headers: requestId })),
  },
  {
    operationId: "createOauthToken",
    status: 503,
    expected: ServiceUnavailableResponseError,
    handler: http.post("/oauth/token", ({ response }) =>
      response(503).json({ error: "temporarily_unavailable", error_description: "Token exchange is unavailable" }, { headers: { "retry-after": "30" } })),
  },
  {
    operationId: "listOauthJwks",
    status: 200,
    handler: http.get("/oauth/jwks", ({ response }) =>
      response(200).json({
        keys: [
          {
            kty: "EC",
            crv: "P-256",
            alg: "ES256",
            use: "sig",
            kid: "or-2026-09",
            x: "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",
            y: "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0",
          },
        ],
      })),
  },
  {
    operationId: "listOauthJwks",
    status: 500,
    expected: InternalServerResponseError,
    handler: http.get("/oauth/jwks", ({ response }) =>
      response(500).json({ error: { code: 500, message: "Internal Server Error" } })),
  },
];

export const scenarioName = ({ operationId, status }: { operationId: string; status: number }) => `${operationId} ${status}`;
