// A status becomes the same error class whichever operation answered it: the mapping is by status alone, so a
// 401 from the exchange (which the spec does not document) is still an UnauthorizedResponseError.
import { HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { APIError, UnauthorizedResponseError } from "../../src/index.js";
import { CLASS_BY_STATUS } from "../../src/transport/response.js";
import { RETRY_CLASSES } from "../../src/transport/retry.js";
import { rejectionOf } from "../support/fixtures.js";
import { server, undocumented, useMockServer } from "../support/msw.js";
import { EVERY, CREATE_AUTH_CODE, EXCHANGE } from "../support/operations.js";
import { ERROR_STATUSES, errorStatuses } from "../support/statuses.js";

useMockServer();

// The names users know, from OpenRouter's SDKs: asserted here once, the tables below take them from the client.
it("gives the documented statuses the classes users know", () => {
  // Statuses with no class of their own are APIErrors.
  expect(Object.fromEntries(ERROR_STATUSES.map(([status, cls]) => [status, cls.name]))).toMatchObject({ 404: "APIError", 405: "APIError", 502: "APIError" });
  // The client's whole table, so that a class for any other status is a decision this test sees.
  expect(Object.fromEntries(Object.entries(CLASS_BY_STATUS).map(([status, cls]) => [status, cls.name]))).toEqual({
    400: "BadRequestResponseError",
    401: "UnauthorizedResponseError",
    403: "ForbiddenResponseError",
    409: "ConflictResponseError",
    500: "InternalServerResponseError",
  });
  // What the operations that may be retried (all but the exchange) add: the statuses retries wait out.
  expect(Object.fromEntries(Object.entries(RETRY_CLASSES).map(([status, cls]) => [status, cls.name]))).toEqual({
    ...Object.fromEntries(Object.entries(CLASS_BY_STATUS).map(([status, cls]) => [status, cls.name])),
    429: "TooManyRequestsResponseError",
    503: "ServiceUnavailableResponseError",
  });
  for (const [, cls] of ERROR_STATUSES) expect(cls === APIError || Object.getPrototypeOf(cls) === APIError).toBe(true);
});

describe.each(EVERY)("%s", (_, op) => {
  it.each(errorStatuses(op.operation).map(([status, cls]) => [status, cls.name, cls] as const))("maps HTTP %i to %s", async (status, __, cls) => {
    server.use(undocumented(op.path, () => HttpResponse.json({ error: { code: status, message: "m" } }, { status })));
    const err = await rejectionOf(op.call());
    expect(Object.getPrototypeOf(err)).toBe(cls.prototype);
    expect(err.status).toBe(status);
  });
});

it("throws UnauthorizedResponseError for a 401 from the exchange, although the spec documents none", async () => {
  server.use(undocumented("/auth/keys", () => HttpResponse.json({ error: { code: 401, message: "Unauthorized" } }, { status: 401 })));
  const err = await rejectionOf(EXCHANGE.call());
  expect(err).toBeInstanceOf(UnauthorizedResponseError);
  expect(err.operation).toBe("exchangeAuthCodeForAPIKey");
});

describe("the hint after the server's message", () => {
  const OPS = { exchangeAuthCodeForAPIKey: EXCHANGE, createAuthCode: CREATE_AUTH_CODE };
  it.each([
    ["exchangeAuthCodeForAPIKey", 400, "Check that code_challenge_method matches the authorization request."],
    ["exchangeAuthCodeForAPIKey", 401, "The exchange needs no API key; check baseUrl."],
    ["exchangeAuthCodeForAPIKey", 403, "The code is unknown, used or expired, or the verifier does not match: start a new authorization"],
    ["exchangeAuthCodeForAPIKey", 409, "Try again later."],
    ["exchangeAuthCodeForAPIKey", 429, "Try again later."],
    ["exchangeAuthCodeForAPIKey", 500, "The code may already have been used: start a new authorization"],
    ["exchangeAuthCodeForAPIKey", 503, "The code may already have been used: start a new authorization"],
    ["exchangeAuthCodeForAPIKey", 404, "Check baseUrl."],
    ["createAuthCode", 400, "Check the request fields."],
    ["createAuthCode", 401, "Check the apiKey given to createOpenRouterOAuth."],
    ["createAuthCode", 403, "This API key may not create authorization codes."],
    ["createAuthCode", 409, "Try again later."],
    ["createAuthCode", 500, "Try again later."],
    ["createAuthCode", 404, "Check baseUrl."],
  ] as const)("%s, HTTP %i: %s", async (operation, status, hint) => {
    const op = OPS[operation];
    server.use(undocumented(op.path, () => HttpResponse.json({ error: { code: status, message: "m" } }, { status })));
    expect((await rejectionOf(op.call())).message).toContain(hint);
  });
});
