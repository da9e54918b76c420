// An option a function does not take is refused, naming it and the option it most likely means: a mistyped one
// would otherwise be ignored in silence, and a mistyped baseUrl would send the call to openrouter.ai.
import { afterEach, expect, it, vi } from "vitest";
import {
  buildAuthorizationUrl,
  completeSignIn,
  createOpenRouterOAuth,
  exchangeAuthCodeForAPIKey,
  getCurrentKey,
  parseCallback,
} from "../../src/index.js";
import { login, startLoopbackListener, toNodeHandler } from "../../src/node/index.js";
import { createSignIn } from "../../src/server/index.js";
import { createFakeOpenRouter, simulateUser } from "../../src/testing/index.js";
import { serveFakeOpenRouter } from "../../src/testing/node/index.js";
import { createWorkloadIdentity, fromAzureManagedIdentity, fromEnv, fromGoogleMetadata } from "../../src/workload/index.js";
import { APP_KEY, CHALLENGE, CREATE_INPUT, EXCHANGE_INPUT, VERIFIER } from "../support/fixtures.js";

afterEach(() => vi.unstubAllGlobals());

const callback = () => parseCallback("https://app.example/cb?state=s&code=abc", { expectedState: "s" });
const signIn = (extra: object = {}) =>
  createSignIn({ secret: "s".repeat(32), callbackUrl: "https://app.example/auth/callback", session: true, ...extra });
const request = (method = "GET") => new Request("https://app.example/auth/start", { method });

/** Each call, with the option it mistypes, and the option it means (none when nothing is close). */
const CASES: [string, () => unknown, string, string | undefined][] = [
  ["createOpenRouterOAuth", () => createOpenRouterOAuth({ baseURL: "http://127.0.0.1:1" } as never), "baseURL", "baseUrl"],
  ["the standalone exchange", () => exchangeAuthCodeForAPIKey(EXCHANGE_INPUT, { baseURL: "http://127.0.0.1:1" } as never), "baseURL", "baseUrl"],
  ["the standalone exchange, given the client's appCategories", () => exchangeAuthCodeForAPIKey(EXCHANGE_INPUT, { appCategories: ["cli-agent"] } as never), "appCategories", undefined],
  ["createOpenRouterOAuth, given the SDK's singular", () => createOpenRouterOAuth({ appCategory: ["cli-agent"] } as never), "appCategory", undefined],
  ["the standalone getCurrentKey", () => getCurrentKey({ apiKey: APP_KEY, api_key: APP_KEY } as never), "api_key", "apiKey"],
  ["the client's exchange", () => createOpenRouterOAuth().exchangeAuthCodeForAPIKey(EXCHANGE_INPUT, { timeoutMS: 5 } as never), "timeoutMS", "timeoutMs"],
  ["the client's createAuthCode", () => createOpenRouterOAuth({ apiKey: APP_KEY }).createAuthCode(CREATE_INPUT, { retries: 3 } as never), "retries", undefined],
  ["the client's getCurrentKey", () => createOpenRouterOAuth({ apiKey: APP_KEY }).getCurrentKey({ Signal: undefined } as never), "Signal", "signal"],
  ["buildAuthorizationUrl", () => buildAuthorizationUrl({ codeChallenge: CHALLENGE, callbackURL: "https://app.example/cb" } as never), "callbackURL", "callbackUrl"],
  ["parseCallback", () => parseCallback("https://app.example/cb?code=abc", { expected_state: null } as never), "expected_state", "expectedState"],
  ["completeSignIn", () => completeSignIn(callback(), VERIFIER, { baseURL: "http://127.0.0.1:1" } as never), "baseURL", "baseUrl"],
  ["login", () => login({ baseURL: "http://127.0.0.1:1" } as never), "baseURL", "baseUrl"],
  ["startLoopbackListener", () => startLoopbackListener({ Port: 0 } as never), "Port", "port"],
  ["toNodeHandler", () => toNodeHandler(() => new Response(), { bodyLimit: 10 } as never), "bodyLimit", undefined],
  ["createSignIn", () => signIn({ callbackURL: "https://app.example/cb" }), "callbackURL", "callbackUrl"],
  ["createSignIn's session", () => signIn({ session: { maxAge: 60 } }), "maxAge", undefined],
  ["the server's start", () => signIn().start(request(), { return_to: "/" } as never), "return_to", "returnTo"],
  ["the server's signOut", () => signIn().signOut(request("POST"), { returnto: "/" } as never), "returnto", "returnTo"],
  ["createFakeOpenRouter", () => createFakeOpenRouter({ codeLifetime: 1 } as never), "codeLifetime", undefined],
  ["serveFakeOpenRouter", () => serveFakeOpenRouter(createFakeOpenRouter(), { hostname: "::1" } as never), "hostname", undefined],
  ["simulateUser", () => simulateUser("https://openrouter.ai/auth", "approve", { follows: false } as never), "follows", undefined],
  ["createWorkloadIdentity", () => createWorkloadIdentity({ federationPolicyId: "p", subjectToken: "a.b.c", refreshBufferSeconds: 60 } as never), "refreshBufferSeconds", undefined],
  ["createWorkloadIdentity's getAccessToken", () => createWorkloadIdentity({ federationPolicyId: "p", subjectToken: "a.b.c" }).getAccessToken({ Signal: undefined } as never), "Signal", "signal"],
  ["fromGoogleMetadata", () => fromGoogleMetadata({ audience: "a", timeout_ms: 5 } as never), "timeout_ms", "timeoutMs"],
  ["fromAzureManagedIdentity", () => fromAzureManagedIdentity({ client_id: "c" } as never), "client_id", "clientId"],
  ["fromEnv", () => fromEnv("JWT", { ENV: {} } as never), "ENV", "env"],
];

it.each(CASES)("%s refuses a mistyped option, naming it and what it most likely means, sending nothing", async (_, call, option, meant) => {
  const fetch = vi.fn(async () => new Response(null, { status: 599 }));
  vi.stubGlobal("fetch", fetch);
  const error = await Promise.resolve().then(call).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toMatchObject({ name: "InvalidRequestError", field: option });
  expect((error as Error).message).toContain(`unknown option "${option}"${meant ? ` (did you mean "${meant}"?)` : ";"}`);
  expect(fetch).not.toHaveBeenCalled();
});

it("lists only what the exchange takes, and names completeSignIn when it was called", async () => {
  const error = await completeSignIn(callback(), VERIFIER, { baseURL: "http://127.0.0.1:1" } as never).catch((caught: unknown) => caught);
  expect((error as Error).message).toBe(
    'completeSignIn: unknown option "baseURL" (did you mean "baseUrl"?); expected baseUrl, fetch, timeoutMs, headers, httpReferer, appTitle, signal.',
  );
});
