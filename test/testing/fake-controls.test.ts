// The fake's routing, its failNext and calls controls, and its options.
import { describe, expect, it } from "vitest";
import { createFakeOpenRouter, FAKE_APP_API_KEY, FAKE_WORKSPACE_ID } from "../../src/testing/index.js";
import { InvalidRequestError, maskKey } from "../../src/index.js";
import { thrownBy } from "../support/fixtures.js";
import { checkedFake, createCode, exchange, ORIGIN } from "./checked.js";

const CALLBACK = "https://app.example/callback";

describe("the fake's failNext", () => {
  it.each([400, 403, 405, 500])("makes the next exchange answer %i with OpenRouter's error shape", async (status) => {
    const { fake, fetch } = checkedFake();
    fake.failNext("exchangeAuthCodeForAPIKey", status);
    const { status: actual, body } = await exchange(fetch, { code: "c" });
    expect(actual).toBe(status);
    expect(body.error.code).toBe(status);
  });

  it.each([400, 401, 403, 409, 500])("makes the next createAuthCode answer %i with OpenRouter's error shape", async (status) => {
    const { fake, fetch } = checkedFake();
    fake.failNext("createAuthCode", status);
    const { status: actual, body } = await createCode(fetch, { callback_url: CALLBACK }, FAKE_APP_API_KEY);
    expect(actual).toBe(status);
    expect(body.error.code).toBe(status);
  });

  it("says when to come back after a 429, as OpenRouter does", async () => {
    // Not the checked fake: 429 is a status no operation documents.
    const fake = createFakeOpenRouter();
    fake.failNext("createAuthCode", 429);
    const response = await fake.fetch(new Request(`${ORIGIN}/api/v1/auth/keys/code`, { method: "POST", headers: { authorization: `Bearer ${FAKE_APP_API_KEY}` }, body: "{}" }));
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("1");
  });

  it("fails only the next call", async () => {
    const { fake, fetch } = checkedFake();
    fake.failNext("createAuthCode", 409);
    await createCode(fetch, { callback_url: CALLBACK }, FAKE_APP_API_KEY);
    expect((await createCode(fetch, { callback_url: CALLBACK }, FAKE_APP_API_KEY)).status).toBe(200);
  });

  it("queues failures in the order they were asked for", async () => {
    const { fake, fetch } = checkedFake();
    fake.failNext("createAuthCode", 409);
    fake.failNext("createAuthCode", 500);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await createCode(fetch, { callback_url: CALLBACK }, FAKE_APP_API_KEY)).status);
    expect(statuses).toEqual([409, 500, 200]);
  });

  it("fails only the operation it names", async () => {
    const { fake, fetch } = checkedFake();
    fake.failNext("exchangeAuthCodeForAPIKey", 500);
    expect((await createCode(fetch, { callback_url: CALLBACK }, FAKE_APP_API_KEY)).status).toBe(200);
  });

  it("does not spend the code of the call it fails", async () => {
    const { fake, fetch } = checkedFake();
    const code = (await createCode(fetch, { callback_url: CALLBACK }, FAKE_APP_API_KEY)).body.data.id;
    fake.failNext("exchangeAuthCodeForAPIKey", 500);
    expect((await exchange(fetch, { code })).status).toBe(500);
    expect((await exchange(fetch, { code })).status).toBe(200);
  });

  it.each([200, 302, 600, 450.5, Number.NaN])("refuses %s, which is not an HTTP error status", (status) => {
    expect(thrownBy(() => createFakeOpenRouter().failNext("createAuthCode", status), InvalidRequestError).field).toBe("status");
  });

  it("refuses an operation it does not know", () => {
    const error = thrownBy(() => createFakeOpenRouter().failNext("listKeys" as never, 500), InvalidRequestError);
    expect(error.field).toBe("operation");
    expect(error.message).toBe("failNext: operation must be one of exchangeAuthCodeForAPIKey, createAuthCode, getCurrentKey, createOauthToken, listOauthJwks.");
  });
});

describe("the fake's calls", () => {
  it("counts each operation's requests separately, failed ones included", async () => {
    const { fake, fetch } = checkedFake();
    await createCode(fetch, { callback_url: CALLBACK }, FAKE_APP_API_KEY);
    await createCode(fetch, { callback_url: CALLBACK });
    await exchange(fetch, { code: "unknown" });
    expect(fake.calls).toEqual({ exchangeAuthCodeForAPIKey: 1, createAuthCode: 2, getCurrentKey: 0, createOauthToken: 0, listOauthJwks: 0 });
  });

  it("counts requests with the wrong method too", async () => {
    const { fake, fetch } = checkedFake();
    await fetch(new Request(`${ORIGIN}/api/v1/auth/keys`));
    expect(fake.calls.exchangeAuthCodeForAPIKey).toBe(1);
  });

  it("counts nothing for the consent page", async () => {
    const { fake, fetch } = checkedFake();
    await fetch(new Request(`${ORIGIN}/auth?callback_url=${encodeURIComponent(CALLBACK)}`));
    expect(fake.calls).toEqual({ exchangeAuthCodeForAPIKey: 0, createAuthCode: 0, getCurrentKey: 0, createOauthToken: 0, listOauthJwks: 0 });
  });
});

describe("the fake's routing", () => {
  it.each(["/api/v1/auth/keys", "/api/v1/auth/keys/code"])("answers 405 with Allow: POST to a GET of %s", async (path) => {
    const { fetch } = checkedFake();
    const response = await fetch(new Request(`${ORIGIN}${path}`));
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("POST");
    expect((await response.json()).error.code).toBe(405);
  });

  it.each(["/", "/api/v1/keys", "/api/v1/auth/keys/code/extra", "/auth/keys"])("answers 404 to %s", async (path) => {
    const { fetch } = checkedFake();
    const response = await fetch(new Request(`${ORIGIN}${path}`, { method: "POST" }));
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: { code: 404, message: "Not found" } });
  });

  it("serves any origin", async () => {
    const { fetch } = checkedFake();
    const response = await fetch(new Request("http://localhost:8080/api/v1/auth/keys", { method: "POST", body: "{}" }));
    expect(response.status).toBe(400);
  });

  it("keeps separate state in each fake", async () => {
    const one = checkedFake();
    const two = checkedFake();
    const code = (await createCode(one.fetch, { callback_url: CALLBACK }, FAKE_APP_API_KEY)).body.data.id;
    expect((await exchange(two.fetch, { code })).status).toBe(403);
    expect(two.fake.calls.createAuthCode).toBe(0);
  });
});

describe("createFakeOpenRouter's options", () => {
  it.each([
    ["apiKeys that is not an array", { apiKeys: "sk-or-v1-x" }, "apiKeys"],
    ["an empty API key", { apiKeys: [""] }, "apiKeys"],
    ["an API key with a space", { apiKeys: ["sk or"] }, "apiKeys"],
    ["a now that is not a function", { now: 5 }, "now"],
    ["a zero codeLifetimeMs", { codeLifetimeMs: 0 }, "codeLifetimeMs"],
    ["an infinite codeLifetimeMs", { codeLifetimeMs: Infinity }, "codeLifetimeMs"],
  ])("refuses %s", (_, options, field) => {
    try {
      createFakeOpenRouter(options as never);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidRequestError);
      expect((error as InvalidRequestError).field).toBe(field);
    }
  });

  it("does not let later changes to the apiKeys array change which keys it accepts", async () => {
    const apiKeys = ["sk-or-v1-one"];
    const { fetch } = checkedFake({ apiKeys });
    apiKeys.push("sk-or-v1-two");
    expect((await createCode(fetch, { callback_url: CALLBACK }, "sk-or-v1-two")).status).toBe(401);
  });
});

describe("the fake's answers to web pages", () => {
  it("answers a CORS preflight on the API without counting it as a call", async () => {
    const fake = createFakeOpenRouter();
    const response = await fake.fetch(new Request(`${ORIGIN}/api/v1/auth/keys`, { method: "OPTIONS" }));
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(response.headers.get("access-control-allow-methods")).toBe("GET, POST");
    // Each header the client may send: a browser sends none the preflight does not allow.
    const allowed = response.headers.get("access-control-allow-headers")!.split(", ");
    expect(allowed).toEqual(expect.arrayContaining(["authorization", "content-type", "http-referer", "x-openrouter-title", "x-openrouter-categories"]));
    expect(fake.calls.exchangeAuthCodeForAPIKey).toBe(0);
  });

  it("lets a page of any origin read the API's answers", async () => {
    const { fetch } = checkedFake();
    const response = await fetch(
      new Request(`${ORIGIN}/api/v1/auth/keys`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" }),
    );
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
  });
});

describe("the fake's fetch", () => {
  it("takes what the global fetch takes, so it can stand in for it", async () => {
    const fake = createFakeOpenRouter();
    const byUrl = await fake.fetch(`${ORIGIN}/api/v1/key`, { headers: { authorization: `Bearer ${FAKE_APP_API_KEY}` } });
    expect(byUrl.status).toBe(200);
    expect((await fake.fetch(new URL(`${ORIGIN}/nowhere`))).status).toBe(404);
  });

  it("describes the app's own key on GET /key, as OpenRouter describes any key", async () => {
    const response = await createFakeOpenRouter().fetch(`${ORIGIN}/api/v1/key`, { headers: { authorization: `Bearer ${FAKE_APP_API_KEY}` } });
    expect((await response.json()).data).toMatchObject({ label: maskKey(FAKE_APP_API_KEY), limit: null, workspace_id: FAKE_WORKSPACE_ID });
  });

  it("names a clock that gives no time, in its own words", async () => {
    const fake = createFakeOpenRouter({ now: () => undefined as never });
    const request = new Request(`${ORIGIN}/api/v1/auth/keys/code`, { method: "POST", headers: { authorization: `Bearer ${FAKE_APP_API_KEY}` }, body: JSON.stringify({ callback_url: CALLBACK }) });
    await expect(fake.fetch(request)).rejects.toMatchObject({ name: "InvalidRequestError", field: "now" });
  });

  it("refuses what is no Request and no absolute URL, in its own words", async () => {
    const error = await createFakeOpenRouter().fetch("/api/v1/key").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect((error as Error).message).toBe("fetch: expects a Request or an absolute URL, as the global fetch does.");
  });
});
