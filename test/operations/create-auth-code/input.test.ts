// createAuthCode's input checks: every field's rule, each refusal an InvalidRequestError naming the field and
// what it expects, with nothing sent.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createOpenRouterOAuth, type CreateAuthCodeRequest } from "../../../src/index.js";
import { APP_KEY, CHALLENGE } from "../../support/fixtures.js";
import { jsonOf, sent, useMockServer } from "../../support/msw.js";
import { acceptEverything, expectRefused } from "../../support/refused.js";

useMockServer();
beforeEach(acceptEverything);
afterEach(() => void vi.useRealTimers());

const CALLBACK = "https://app.example/callback";
const create = (fields: Record<string, unknown>) =>
  createOpenRouterOAuth({ apiKey: APP_KEY }).createAuthCode({ callback_url: CALLBACK, ...fields } as CreateAuthCodeRequest);
const sentBody = async () => jsonOf(sent[0]) as Promise<Record<string, unknown>>;

describe("callback_url", () => {
  const RULE = "callback_url must be an absolute https URL, or an http URL on localhost or 127.0.0.1";

  it.each([
    "https://app.example/callback",
    "https://app.example:8443/oauth/callback?state=s1",
    "http://localhost:3000/callback",
    "http://localhost/callback",
    "http://127.0.0.1:49152/callback",
  ])("accepts %s and sends it unchanged", async (callback_url) => {
    await create({ callback_url });
    expect((await sentBody()).callback_url).toBe(callback_url);
  });

  it.each([
    ["a relative path", "/callback"],
    ["a URL without a scheme", "app.example/callback"],
    ["an ftp URL", "ftp://app.example/callback"],
    ["http on a public host", "http://app.example/callback"],
    ["http on a host that merely starts with localhost", "http://localhost.evil.example/callback"],
    ["http on another loopback address", "http://127.0.0.2/callback"],
    // OpenRouter names only localhost and 127.0.0.1.
    ["http on the IPv6 loopback address", "http://[::1]:8080/callback"],
    ["a javascript: URL", "javascript:alert(1)"],
    ["an empty string", ""],
    ["not a string", 42],
  ])("refuses %s", async (_, callback_url) => {
    await expectRefused(() => create({ callback_url }), "callback_url", RULE);
  });

  it("is required", async () => {
    await expectRefused(
      () => createOpenRouterOAuth({ apiKey: APP_KEY }).createAuthCode({ key_label: "x" } as CreateAuthCodeRequest),
      "callback_url",
      "callback_url is required",
    );
  });
});

describe("limit", () => {
  it.each([["NaN", NaN], ["Infinity", Infinity], ["-Infinity", -Infinity], ["negative", -1], ["a string", "5"]])(
    "refuses %s",
    async (_, limit) => {
      await expectRefused(() => create({ limit }), "limit", "limit must be a finite number >= 0");
    },
  );

  it.each([0, 12.5, 1000])("accepts %s", async (limit) => {
    await create({ limit });
    expect((await sentBody()).limit).toBe(limit);
  });
});

describe("expires_at", () => {
  const FORMAT = "expires_at must be a Date or an ISO 8601 UTC time with seconds, like 2030-01-31T23:59:59Z";

  it("sends a Date as an ISO 8601 UTC string", async () => {
    await create({ expires_at: new Date("2999-12-31T23:59:59.500Z") });
    expect((await sentBody()).expires_at).toBe("2999-12-31T23:59:59.500Z");
  });

  it.each(["2999-12-31T23:59:59Z", "2999-12-31T23:59:59.123Z", "2999-12-31T23:59:59.123456Z"])("accepts %s as given", async (expires_at) => {
    await create({ expires_at });
    expect((await sentBody()).expires_at).toBe(expires_at);
  });

  it("accepts null, which the spec allows, and sends it", async () => {
    await create({ expires_at: null });
    expect((await sentBody()).expires_at).toBeNull();
  });

  it.each([
    ["minute precision", "2999-12-31T23:59Z"],
    ["an offset instead of UTC", "2999-12-31T23:59:59+01:00"],
    ["no time zone", "2999-12-31T23:59:59"],
    ["a date without a time", "2999-12-31"],
    ["a space instead of T", "2999-12-31 23:59:59Z"],
    ["an invalid Date", new Date("not a date")],
    ["a timestamp number", 32503680000000],
  ])("refuses %s", async (_, expires_at) => {
    await expectRefused(() => create({ expires_at }), "expires_at", FORMAT);
  });

  it.each([
    ["a past time", "2020-01-01T00:00:00Z"],
    ["a past Date", new Date("2020-01-01T00:00:00Z")],
  ])("refuses %s", async (_, expires_at) => {
    await expectRefused(() => create({ expires_at }), "expires_at", "expires_at must be in the future");
  });

  it("refuses the present moment", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: new Date("2030-01-01T00:00:00Z") });
    await expectRefused(() => create({ expires_at: "2030-01-01T00:00:00Z" }), "expires_at", "must be in the future");
  });
});

describe("key_label", () => {
  it("refuses 101 characters", async () => {
    await expectRefused(() => create({ key_label: "k".repeat(101) }), "key_label", "key_label must be a string of at most 100 characters");
  });

  it("accepts 100 characters", async () => {
    await create({ key_label: "k".repeat(100) });
    expect((await sentBody()).key_label).toHaveLength(100);
  });

  it("refuses a non-string", async () => {
    await expectRefused(() => create({ key_label: 7 }), "key_label", "must be a string of at most 100 characters");
  });
});

describe("usage_limit_type", () => {
  it.each(["yearly", "Daily", ""])("refuses %j", async (usage_limit_type) => {
    await expectRefused(() => create({ usage_limit_type }), "usage_limit_type", 'usage_limit_type must be one of "daily", "weekly", "monthly"');
  });

  it.each(["daily", "weekly", "monthly"])("accepts %s", async (usage_limit_type) => {
    await create({ usage_limit_type });
    expect((await sentBody()).usage_limit_type).toBe(usage_limit_type);
  });
});

describe("code_challenge_method", () => {
  it.each([["unknown", "S512"], ["null, which only the exchange allows", null]])("refuses %s", async (_, code_challenge_method) => {
    await expectRefused(() => create({ code_challenge_method }), "code_challenge_method", 'code_challenge_method must be one of "S256", "plain"');
  });

  it.each(["S256", "plain"])("accepts %s", async (code_challenge_method) => {
    await create({ code_challenge: CHALLENGE, code_challenge_method });
    expect((await sentBody()).code_challenge_method).toBe(code_challenge_method);
  });
});

describe("code_challenge", () => {
  it.each([["too short", CHALLENGE.slice(1)], ["padded", `${CHALLENGE}=`]])("refuses one %s", async (_, code_challenge) => {
    await expectRefused(() => create({ code_challenge }), "code_challenge", "code_challenge must be 43 to 128 characters");
  });
});

describe("workspace_id", () => {
  it.each([
    ["not a UUID", "workspace-1"],
    ["a UUID without dashes", "0b8f6a9e3c1d4e2f9a7b5c6d7e8f9a0b"],
    ["a UUID in braces", "{0b8f6a9e-3c1d-4e2f-9a7b-5c6d7e8f9a0b}"],
  ])("refuses %s", async (_, workspace_id) => {
    await expectRefused(() => create({ workspace_id }), "workspace_id", "workspace_id must be a UUID");
  });

  it.each(["0b8f6a9e-3c1d-4e2f-9a7b-5c6d7e8f9a0b", "0B8F6A9E-3C1D-4E2F-9A7B-5C6D7E8F9A0B"])("accepts %s", async (workspace_id) => {
    await create({ workspace_id });
    expect((await sentBody()).workspace_id).toBe(workspace_id);
  });
});

describe("the request object", () => {
  it("suggests callback_url for callbackUrl", async () => {
    await expectRefused(
      () => createOpenRouterOAuth({ apiKey: APP_KEY }).createAuthCode({ callbackUrl: CALLBACK } as never),
      "callbackUrl",
      'createAuthCode: unknown field "callbackUrl" (did you mean "callback_url"?)',
    );
  });

  it("names an unknown field without a snake_case twin and lists the expected fields", async () => {
    await expectRefused(
      () => create({ state: "s1" }),
      "state",
      /unknown field "state"; expected callback_url, code_challenge, code_challenge_method, limit, expires_at, key_label, usage_limit_type, workspace_id/,
    );
  });

  it("sends every field, dates as ISO strings", async () => {
    const fields = {
      code_challenge: CHALLENGE,
      code_challenge_method: "S256",
      limit: 5,
      expires_at: new Date("2999-01-01T00:00:00Z"),
      key_label: "Laptop",
      usage_limit_type: "weekly",
      workspace_id: "0b8f6a9e-3c1d-4e2f-9a7b-5c6d7e8f9a0b",
    };
    await create(fields);
    expect(await sentBody()).toEqual({ callback_url: CALLBACK, ...fields, expires_at: "2999-01-01T00:00:00.000Z" });
  });
});

describe("the API key", () => {
  it("is required before anything is sent", async () => {
    const err = await expectRefused(
      () => createOpenRouterOAuth().createAuthCode({ callback_url: CALLBACK }),
      "apiKey",
      "createAuthCode needs an API key: pass apiKey to createOpenRouterOAuth.",
    );
    expect(err.operation).toBe("createAuthCode");
  });
});
