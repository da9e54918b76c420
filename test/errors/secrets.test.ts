// No secret (the app's API key, the authorization code, the PKCE verifier, a minted key, a subject token, an
// access token) is ever printed by an
// error: not in its message, String(err), JSON.stringify(err) or util.inspect(err, { depth: Infinity }). Checked
// for every error class the client can produce, with a server that echoes the secrets back wherever it can.
import { HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import {
  createOauthToken,
  createOpenRouterOAuth,
  exchangeAuthCodeForAPIKey,
  type OpenRouterOAuthOptions,
} from "../../src/index.js";
import {
  ACCESS_TOKEN,
  APP_KEY,
  CLIENT_OPTIONS,
  CODE,
  CREATE_INPUT,
  EXCHANGE_INPUT,
  expectNoSecretIn,
  MINTED_KEY,
  OAUTH_TOKEN_INPUT,
  OAUTH_TOKEN_RESPONSE,
  printed,
  rejectionOf,
  SUBJECT_TOKEN,
  VERIFIER,
} from "../support/fixtures.js";
import { bodyOf, hang, server, undocumented, useMockServer } from "../support/msw.js";
import { EVERY, CREATE_AUTH_CODE, CREATE_OAUTH_TOKEN, EXCHANGE } from "../support/operations.js";
import { classFor, DOCUMENTED_ERROR_STATUSES } from "../support/statuses.js";

useMockServer();

/** Everything a chatty server could echo: each field it received, the Authorization header, the app's key. */
async function echoOf(request: Request) {
  // GET /key and GET /oauth/jwks send no body, only a key.
  const received = (request.method === "GET" ? {} : await bodyOf(request)) as Record<string, string>;
  const authorization = request.headers.get("authorization") ?? `Bearer ${APP_KEY}`;
  const fields = Object.entries(received).map(([field, value]) => `${field}=${value}`).join(" ");
  return {
    text: `${fields} authorization=${authorization}`,
    metadata: { received, headers: [authorization], ...Object.fromEntries(Object.values(received).map((v) => [v, "as a key"])) },
    headers: {
      "x-echo-authorization": authorization,
      ...Object.fromEntries(Object.entries(received).map(([field, value]) => [`x-echo-${field}`, String(value)])),
      ...(received.code ? { [`x-${received.code}`]: "as a name" } : {}),
    },
  };
}

const echoingError = (status: number) => async (request: Request) => {
  const echo = await echoOf(request);
  return HttpResponse.json(
    { error: { code: status, message: `Rejected ${echo.text}`, metadata: echo.metadata } },
    { status, headers: echo.headers },
  );
};

const echoingPage = (status: number) => async (request: Request) => {
  const echo = await echoOf(request);
  return HttpResponse.html(`<html><body>${echo.text}</body></html>`, { status, headers: echo.headers });
};

interface SecretScenario {
  name: string;
  produces: string;
  error: () => Promise<unknown>;
}

const perOperation = EVERY.flatMap(([operation, op]): SecretScenario[] => [
  ...[...new Set([...DOCUMENTED_ERROR_STATUSES, 429])].map((status) => ({
    name: `${operation}: HTTP ${status} echoing the secrets in its error body and headers`,
    produces: classFor(status, operation).name,
    error: () => {
      server.use(undocumented(op.path, echoingError(status)));
      return rejectionOf(op.call());
    },
  })),
  {
    name: `${operation}: HTTP 502 echoing the secrets in an HTML page`,
    produces: "APIError",
    error: () => {
      server.use(undocumented(op.path, echoingPage(502)));
      return rejectionOf(op.call());
    },
  },
  {
    name: `${operation}: a 200 of the wrong shape echoing the secrets`,
    produces: "ResponseValidationError",
    error: () => {
      server.use(undocumented(op.path, async (request) => HttpResponse.json({ token: MINTED_KEY, echo: (await echoOf(request)).metadata })));
      return rejectionOf(op.call());
    },
  },
  {
    name: `${operation}: a network failure`,
    produces: "ConnectionError",
    error: () => {
      server.use(undocumented(op.path, () => HttpResponse.error()));
      return rejectionOf(op.call());
    },
  },
  {
    name: `${operation}: a fetch of the app's that fails quoting the request, its headers and body`,
    produces: "ConnectionError",
    error: () => {
      const quoting = async (request: Request) => {
        const headers = JSON.stringify(Object.fromEntries(request.headers));
        const body = await request.text();
        throw new TypeError("fetch failed", { cause: Object.assign(new Error(`refused ${headers} ${body}`), { code: `E_${body}`, headers }) });
      };
      return rejectionOf(op.call(undefined, { ...CLIENT_OPTIONS, fetch: quoting }));
    },
  },
  {
    name: `${operation}: a timeout`,
    produces: "RequestTimeoutError",
    error: () => {
      server.use(undocumented(op.path, hang));
      return rejectionOf(op.call({ timeoutMs: 40 }));
    },
  },
  {
    name: `${operation}: an abort in flight`,
    produces: "RequestAbortedError",
    error: () => {
      const controller = new AbortController();
      server.use(undocumented(op.path, (request) => {
        queueMicrotask(() => controller.abort());
        return hang(request);
      }));
      return rejectionOf(op.call({ signal: controller.signal }));
    },
  },
]);

const minted: SecretScenario[] = [
  ["broken JSON", () => new HttpResponse(`{"key":"${MINTED_KEY}","user_id":`, { headers: { "content-type": "application/json" } })],
  ["a body larger than the client accepts", () => HttpResponse.text(`{"key":"${MINTED_KEY}","pad":"${"x".repeat(2 << 20)}"}`)],
  ["an empty key beside the minted one", () => HttpResponse.json({ key: "", keys: [MINTED_KEY] })],
].map(([what, answer]) => ({
  name: `exchangeAuthCodeForAPIKey: a 200 of ${what as string} holding a minted key`,
  produces: "ResponseValidationError",
  error: () => {
    server.use(undocumented("/auth/keys", answer as () => Response));
    return rejectionOf(EXCHANGE.call());
  },
}));

/** The token exchange's own error shape (RFC 6749), its description echoing the subject token every way it can. */
const oauthEchoes: SecretScenario[] = [400, 429, 500, 503].map((status) => ({
  name: `createOauthToken: HTTP ${status} in RFC 6749's shape, echoing the subject token plain, JSON-escaped and URL-encoded`,
  produces: classFor(status).name,
  error: () => {
    server.use(undocumented("/oauth/token", async (request) => {
      const { subject_token: token } = (await bodyOf(request)) as Record<string, string>;
      const echo = `${token} ${JSON.stringify(token)} ${encodeURIComponent(`${token}=`)} ${new URLSearchParams({ t: token! })}`;
      return HttpResponse.json({ error: `invalid_grant ${token}`, error_description: `refused ${echo} ${APP_KEY}` }, { status, headers: { "x-echo": token! } });
    }));
    return rejectionOf(CREATE_OAUTH_TOKEN.call());
  },
}));

/** A 200 that breaks the shape while holding an access token: the token stays out of every printed form. */
const accessTokenHeld: SecretScenario[] = [
  ["an expires_in of 0", { ...OAUTH_TOKEN_RESPONSE, expires_in: 0 }],
  ["no expires_in", { ...OAUTH_TOKEN_RESPONSE, expires_in: undefined }],
  ["an access_token with a line break", { ...OAUTH_TOKEN_RESPONSE, access_token: `${ACCESS_TOKEN}\nx` }],
].map(([what, body]) => ({
  name: `createOauthToken: a 200 with ${what as string} holding an access token`,
  produces: "ResponseValidationError",
  error: () => {
    server.use(undocumented("/oauth/token", () => HttpResponse.json(body)));
    return rejectionOf(CREATE_OAUTH_TOKEN.call());
  },
}));

const invalid = (name: string, call: () => unknown): SecretScenario => ({
  name,
  produces: "InvalidRequestError",
  error: () => rejectionOf(Promise.resolve().then(call)),
});

const bad: SecretScenario[] = [
  invalid("an apiKey with a trailing space", () => createOpenRouterOAuth({ apiKey: `${APP_KEY} ` })),
  invalid("an apiKey with a line break", () => createOpenRouterOAuth({ apiKey: `${APP_KEY}\nx` })),
  invalid("a header carrying the apiKey and a line break", () =>
    createOpenRouterOAuth({ headers: { authorization: `Bearer ${APP_KEY}\nx` } })),
  invalid("a call header carrying the code and a line break", () =>
    exchangeAuthCodeForAPIKey(EXCHANGE_INPUT, { headers: { "x-code": `${CODE}\nx` } })),
  invalid("a verifier outside the alphabet", () => exchangeAuthCodeForAPIKey({ code: CODE, code_verifier: `${VERIFIER}+` })),
  invalid("a verifier too long", () => exchangeAuthCodeForAPIKey({ code: CODE, code_verifier: VERIFIER.repeat(3) })),
  invalid("the verifier under a camelCase name", () =>
    exchangeAuthCodeForAPIKey({ code: CODE, codeVerifier: VERIFIER } as never)),
  invalid("the code as a code_challenge_method", () =>
    exchangeAuthCodeForAPIKey({ code: CODE, code_challenge_method: CODE as never })),
  invalid("the code as a callback_url", () =>
    createOpenRouterOAuth({ apiKey: APP_KEY }).createAuthCode({ ...CREATE_INPUT, callback_url: CODE })),
  invalid("a subject token with a trailing line break", () =>
    createOauthToken({ ...OAUTH_TOKEN_INPUT, subject_token: `${SUBJECT_TOKEN}\n` })),
  invalid("the subject token as the federation_policy_id", () =>
    createOauthToken({ ...OAUTH_TOKEN_INPUT, federation_policy_id: `${SUBJECT_TOKEN} x` })),
  invalid("the subject token as a scope", () => createOauthToken({ ...OAUTH_TOKEN_INPUT, scope: SUBJECT_TOKEN as never })),
  invalid("the subject token under a camelCase name", () =>
    createOauthToken({ federation_policy_id: "p", subjectToken: SUBJECT_TOKEN } as never)),
];

const SCENARIOS = [...perOperation, ...minted, ...oauthEchoes, ...accessTokenHeld, ...bad];

/** Every class the client can produce; the scenarios must reach each one. */
const CLIENT_ERRORS = [
  "APIError",
  "BadRequestResponseError",
  "UnauthorizedResponseError",
  "ForbiddenResponseError",
  "ConflictResponseError",
  "TooManyRequestsResponseError",
  "InternalServerResponseError",
  "ServiceUnavailableResponseError",
  "ConnectionError",
  "RequestTimeoutError",
  "RequestAbortedError",
  "ResponseValidationError",
  "InvalidRequestError",
];

describe("no secret is printed", () => {
  it.each(SCENARIOS.map((s) => [s.name, s] as const))("by the error of %s", async (_, scenario) => {
    const err = await scenario.error();
    expect((err as Error).name).toBe(scenario.produces);
    expectNoSecretIn(err);
  });

  it("is checked for every error class the client can produce", () => {
    expect([...new Set(SCENARIOS.map((s) => s.produces))].sort()).toEqual([...CLIENT_ERRORS].sort());
  });
});

describe("a call on oauth.client itself", () => {
  it("masks the client's API key in what a fetch of the app's throws, quoting the request's headers", async () => {
    // Not shaped like an OpenRouter key, so that only knowing it can mask it.
    const apiKey = "app-key-of-another-shape-0123456789";
    const quoting = async (request: Request) => {
      throw new Error(`refused ${JSON.stringify(Object.fromEntries(request.headers))}`);
    };
    const oauth = createOpenRouterOAuth({ apiKey, fetch: quoting });
    const error = await rejectionOf(oauth.client.GET("/key", { headers: { authorization: `Bearer ${apiKey}` } }));
    expect(error.name).toBe("ConnectionError");
    expectNoSecretIn(error, { apiKey });
  });
});

describe("redaction", () => {
  it("masks the echoed secrets in OpenRouter's message and keeps the rest", async () => {
    server.use(undocumented("/auth/keys", echoingError(403)));
    const err = await rejectionOf(EXCHANGE.call());
    expect(err.error.message).toBe("Rejected code=[redacted] code_verifier=[redacted] code_challenge_method=S256 authorization=Bearer [redacted]");
  });

  it("masks the echoed secrets in header values and names", async () => {
    server.use(undocumented("/auth/keys", echoingError(403)));
    const { headers } = await rejectionOf(EXCHANGE.call());
    expect(headers).toMatchObject({ "x-echo-code": "[redacted]", "x-echo-code_verifier": "[redacted]", "x-[redacted]": "as a name" });
  });

  it("masks the bearer key that createAuthCode sent when the server echoes it", async () => {
    server.use(undocumented("/auth/keys/code", echoingError(401)));
    const { headers } = await rejectionOf(CREATE_AUTH_CODE.call());
    expect(headers["x-echo-authorization"]).toBe("Bearer [redacted]");
  });

  it("leaves no part of a secret that the excerpt's end would cut", async () => {
    const page = `<html>${"p".repeat(180)} ${CODE} ${VERIFIER}</html>`;
    server.use(undocumented("/auth/keys", () => HttpResponse.html(page, { status: 502 })));
    const err = await rejectionOf(EXCHANGE.call());
    for (const text of Object.values(printed(err))) {
      expect(text).not.toContain(CODE.slice(0, 12));
    }
  });

  it("does not change the caller's input", async () => {
    server.use(undocumented("/auth/keys", echoingError(403)));
    const input = { ...EXCHANGE_INPUT };
    await rejectionOf(exchangeAuthCodeForAPIKey(input, CLIENT_OPTIONS as OpenRouterOAuthOptions));
    expect(input).toEqual(EXCHANGE_INPUT);
  });
});
