// Values the client tests share. The secrets are long and distinctive so that finding one in printed output
// cannot be a coincidence.
import { inspect } from "node:util";
import { expect } from "vitest";
import type { CreateAuthCodeRequest, CreateOauthTokenRequest, ExchangeAuthCodeForAPIKeyRequest } from "../../src/index.js";

/** The app's own OpenRouter key, used by createAuthCode. */
export const APP_KEY = "sk-or-v1-appkey0000000000000000000000000000000000000000000000000001";
/** The single-use authorization code from the callback. */
export const CODE = "authcode-7f3e9a1c2b4d6e8f0a1b2c3d4e5f6a7b";
/** RFC 7636 Appendix B verifier and its S256 challenge. */
export const VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
export const CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
/** The user's key that a successful exchange mints. */
export const MINTED_KEY = "sk-or-v1-userkey111111111111111111111111111111111111111111111111112";

/** A workload's JWT from its identity provider, the token exchange's subject token. */
export const SUBJECT_TOKEN =
  "eyJhbGciOiJFUzI1NiIsImtpZCI6InN1YmplY3QifQ.eyJzdWIiOiJyZXBvOmV4YW1wbGUvYXBwIn0.c3ViamVjdC10b2tlbi1zaWduYXR1cmUtMDAwMQ";
/** The access token a successful token exchange gives. */
export const ACCESS_TOKEN = "eyJhbGciOiJFUzI1NiIsImtpZCI6Im9yIn0.eyJzdWIiOiJhY2Nlc3MifQ.YWNjZXNzLXRva2VuLXNpZ25hdHVyZS0wMDAy";

export const SECRETS = {
  apiKey: APP_KEY,
  code: CODE,
  code_verifier: VERIFIER,
  "minted key": MINTED_KEY,
  "subject token": SUBJECT_TOKEN,
  "access token": ACCESS_TOKEN,
};

/** What GET /key says of a key: every field it must answer, none of those that may be missing. */
export const KEY_DATA = {
  label: "sk-or-v1-abc...wxyz",
  limit: 5,
  limit_remaining: 4,
  limit_reset: "monthly",
  usage: 1,
  usage_daily: 0,
  usage_weekly: 1,
  usage_monthly: 1,
  byok_usage: 0,
  byok_usage_daily: 0,
  byok_usage_weekly: 0,
  byok_usage_monthly: 0,
  include_byok_in_limit: false,
  is_free_tier: true,
  is_management_key: false,
  creator_user_id: null,
  allowed_data_regions: ["global"],
  free_model_daily_requests: { limit: 1000, remaining: 990, used: 10 },
  organization_id: null,
  workspace_id: "6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b",
};

export const EXCHANGE_INPUT = {
  code: CODE,
  code_verifier: VERIFIER,
  code_challenge_method: "S256",
} as const satisfies ExchangeAuthCodeForAPIKeyRequest;

export const CREATE_INPUT = {
  callback_url: "https://app.example/oauth/callback?state=s1",
  code_challenge: CHALLENGE,
  code_challenge_method: "S256",
  limit: 5,
  expires_at: "2999-12-31T23:59:59Z",
  key_label: "Example App on laptop",
  usage_limit_type: "monthly",
  workspace_id: "0b8f6a9e-3c1d-4e2f-9a7b-5c6d7e8f9a0b",
} as const satisfies CreateAuthCodeRequest;

export const OAUTH_TOKEN_INPUT = {
  federation_policy_id: "4b2f7d1e-8c3a-4e5f-9a6b-1c2d3e4f5a6b",
  subject_token: SUBJECT_TOKEN,
  scope: "inference",
} as const satisfies CreateOauthTokenRequest;

/** What the token exchange sends for OAUTH_TOKEN_INPUT: the input, with the grant and the subject token type. */
export const OAUTH_TOKEN_FORM = {
  grant_type: "urn:ietf:params:oauth:grant-type:token-exchange",
  subject_token_type: "urn:ietf:params:oauth:token-type:jwt",
  ...OAUTH_TOKEN_INPUT,
};

/** A token exchange's answer. */
export const OAUTH_TOKEN_RESPONSE = {
  access_token: ACCESS_TOKEN,
  expires_in: 300,
  issued_token_type: "urn:ietf:params:oauth:token-type:access_token",
  scope: "inference",
  token_type: "Bearer",
} as const;

/** Client options with everything a request can carry, attribution included. */
export const CLIENT_OPTIONS = {
  apiKey: APP_KEY,
  httpReferer: "https://app.example",
  appTitle: "Example App",
};

/** Every way a person or a log can print an error. */
export const printed = (err: unknown): Record<string, string> => ({
  message: (err as Error).message,
  "String(err)": String(err),
  "JSON.stringify(err)": JSON.stringify(err),
  "util.inspect(err)": inspect(err, { depth: Infinity }),
  // What a debugger shows when the error is expanded: non-enumerable properties too.
  "util.inspect(err, { showHidden: true })": inspect(err, { depth: Infinity, showHidden: true }),
});

/** Asserts that no secret appears in any printed form of `err`. */
export function expectNoSecretIn(err: unknown, secrets: Record<string, string> = SECRETS): void {
  for (const [form, text] of Object.entries(printed(err))) {
    for (const [name, secret] of Object.entries(secrets)) {
      expect(text.includes(secret), `${name} printed by ${form}: ${text}`).toBe(false);
    }
  }
}

/** The rejection of `promise`, which must reject. */
export async function rejectionOf(promise: Promise<unknown>): Promise<any> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error("expected the call to fail, but it succeeded");
}

/** What `make` throws, which it must, synchronously; given `type`, the error must be one (subclasses included). */
export function thrownBy<E = any>(make: () => unknown, type?: abstract new (...args: any[]) => E): E {
  let threw = false;
  let thrown: unknown;
  try {
    make();
  } catch (err) {
    threw = true;
    thrown = err;
  }
  if (!threw) throw new Error("expected the call to throw, but it returned");
  if (type) expect(thrown).toBeInstanceOf(type);
  return thrown as E;
}
