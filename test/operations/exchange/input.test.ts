// The exchange's input checks: a bad code, verifier or method is refused with InvalidRequestError before the
// single-use code is spent on a request that could only fail.
import { beforeEach, describe, expect, it } from "vitest";
import { createOpenRouterOAuth, exchangeAuthCodeForAPIKey, type ExchangeAuthCodeForAPIKeyRequest } from "../../../src/index.js";
import { CODE, VERIFIER } from "../../support/fixtures.js";
import { jsonOf, sent, useMockServer } from "../../support/msw.js";
import { acceptEverything, expectRefused } from "../../support/refused.js";

useMockServer();
beforeEach(acceptEverything);

const exchange = (request: unknown) => createOpenRouterOAuth().exchangeAuthCodeForAPIKey(request as ExchangeAuthCodeForAPIKeyRequest);

describe("code", () => {
  it("is required", async () => {
    await expectRefused(() => exchange({ code_verifier: VERIFIER }), "code", "code is required");
  });

  it("is required as the request's own field: an inherited one is not sent", async () => {
    await expectRefused(() => exchange(Object.create({ code: CODE })), "code", "code is required");
  });

  it.each([["empty", ""], ["a number", 42], ["null", null]])("is refused when %s", async (_, code) => {
    await expectRefused(() => exchange({ code }), "code", "code must be the non-empty code from the callback URL");
  });
});

describe("code_verifier", () => {
  const RULE = "code_verifier must be 43 to 128 characters of A-Z a-z 0-9 - . _ ~ (RFC 7636)";

  it.each([
    ["42 characters long", "a".repeat(42)],
    ["129 characters long", "a".repeat(129)],
    ["empty", ""],
    ["holding a +", `${VERIFIER.slice(1)}+`],
    ["holding a /", `${VERIFIER.slice(1)}/`],
    ["holding = padding", `${VERIFIER}=`],
    ["holding a space", `${VERIFIER.slice(1)} `],
    ["holding a non-ASCII letter", `${VERIFIER.slice(1)}é`],
    ["not a string", 12345],
  ])("is refused when %s", async (_, code_verifier) => {
    await expectRefused(() => exchange({ code: CODE, code_verifier }), "code_verifier", RULE);
  });

  it.each([
    ["43 characters", "a".repeat(43)],
    ["128 characters", "Z".repeat(128)],
    ["every character of the alphabet", "ABCXYZabcxyz0189-._~".repeat(3)],
  ])("is accepted and sent with %s", async (_, code_verifier) => {
    await exchange({ code: CODE, code_verifier });
    expect(await jsonOf(sent[0])).toEqual({ code: CODE, code_verifier });
  });
});

describe("code_challenge_method", () => {
  it.each([["lower case", "s256"], ["unknown", "S512"], ["empty", ""], ["a number", 256]])(
    "is refused when %s",
    async (_, code_challenge_method) => {
      await expectRefused(() => exchange({ code: CODE, code_challenge_method }), "code_challenge_method", 'must be one of "S256", "plain", null');
    },
  );

  it.each(["S256", "plain", null])("accepts %s and sends it as given", async (code_challenge_method) => {
    await exchange({ code: CODE, code_verifier: VERIFIER, code_challenge_method });
    expect(await jsonOf(sent[0])).toEqual({ code: CODE, code_verifier: VERIFIER, code_challenge_method });
  });
});

describe("the request object", () => {
  it("suggests the snake_case name for a camelCase field", async () => {
    await expectRefused(() => exchange({ code: CODE, codeVerifier: VERIFIER }), "codeVerifier", 'unknown field "codeVerifier" (did you mean "code_verifier"?)');
  });

  it("names an unknown field and the fields it expects", async () => {
    await expectRefused(() => exchange({ code: CODE, state: "s1" }), "state", /unknown field "state"; expected code, code_verifier, code_challenge_method/);
  });

  it("does not take inherited properties for rules", async () => {
    await expectRefused(() => exchange({ code: CODE, toString: "x" }), "toString", 'unknown field "toString"');
  });

  it.each([["null", null], ["a string", CODE], ["an array", [CODE]], ["undefined", undefined]])("is refused when %s", async (_, request) => {
    await expectRefused(() => exchange(request), undefined, "exchangeAuthCodeForAPIKey: expects an object of request fields.");
  });

  it("leaves out fields that are undefined", async () => {
    await exchange({ code: CODE, code_verifier: undefined, code_challenge_method: undefined });
    expect(await jsonOf(sent[0])).toEqual({ code: CODE });
  });

  it("is checked the same way by the standalone exchange", async () => {
    await expectRefused(() => exchangeAuthCodeForAPIKey({ code: "" }), "code", "code must be the non-empty code");
  });

  it("names the operation in the message", async () => {
    const err = await expectRefused(() => exchange({ code: "" }), "code", /^exchangeAuthCodeForAPIKey: /);
    expect(err.operation).toBe("exchangeAuthCodeForAPIKey");
  });
});
