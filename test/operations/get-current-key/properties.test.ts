// GET /key against any response: it settles with data or an error of ours, sends one request, maps every error
// status to its class, and hands back a 2xx body only when it has the fields the client promises.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { APIError, getCurrentKey, isOpenRouterOAuthError, OpenRouterOAuthError, ResponseValidationError, type FetchLike } from "../../../src/index.js";
import { answer, BASE_URL, PROPERTY_TIMEOUT_MS, replyArb, settings, settle, utf8, watchUnhandledRejections, type Reply } from "../../properties/support.js";
import { KEY_DATA } from "../../support/fixtures.js";

const unhandledRejections = watchUnhandledRejections();
const API_KEY = "sk-or-v1-key-for-property-tests";

async function call(reply: Reply) {
  let requests = 0;
  const fetch: FetchLike = async () => {
    requests++;
    return answer(reply);
  };
  return { ...(await settle(getCurrentKey({ apiKey: API_KEY, fetch, baseUrl: BASE_URL }))), requests };
}

/** Valid answers with one field broken (or dropped), so that the refusals are exercised field by field. */
const brokenKeyArb = fc
  .tuple(fc.constantFrom(...Object.keys(KEY_DATA)), fc.constantFrom(undefined, "text", 1, true, null, {}))
  .map(([field, value]) => ({ ...KEY_DATA, [field]: value }));

const WANTED: Record<string, (value: unknown) => boolean> = {
  label: (v) => typeof v === "string",
  limit: (v) => v === null || typeof v === "number",
  limit_remaining: (v) => v === null || typeof v === "number",
  limit_reset: (v) => v === null || typeof v === "string",
  creator_user_id: (v) => v === null || typeof v === "string",
  include_byok_in_limit: (v) => typeof v === "boolean",
  is_free_tier: (v) => typeof v === "boolean",
  is_management_key: (v) => typeof v === "boolean",
  organization_id: (v) => v === null || typeof v === "string",
  workspace_id: (v) => v === null || typeof v === "string",
  // Each region a string; which ones is OpenRouter's to extend.
  allowed_data_regions: (v) => Array.isArray(v) && v.every((region) => typeof region === "string"),
  free_model_daily_requests: (v) =>
    typeof v === "object" && v !== null && ["limit", "remaining", "used"].every((count) => Number.isInteger((v as Record<string, unknown>)[count])),
};
const fits = (data: Record<string, unknown>) =>
  Object.entries(data).every(([field, value]) => (WANTED[field] ?? ((v: unknown) => typeof v === "number"))(value));

describe("getCurrentKey against any response", () => {
  it("settles with data or an error of ours, never a raw error, and sends exactly one request", async () => {
    await fc.assert(
      fc.asyncProperty(replyArb, async (reply) => {
        const { error, requests } = await call(reply);
        expect(requests).toBe(1);
        if (error !== undefined) expect(error).toBeInstanceOf(OpenRouterOAuthError);
      }),
      settings(1000),
    );
    expect(await unhandledRejections()).toEqual([]);
  }, PROPERTY_TIMEOUT_MS);

  it("maps every status outside 2xx to an APIError carrying it", async () => {
    await fc.assert(
      fc.asyncProperty(replyArb.filter((r) => r.kind === "response" && (r.status < 200 || r.status > 299)), async (reply) => {
        const { error } = await call(reply);
        expect(isOpenRouterOAuthError(error, "APIError")).toBe(true);
        expect((error as APIError).status).toBe((reply as Extract<Reply, { kind: "response" }>).status);
        expect((error as APIError).operation).toBe("getCurrentKey");
      }),
      settings(500),
    );
  }, PROPERTY_TIMEOUT_MS);

  it("returns a 200 exactly when every promised field has its type", async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(brokenKeyArb, fc.constant(KEY_DATA)), async (data) => {
        const reply: Reply = { kind: "response", status: 200, headers: [["content-type", "application/json"]], body: utf8(JSON.stringify({ data })), chunks: 1 };
        const outcome = await call(reply);
        if (fits(data)) expect(outcome.data).toEqual({ data: JSON.parse(JSON.stringify(data)) });
        else expect(outcome.error).toBeInstanceOf(ResponseValidationError);
      }),
      settings(300),
    );
  }, PROPERTY_TIMEOUT_MS);
});
