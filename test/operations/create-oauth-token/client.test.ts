// What createOauthToken holds a 200 to beyond the spec's types, and what its errors say to fix.
import { HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { createOauthToken, ResponseValidationError } from "../../../src/index.js";
import { OAUTH_TOKEN_INPUT, OAUTH_TOKEN_RESPONSE, rejectionOf } from "../../support/fixtures.js";
import { server, undocumented, useMockServer } from "../../support/msw.js";

useMockServer();

const answering = (body: object, status = 200) => server.use(undocumented("/oauth/token", () => HttpResponse.json(body, { status })));

describe("a 200 that cannot be used", () => {
  it.each([
    ["no expires_in", { expires_in: undefined }, "expires_in", "has no expires_in"],
    ["an expires_in of 0", { expires_in: 0 }, "expires_in", "has an expires_in that is not a positive number of seconds"],
    ["a negative expires_in", { expires_in: -60 }, "expires_in", "has an expires_in that is not a positive number of seconds"],
    ["a hugely negative expires_in", { expires_in: -(2 ** 53 - 1) }, "expires_in", "has an expires_in that is not a positive number of seconds"],
    ["an expires_in that is not whole", { expires_in: 1.5 }, "expires_in", "has a expires_in that is not a whole number"],
    ["an expires_in below a second", { expires_in: 0.5 }, "expires_in", "has a expires_in that is not a whole number"],
    ["an expires_in as text", { expires_in: "300" }, "expires_in", "has a expires_in that is not a whole number"],
    ["an empty access_token", { access_token: "" }, "access_token", "has an access_token that is empty or cannot go in an HTTP header"],
    ["an access_token with a line break", { access_token: "a.b.c\r\nX-Injected: 1" }, "access_token", "has an access_token that is empty or cannot go in an HTTP header"],
    ["an access_token with a space", { access_token: "a b" }, "access_token", "has an access_token that is empty or cannot go in an HTTP header"],
    ["an access_token beyond ASCII", { access_token: "a.b.ç" }, "access_token", "has an access_token that is empty or cannot go in an HTTP header"],
    ["no access_token", { access_token: undefined }, "access_token", "has no access_token"],
  ])("is refused with ResponseValidationError for %s", async (_, change, field, problem) => {
    answering({ ...OAUTH_TOKEN_RESPONSE, ...change });
    const err = await rejectionOf(createOauthToken(OAUTH_TOKEN_INPUT));
    expect(err).toBeInstanceOf(ResponseValidationError);
    expect(err.field).toBe(field);
    expect(err.message).toContain(`the body ${problem}`);
    expect(err.body).toEqual(JSON.parse(JSON.stringify({ ...OAUTH_TOKEN_RESPONSE, ...change })));
  });

  it("is refused with ResponseValidationError for an expires_in beyond any number (1e400)", async () => {
    const text = JSON.stringify(OAUTH_TOKEN_RESPONSE).replace('"expires_in":300', '"expires_in":1e400');
    server.use(undocumented("/oauth/token", () => HttpResponse.text(text, { headers: { "content-type": "application/json" } })));
    const err = await rejectionOf(createOauthToken(OAUTH_TOKEN_INPUT));
    expect(err).toBeInstanceOf(ResponseValidationError);
    expect(err.field).toBe("expires_in");
  });

  it.each([
    ["just over 15 minutes", 901],
    ["a year", 31_536_000],
    ["1e16 seconds", 1e16],
    ["2^53-1 seconds", 2 ** 53 - 1],
  ])("reads an expires_in of %s as 900, the most OpenRouter documents, keeping the token", async (_, expires_in) => {
    answering({ ...OAUTH_TOKEN_RESPONSE, expires_in });
    expect(await createOauthToken(OAUTH_TOKEN_INPUT)).toEqual({ ...OAUTH_TOKEN_RESPONSE, expires_in: 900 });
  });

  it.each([1, 300, 900])("keeps an expires_in of %i as it is", async (expires_in) => {
    answering({ ...OAUTH_TOKEN_RESPONSE, expires_in });
    expect((await createOauthToken(OAUTH_TOKEN_INPUT)).expires_in).toBe(expires_in);
  });

  it("accepts a token type or scope it does not know, as OpenRouter may add them", async () => {
    answering({ ...OAUTH_TOKEN_RESPONSE, token_type: "DPoP", scope: "inference extra" });
    expect(await createOauthToken(OAUTH_TOKEN_INPUT)).toMatchObject({ token_type: "DPoP" });
  });
});

describe("what an error says to fix", () => {
  it.each([
    ["invalid_grant", "iss, sub or aud matches no federation policy", "or it has expired"],
    ["invalid_scope", 'set it to "inference"', "the only scope"],
    ["unsupported_grant_type", "does not take the token exchange grant", "check baseUrl"],
    ["invalid_request", "missing, repeated or malformed", "federation_policy_id"],
  ])("for %s", async (code, ...advice) => {
    answering({ error: code, error_description: "as OpenRouter words it" }, 400);
    const err = await rejectionOf(createOauthToken(OAUTH_TOKEN_INPUT));
    expect(err).toMatchObject({ name: "BadRequestResponseError", oauthError: code, oauthErrorDescription: "as OpenRouter words it" });
    expect(err.message).toContain(`HTTP 400: ${code}: as OpenRouter words it.`);
    for (const words of advice) expect(err.message).toContain(words);
  });

  it("for a code it does not know, the status's advice", async () => {
    answering({ error: "invalid_target", error_description: "x" }, 400);
    const err = await rejectionOf(createOauthToken(OAUTH_TOKEN_INPUT));
    expect(err).toMatchObject({ name: "BadRequestResponseError", status: 400, oauthError: "invalid_target" });
    expect(err.message).toContain("Check federation_policy_id and subject_token.");
  });

  it("for an RFC 6749 body without a description, the code alone", async () => {
    answering({ error: "server_error" }, 500);
    const err = await rejectionOf(createOauthToken(OAUTH_TOKEN_INPUT));
    expect(err).toMatchObject({ name: "InternalServerResponseError", oauthError: "server_error", oauthErrorDescription: undefined });
    expect(err.message).toBe("createOauthToken failed with HTTP 500: server_error. Try again later.");
  });

  it("for a 401, that no key is needed", async () => {
    answering({ error: { code: 401, message: "No auth credentials found" } }, 401);
    const err = await rejectionOf(createOauthToken(OAUTH_TOKEN_INPUT));
    expect(err).toMatchObject({ name: "UnauthorizedResponseError", error: { code: 401 } });
    expect(err.oauthError).toBeUndefined();
    expect(err.message).toContain("The token exchange needs no API key; check baseUrl.");
  });
});
