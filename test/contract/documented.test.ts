// Runs every scenario of the contract table through every way a user can call its operation, and checks both
// sides: what the client sent, and what the user gets.
import { http as plain, HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { createOpenRouterOAuth, exchangeAuthCodeForAPIKey, isOpenRouterOAuthError } from "../../src/index.js";
import { APP_KEY, CLIENT_OPTIONS, CREATE_INPUT, EXCHANGE_INPUT } from "../support/fixtures.js";
import { bodyOf, jsonOf, sent, served, server, useMockServer } from "../support/msw.js";
import { documentedResponses, requestErrors, responseErrors, type SpecPath } from "../support/spec.js";
import { BY_OPERATION_ID } from "../support/operations.js";
import { CONTRACT, scenarioName, type ContractScenario } from "./scenarios.js";

useMockServer();

/** Every way a user calls the scenario's operation, from the one fixture of operations. */
const callersOf = (scenario: ContractScenario) => {
  const op = BY_OPERATION_ID[scenario.operationId];
  return op.callers.map((caller) => ({ ...caller, operation: op.operation, input: op.input, form: op.form, sendsApiKey: op.sendsApiKey }));
};
type Caller = ReturnType<typeof callersOf>[number];

const pathOf = (scenario: ContractScenario): SpecPath =>
  documentedResponses().find((d) => d.operationId === scenario.operationId)!.path;

/**
 * Runs the call with the scenario's handler and returns what came back, without letting it throw. Whatever else a
 * test checks, the client's answer is checked here: the body as data, or an error of exactly the scenario's class.
 */
async function run(scenario: ContractScenario, caller: Caller) {
  server.use(scenario.handler);
  const outcome = await caller.call(CLIENT_OPTIONS).then(
    (data) => ({ data, error: undefined }),
    (error: unknown) => ({ data: undefined, error: error as any }),
  );
  expect(served, "the scenario's handler answered exactly once").toHaveLength(1);
  const response = served[0]!;
  const body = JSON.parse(await response.clone().text());
  if (scenario.expected) expect(outcome.error?.constructor, "the class of what the client threw").toBe(scenario.expected);
  else expect(outcome, "what the client returned").toEqual({ data: body, error: undefined });
  return { ...outcome, response, body };
}

describe.each(CONTRACT.map((scenario) => [scenarioName(scenario), scenario] as const))("%s", (_, scenario) => {
  const path = pathOf(scenario);

  describe.each(callersOf(scenario).map((caller) => [caller.name, caller] as const))("through %s", (_, caller) => {
    it("serves a body of the spec's own schema for that status", async () => {
      const { response, body } = await run(scenario, caller);
      expect(response.status).toBe(scenario.status);
      expect(responseErrors(path, scenario.status, body)).toEqual([]);
    });

    if (caller.input) {
      const kind = caller.form ? "form-encoded" : "JSON";
      it(`sends one ${kind} POST of the input to the operation's path, with no redirect following`, async () => {
        await run(scenario, caller);
        expect(sent).toHaveLength(1);
        const request = sent[0]!;
        expect(request.method).toBe("POST");
        expect(request.url).toBe(`https://openrouter.ai/api/v1${path}`);
        expect(request.headers.get("content-type")).toBe(caller.form ? "application/x-www-form-urlencoded" : "application/json");
        expect(request.redirect).toBe("manual");
        const body = await bodyOf(request);
        expect(requestErrors(path, body)).toEqual([]);
        expect(body).toEqual(caller.input);
      });
    } else {
      it("sends one GET without a body to the operation's path, with no redirect following", async () => {
        await run(scenario, caller);
        expect(sent).toHaveLength(1);
        const request = sent[0]!;
        expect(request.method).toBe("GET");
        expect(request.url).toBe(`https://openrouter.ai/api/v1${path}`);
        expect(request.headers.has("content-type")).toBe(false);
        expect(request.redirect).toBe("manual");
        expect(await request.text()).toBe("");
      });
    }

    it("sends the app attribution headers that were configured", async () => {
      await run(scenario, caller);
      expect(sent[0]!.headers.get("http-referer")).toBe(CLIENT_OPTIONS.httpReferer);
      expect(sent[0]!.headers.get("x-openrouter-title")).toBe(CLIENT_OPTIONS.appTitle);
    });

    if (!caller.sendsApiKey) {
      it("sends no Authorization header, although an apiKey is configured", async () => {
        await run(scenario, caller);
        expect(sent[0]!.headers.has("authorization")).toBe(false);
      });
    } else {
      it("sends the configured apiKey as a bearer token", async () => {
        await run(scenario, caller);
        expect(sent[0]!.headers.get("authorization")).toBe(`Bearer ${APP_KEY}`);
      });
    }

    if (!scenario.expected) {
      it("resolves with the body as data", async () => {
        const { data, error, body } = await run(scenario, caller);
        expect(error).toBeUndefined();
        expect(data).toEqual(body);
      });
    } else {
      const expected = scenario.expected;
      it(`throws ${expected.name} carrying the status, OpenRouter's error, the headers and the operation`, async () => {
        const { data, error, response, body } = await run(scenario, caller);
        expect(data).toBeUndefined();
        expect(Object.getPrototypeOf(error)).toBe(expected.prototype);
        expect(error.name).toBe(expected.name);
        expect(isOpenRouterOAuthError(error, expected.name as "APIError")).toBe(true);
        expect(error.status).toBe(scenario.status);
        expect(error.response.status).toBe(scenario.status);
        if (typeof body.error === "string") {
          // RFC 6749's shape, the token exchange's: the code and the description, beside no OpenRouter error.
          expect(error.error).toBeUndefined();
          expect(error.oauthError).toBe(body.error);
          expect(error.oauthErrorDescription).toBe(body.error_description);
          expect(error.message).toContain(`${body.error}: ${body.error_description}`);
        } else {
          expect(error.error).toEqual(body.error);
          expect(error.error.code).toBe(body.error.code);
          expect(error.error.message).toBe(body.error.message);
          expect(error.message).toContain(body.error.message);
          expect(error.oauthError).toBeUndefined();
        }
        expect(error.message).toContain(`HTTP ${scenario.status}`);
        expect(error.headers).toEqual(Object.fromEntries(response.headers));
        expect(error.retryAfterMs).toBe(response.headers.has("retry-after") ? Number(response.headers.get("retry-after")) * 1000 : undefined);
        expect(error.operation).toBe(caller.operation);
        expect(error.excerpt).toBeUndefined();
      });
    }
  });
});

describe("what depends on the configuration", () => {
  it("leaves the attribution headers out when they are not configured", async () => {
    const [scenario] = CONTRACT;
    server.use(scenario!.handler);
    await createOpenRouterOAuth().exchangeAuthCodeForAPIKey(EXCHANGE_INPUT);
    expect(sent[0]!.headers.has("http-referer")).toBe(false);
    expect(sent[0]!.headers.has("x-openrouter-title")).toBe(false);
  });

  it.each(
    CONTRACT.filter((scenario) => scenario.status === 200)
      .flatMap((scenario) => callersOf(scenario).map((caller) => [caller.name, scenario, caller] as const))
      .filter(([name]) => name !== "the standalone exchangeAuthCodeForAPIKey"),
  )("sends the configured app categories comma-separated, through %s", async (_, scenario, caller) => {
    server.use(scenario.handler);
    await caller.call({ ...CLIENT_OPTIONS, appCategories: ["cli-agent", "cloud-agent"] });
    expect(sent[0]!.headers.get("x-openrouter-categories")).toBe("cli-agent,cloud-agent");
  });

  it("leaves the app categories out when none or an empty list is configured", async () => {
    const create = CONTRACT.find((s) => s.operationId === "createAuthKeysCode" && s.status === 200)!;
    server.use(create.handler);
    await createOpenRouterOAuth({ apiKey: APP_KEY }).createAuthCode(CREATE_INPUT);
    await createOpenRouterOAuth({ apiKey: APP_KEY, appCategories: [] }).createAuthCode(CREATE_INPUT);
    expect(sent.map((request) => request.headers.has("x-openrouter-categories"))).toEqual([false, false]);
  });

  it("sends the app categories over an X-OpenRouter-Categories given in the client's headers, as it does the title", async () => {
    const create = CONTRACT.find((s) => s.operationId === "createAuthKeysCode" && s.status === 200)!;
    server.use(create.handler);
    const oauth = createOpenRouterOAuth({ apiKey: APP_KEY, headers: { "X-OpenRouter-Categories": "other" }, appCategories: ["cli-agent"] });
    await oauth.createAuthCode(CREATE_INPUT);
    expect(sent[0]!.headers.get("x-openrouter-categories")).toBe("cli-agent");
  });

  it("drops an Authorization header given in the client's headers from the exchange", async () => {
    server.use(CONTRACT[0]!.handler);
    await createOpenRouterOAuth({ headers: { Authorization: `Bearer ${APP_KEY}` } }).exchangeAuthCodeForAPIKey(EXCHANGE_INPUT);
    expect(sent[0]!.headers.has("authorization")).toBe(false);
  });

  it("drops an Authorization header given in the call's headers from the exchange", async () => {
    server.use(CONTRACT[0]!.handler);
    await exchangeAuthCodeForAPIKey(EXCHANGE_INPUT, { headers: { authorization: `Bearer ${APP_KEY}` } });
    expect(sent[0]!.headers.has("authorization")).toBe(false);
  });

  it("sends the client's headers and the call's headers, the call's winning", async () => {
    const create = CONTRACT.find((s) => s.operationId === "createAuthKeysCode" && s.status === 200)!;
    server.use(create.handler);
    const oauth = createOpenRouterOAuth({ apiKey: APP_KEY, headers: { "x-client": "a", "x-both": "client" } });
    await oauth.createAuthCode(CREATE_INPUT, { headers: { "x-call": "b", "x-both": "call" } });
    expect(sent[0]!.headers.get("x-client")).toBe("a");
    expect(sent[0]!.headers.get("x-call")).toBe("b");
    expect(sent[0]!.headers.get("x-both")).toBe("call");
  });

  it("keeps the bearer token of createAuthCode over an Authorization header given in the call", async () => {
    const create = CONTRACT.find((s) => s.operationId === "createAuthKeysCode" && s.status === 200)!;
    server.use(create.handler);
    await createOpenRouterOAuth({ apiKey: APP_KEY }).createAuthCode(CREATE_INPUT, { headers: { authorization: "Bearer other" } });
    expect(sent[0]!.headers.get("authorization")).toBe(`Bearer ${APP_KEY}`);
  });

  it("sends to the configured baseUrl", async () => {
    server.use(plain.post("https://proxy.example/openrouter/auth/keys", () => HttpResponse.json({ key: "sk-x", user_id: null })));
    await exchangeAuthCodeForAPIKey(EXCHANGE_INPUT, { baseUrl: "https://proxy.example/openrouter/" });
    expect(sent[0]!.url).toBe("https://proxy.example/openrouter/auth/keys");
  });

  it("uses the fetch given in the options instead of the global one", async () => {
    const seen: Request[] = [];
    const fetch = async (request: Request) => {
      seen.push(request);
      return Response.json({ key: "sk-from-custom-fetch", user_id: null });
    };
    const result = await exchangeAuthCodeForAPIKey(EXCHANGE_INPUT, { fetch });
    expect(result.key).toBe("sk-from-custom-fetch");
    expect(seen).toHaveLength(1);
    expect(sent).toHaveLength(0);
  });

  it("gives access to the typed openapi-fetch client underneath", async () => {
    server.use(CONTRACT[0]!.handler);
    const { client } = createOpenRouterOAuth();
    const { data } = await client.POST("/auth/keys", { body: { code: "code-via-raw-client" } });
    expect(data?.user_id).toBe("user_2kP9mZ");
    expect(await jsonOf(sent[0])).toEqual({ code: "code-via-raw-client" });
  });
});
