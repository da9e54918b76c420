import { describe, expect, it } from "vitest";
import { documentedResponses, requestErrors, responseErrors } from "./spec.js";

describe("the spec helper", () => {
  it("lists every documented status of every operation", () => {
    expect(documentedResponses().map(({ operationId, status }) => `${operationId} ${status}`)).toEqual([
      "exchangeAuthCodeForAPIKey 200",
      "exchangeAuthCodeForAPIKey 400",
      "exchangeAuthCodeForAPIKey 403",
      "exchangeAuthCodeForAPIKey 405",
      "exchangeAuthCodeForAPIKey 500",
      "createAuthKeysCode 200",
      "createAuthKeysCode 400",
      "createAuthKeysCode 401",
      "createAuthKeysCode 403",
      "createAuthKeysCode 409",
      "createAuthKeysCode 500",
      "getCurrentKey 200",
      "getCurrentKey 401",
      "getCurrentKey 500",
      "createOauthToken 200",
      "createOauthToken 400",
      "createOauthToken 429",
      "createOauthToken 500",
      "createOauthToken 503",
      "listOauthJwks 200",
      "listOauthJwks 500",
    ]);
  });

  it("accepts bodies of the documented shape and rejects others", () => {
    expect(responseErrors("/auth/keys", 200, { key: "sk-or-v1-x", user_id: null })).toEqual([]);
    expect(responseErrors("/auth/keys", 200, { key: "sk-or-v1-x" })).not.toEqual([]);
    expect(responseErrors("/auth/keys/code", 409, { error: { code: 409, message: "conflict" } })).toEqual([]);
    expect(responseErrors("/auth/keys/code", 409, { error: { message: "conflict" } })).not.toEqual([]);
    expect(responseErrors("/key", 401, { error: { code: 401, message: "User not found" } })).toEqual([]);
    expect(responseErrors("/key", 200, { data: { label: "x" } })).not.toEqual([]);
    expect(requestErrors("/auth/keys", { code: "c", code_challenge_method: null })).toEqual([]);
    expect(requestErrors("/auth/keys", { code_verifier: "v" })).not.toEqual([]);
    expect(requestErrors("/auth/keys/code", { callback_url: "https://a.example/cb", usage_limit_type: "yearly" })).not.toEqual([]);
  });

  it("checks request formats and refuses unknown request fields", () => {
    expect(requestErrors("/auth/keys/code", { callback_url: "https://a.example/cb", workspace_id: "not-a-uuid" })).toEqual(["/workspace_id must match format \"uuid\""]);
    expect(requestErrors("/auth/keys/code", { callback_url: "not a uri" })).toEqual(["/callback_url must match format \"uri\""]);
    expect(requestErrors("/auth/keys/code", { callback_url: "https://a.example/cb", expires_at: "tomorrow" })).toEqual(["/expires_at must match format \"date-time\""]);
    expect(requestErrors("/auth/keys", { code: "c", extra: 1 })).toEqual(["/ must NOT have additional properties"]);
    expect(requestErrors("/oauth/token", { federation_policy_id: "p", subject_token: "a.b.c" })).toEqual([
      "/ must have required property 'grant_type'",
      "/ must have required property 'subject_token_type'",
    ]);
  });
});
