// Bad client options are refused when the client is made, not at the first call; bad call options are refused
// at the call, before anything is sent.
import { beforeEach, describe, expect, it } from "vitest";
import { createOpenRouterOAuth, exchangeAuthCodeForAPIKey, getCurrentKey, type OpenRouterOAuthOptions } from "../../src/index.js";
import { APP_KEY, CREATE_INPUT, EXCHANGE_INPUT, MINTED_KEY } from "../support/fixtures.js";
import { sent, useMockServer } from "../support/msw.js";
import { acceptEverything, expectRefused, handledCalls } from "../support/refused.js";

useMockServer();
beforeEach(acceptEverything);

/** Asserts that createOpenRouterOAuth throws at once, synchronously, for `options`. */
function expectThrownAtCreation(options: OpenRouterOAuthOptions, field: string, expectation: string) {
  let thrown: any;
  try {
    createOpenRouterOAuth(options);
  } catch (err) {
    thrown = err;
  }
  expect(thrown?.name).toBe("InvalidRequestError");
  expect(thrown.field).toBe(field);
  expect(thrown.message).toContain(`createOpenRouterOAuth: ${field}`);
  expect(thrown.message).toContain(expectation);
}

describe("apiKey", () => {
  const RULE = "apiKey must be a non-empty string of printable ASCII without spaces";

  it.each([
    ["with a space inside", "sk-or-v1 abc"],
    ["with a trailing space", `${APP_KEY} `],
    ["with a line break", `${APP_KEY}\n`],
    ["empty", ""],
    ["not a string", 42],
    ["with a non-ASCII character", "sk-or-v1-clé"],
  ])("is refused at creation %s", (_, apiKey) => {
    expectThrownAtCreation({ apiKey: apiKey as string }, "apiKey", RULE);
  });

  it("may be left out, since the exchange needs none", async () => {
    await expect(createOpenRouterOAuth({}).exchangeAuthCodeForAPIKey(EXCHANGE_INPUT)).resolves.toEqual({ key: MINTED_KEY, user_id: null });
    expect(sent[0]!.headers.has("authorization")).toBe(false);
  });
});

describe("baseUrl", () => {
  const RULE = "baseUrl must be an absolute http(s) URL without a user, password, query or fragment, like https://openrouter.ai/api/v1";

  it.each([
    ["relative", "/api/v1"],
    ["without a scheme", "openrouter.ai/api/v1"],
    ["of another scheme", "ftp://openrouter.ai/api/v1"],
    ["without a host", "https://"],
    ["with a malformed host", "https://exa mple.com"],
    ["holding a user and password", "https://user:hunter2@openrouter.ai/api/v1"],
    ["holding a user", "https://user@openrouter.ai/api/v1"],
    // Each operation's path would go after these: the code would be posted to /api/v1, or into the query.
    ["holding a query", "https://openrouter.ai/api/v1?region=eu"],
    ["holding a fragment", "https://openrouter.ai/api/v1#"],
    ["ending in a space", "https://openrouter.ai/api/v1 "],
  ])("is refused at creation when %s", (_, baseUrl) => {
    expectThrownAtCreation({ baseUrl }, "baseUrl", RULE);
  });

  it("is refused by the sign-in helpers on the same rule", async () => {
    const { login } = await import("../../src/node/index.js");
    const { createSignIn } = await import("../../src/server/index.js");
    const baseUrl = "https://openrouter.ai/api/v1?region=eu";
    await expect(login({ baseUrl })).rejects.toMatchObject({ field: "baseUrl", message: `login: ${RULE}.` });
    expect(() => createSignIn({ secret: "s".repeat(32), callbackUrl: "https://app.example/callback", baseUrl })).toThrow(`createSignIn: ${RULE}.`);
  });
});

describe("fetch", () => {
  it.each([["a string", "fetch"], ["an object", {}], ["null", null]])("is refused at creation when %s", (_, fetch) => {
    expectThrownAtCreation({ fetch: fetch as never }, "fetch", "fetch must be a function like the global fetch");
  });
});

describe("timeoutMs", () => {
  const RULE = "timeoutMs must be a number of milliseconds between 1 and 2147483647";

  it.each([["0", 0], ["negative", -1], ["NaN", NaN], ["Infinity", Infinity], ["beyond what a timer holds", 2 ** 31], ["a string", "1000"]])(
    "is refused at creation when %s",
    (_, timeoutMs) => {
      expectThrownAtCreation({ timeoutMs: timeoutMs as number }, "timeoutMs", RULE);
    },
  );

  it.each([["0", 0], ["negative", -5]])("is refused at the call when %s, with nothing sent", async (_, timeoutMs) => {
    await expectRefused(() => createOpenRouterOAuth().exchangeAuthCodeForAPIKey(EXCHANGE_INPUT, { timeoutMs }), "timeoutMs", RULE);
  });
});

describe("headers", () => {
  it.each([
    ["a name with a space", { "bad name": "x" }],
    ["a value with a line break", { "x-app": "a\nb" }],
    ["a value beyond Latin-1", { "x-app": "日本" }],
  ])("are refused at creation with %s", (_, headers) => {
    expectThrownAtCreation({ headers }, "headers", "headers are not valid HTTP headers");
  });

  it("are refused at the call when invalid, with nothing sent", async () => {
    await expectRefused(
      () => createOpenRouterOAuth().exchangeAuthCodeForAPIKey(EXCHANGE_INPUT, { headers: { "x-app": "a\nb" } }),
      "headers",
      "headers are not valid HTTP headers",
    );
  });
});

describe("app attribution", () => {
  it.each([
    ["httpReferer", "a line break", { httpReferer: "https://app.example/\nx" }],
    ["appTitle", "a line break", { appTitle: "My\nApp" }],
    ["appTitle", "characters beyond Latin-1", { appTitle: "日本のアプリ" }],
  ] as const)("refuses %s with %s at creation", (field, _, options) => {
    expectThrownAtCreation(options, field, "must be a valid HTTP header value: Latin-1 text without line breaks");
  });
});

describe("appCategories", () => {
  const RULE = 'appCategories must be an array of non-empty strings of printable ASCII without spaces or commas, like ["cli-agent"]';

  it.each([
    ["one comma-separated string", "cli-agent,cloud-agent"],
    ["an empty category", ["cli-agent", ""]],
    ["a category holding a comma", ["cli-agent,cloud-agent"]],
    ["a category holding a space", ["cli agent"]],
    ["a category holding a line break", ["cli-agent\n"]],
    ["a category beyond ASCII", ["agent-clé"]],
    ["a category that is not a string", [7]],
    ["an object", { 0: "cli-agent" }],
  ])("is refused at creation when %s", (_, appCategories) => {
    expectThrownAtCreation({ appCategories: appCategories as never }, "appCategories", RULE);
  });

  it("is refused by the standalone getCurrentKey in its own name, with nothing sent", async () => {
    await expectRefused(() => getCurrentKey({ apiKey: APP_KEY, appCategories: ["a b"] }), "appCategories", `getCurrentKey: ${RULE}`);
  });

  it("may be empty, or null from JavaScript, for no categories", async () => {
    await createOpenRouterOAuth({ apiKey: APP_KEY, appCategories: [] }).createAuthCode(CREATE_INPUT);
    await createOpenRouterOAuth({ apiKey: APP_KEY, appCategories: null as never }).createAuthCode(CREATE_INPUT);
    expect(sent.map((request) => request.headers.has("x-openrouter-categories"))).toEqual([false, false]);
  });
});

describe("creation", () => {
  it("sends nothing", () => {
    createOpenRouterOAuth({ apiKey: APP_KEY, timeoutMs: 1000, headers: { "x-app": "a" } });
    expect(sent).toHaveLength(0);
    expect(handledCalls()).toBe(0);
  });
});

describe("the standalone exchange", () => {
  it("rejects, rather than throws, when given a bad client option, in its own name", async () => {
    let result: Promise<unknown> | undefined;
    expect(() => (result = exchangeAuthCodeForAPIKey(EXCHANGE_INPUT, { baseUrl: "/api/v1" }))).not.toThrow();
    await expectRefused(() => result, "baseUrl", /^exchangeAuthCodeForAPIKey: baseUrl must be an absolute http\(s\) URL/);
  });

  it("ignores an apiKey passed from JavaScript, since it never sends one", async () => {
    // @ts-expect-error The standalone exchange takes no apiKey.
    await exchangeAuthCodeForAPIKey(EXCHANGE_INPUT, { apiKey: "not a key" });
    expect(sent).toHaveLength(1);
    expect(sent[0]!.headers.get("authorization")).toBeNull();
  });
});

describe("the standalone getCurrentKey", () => {
  it("refuses a bad apiKey or client option in its own name", async () => {
    await expectRefused(() => getCurrentKey({ apiKey: "sk-or-v1 with a space" }), "apiKey", /^getCurrentKey: apiKey must be a non-empty string of printable ASCII/);
    await expectRefused(() => getCurrentKey({ apiKey: APP_KEY, timeoutMs: 0 }), "timeoutMs", /^getCurrentKey: timeoutMs must be a number of milliseconds/);
  });
});
