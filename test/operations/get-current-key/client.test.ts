// getCurrentKey's own rules, through the public API (the contract suite covers each documented status), and
// keyLinks.
import { describe, expect, it } from "vitest";
import {
  createOpenRouterOAuth,
  getCurrentKey,
  InvalidRequestError,
  keyLinks,
  ResponseValidationError,
  ServiceUnavailableResponseError,
  UnauthorizedResponseError,
} from "../../../src/index.js";
import { expectNoSecretIn, KEY_DATA, MINTED_KEY, rejectionOf } from "../../support/fixtures.js";
import { http, sent, server, useMockServer } from "../../support/msw.js";

useMockServer();

/** A fetch that answers the statuses in turn (a 200 with a key's data), and counts the requests. */
function answering(...statuses: number[]) {
  let requests = 0;
  const fetch = async () => {
    const status = statuses[Math.min(requests++, statuses.length - 1)]!;
    return status === 200 ? Response.json({ data: KEY_DATA }) : new Response(null, { status });
  };
  return { fetch, count: () => requests };
}

describe("getCurrentKey", () => {
  it("refuses to run without a key, sending nothing", async () => {
    const error = await rejectionOf(createOpenRouterOAuth().getCurrentKey());
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect(error.field).toBe("apiKey");
    expect(await rejectionOf(getCurrentKey({} as never))).toBeInstanceOf(InvalidRequestError);
    expect((await rejectionOf(getCurrentKey({} as never))).field).toBe("apiKey");
    expect(await rejectionOf(getCurrentKey(null as never))).toBeInstanceOf(InvalidRequestError);
    expect(sent).toHaveLength(0);
  });

  it("is sent once unless retries are asked for", async () => {
    const { fetch, count } = answering(503, 200);
    const error = await rejectionOf(getCurrentKey({ apiKey: MINTED_KEY, fetch }));
    expect(error).toBeInstanceOf(ServiceUnavailableResponseError);
    expect(error).toMatchObject({ status: 503, operation: "getCurrentKey" });
    expect(count()).toBe(1);
  });

  it("retries a 503 when asked, being a GET, standalone and on the client alike", async () => {
    const standalone = answering(503, 200);
    expect((await getCurrentKey({ apiKey: MINTED_KEY, fetch: standalone.fetch, retry: { attempts: 2, maxDelayMs: 0 } })).data.label).toBe(KEY_DATA.label);
    expect(standalone.count()).toBe(2);
    const onClient = answering(503, 200);
    const oauth = createOpenRouterOAuth({ apiKey: MINTED_KEY, fetch: onClient.fetch, retry: { attempts: 2, maxDelayMs: 0 } });
    expect((await oauth.getCurrentKey()).data.label).toBe(KEY_DATA.label);
    expect(onClient.count()).toBe(2);
  });

  it("refuses bad retry options, naming itself", async () => {
    const error = await rejectionOf(getCurrentKey({ apiKey: MINTED_KEY, retry: { attempts: 0 } }));
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect(error.field).toBe("retry");
    expect(error.message).toMatch(/^getCurrentKey: retry /);
  });

  it("sends the key asked about as the bearer token, and never prints it, even when the server echoes it", async () => {
    server.use(http.get("/key", ({ request, response }) =>
      response(401).json({ error: { code: 401, message: `Unknown key ${request.headers.get("authorization")}` } })));
    const error = await rejectionOf(getCurrentKey({ apiKey: MINTED_KEY }));
    expect(sent[0]!.headers.get("authorization")).toBe(`Bearer ${MINTED_KEY}`);
    expect(error).toBeInstanceOf(UnauthorizedResponseError);
    expect(error.operation).toBe("getCurrentKey");
    expectNoSecretIn(error, { key: MINTED_KEY });
  });

  // The spec's shape of CurrentKey, as generated: required fields, types, null where allowed, and the fields
  // that may be missing (expires_at) or that OpenRouter may drop (the deprecated ones) checked only when present.
  it.each([
    ["no label", { label: undefined }, "has no data.label"],
    ["a numeric label", { label: 7 }, "has a data.label that is not a string"],
    ["a limit as text", { limit: "lots" }, "has a data.limit that is neither a number nor null"],
    ["a null usage", { usage: null }, "has a data.usage that is not a number"],
    ["a boolean as text", { is_free_tier: "no" }, "has a data.is_free_tier that is not true or false"],
    ["a numeric creator", { creator_user_id: 1 }, "has a data.creator_user_id that is neither a string nor null"],
    ["an expiry that is not text", { expires_at: 0 }, "has a data.expires_at that is neither a string nor null"],
    ["a deprecated flag of the wrong type", { is_provisioning_key: "yes" }, "has a data.is_provisioning_key that is not true or false"],
    ["a rate_limit without its fields", { rate_limit: {} }, "has no data.rate_limit.requests"],
    ["data regions that are not a list", { allowed_data_regions: "global" }, "has a data.allowed_data_regions that is not an array"],
    ["a data region that is not text", { allowed_data_regions: ["global", 1] }, "has a data.allowed_data_regions[1] that is not a string"],
    ["no free-model requests", { free_model_daily_requests: undefined }, "has no data.free_model_daily_requests"],
    ["free-model requests left that are not whole", { free_model_daily_requests: { limit: 1000, remaining: 9.5, used: 10 } }, "has a data.free_model_daily_requests.remaining that is not a whole number"],
    ["a numeric organization", { organization_id: 1 }, "has a data.organization_id that is neither a string nor null"],
    ["no workspace", { workspace_id: undefined }, "has no data.workspace_id"],
  ])("refuses a 200 with %s", async (_, change, problem) => {
    server.use(http.get("/key", ({ response }) => response.untyped(Response.json({ data: { ...KEY_DATA, ...change } }))));
    const error = await rejectionOf(getCurrentKey({ apiKey: MINTED_KEY }));
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(error.message).toContain(`the body ${problem}.`);
  });

  it("takes a 200 without the fields that may be missing: expires_at and the deprecated ones", async () => {
    server.use(http.get("/key", ({ response }) => response.untyped(Response.json({ data: KEY_DATA }))));
    expect((await getCurrentKey({ apiKey: MINTED_KEY })).data).toEqual(KEY_DATA);
    const withAll = { ...KEY_DATA, expires_at: null, is_provisioning_key: false, rate_limit: { requests: -1, interval: "10s", note: "n/a" } };
    server.use(http.get("/key", ({ response }) => response.untyped(Response.json({ data: withAll }))));
    expect((await getCurrentKey({ apiKey: MINTED_KEY })).data).toEqual(withAll);
  });

  it("refuses a 200 without the fields it promises, saying nothing was changed", async () => {
    server.use(http.get("/key", ({ response }) => response.untyped(Response.json({ data: { label: "x", limit: "lots" } }))));
    const error = await rejectionOf(getCurrentKey({ apiKey: MINTED_KEY }));
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(error.message).toContain("data.limit");
    expect(error.message).toContain("Nothing was changed");
  });
});

describe("keyLinks", () => {
  it("builds both links from the key's lowercase hex SHA-256", async () => {
    // SHA-256("abc"), FIPS 180-2 appendix B.1
    const hash = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    expect(await keyLinks("abc")).toEqual({
      settings: `https://openrouter.ai/keys/${hash}`,
      activity: `https://openrouter.ai/logs?api_key_hash=${hash}`,
    });
  });

  it("never puts the key itself in a link", async () => {
    const links = await keyLinks(MINTED_KEY);
    expect(JSON.stringify(links)).not.toContain(MINTED_KEY);
    expect(links.settings).toMatch(/^https:\/\/openrouter\.ai\/keys\/[0-9a-f]{64}$/);
  });

  it.each([[""], [undefined], [42]])("refuses %j with InvalidRequestError", async (key) => {
    expect(await rejectionOf(keyLinks(key as never))).toBeInstanceOf(InvalidRequestError);
  });

  it("builds them on another site's origin", async () => {
    expect((await keyLinks("abc", "http://127.0.0.1:8787")).settings).toMatch(/^http:\/\/127\.0\.0\.1:8787\/keys\/[0-9a-f]{64}$/);
  });

  it.each([["a script URL", "javascript:alert(1)//"], ["null", null], ["a URL with a path", "https://openrouter.ai/keys"]])(
    "refuses an origin that is %s",
    async (_, origin) => {
      expect(await rejectionOf(keyLinks("abc", origin as never))).toMatchObject({ name: "InvalidRequestError", field: "origin" });
    },
  );
});
