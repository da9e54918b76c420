// createOauthToken's input checks: every field's rule, each refusal an InvalidRequestError naming the field and
// what it expects, with nothing sent; and what it fills in and leaves out of the form it sends.
import { beforeEach, describe, expect, it } from "vitest";
import { createOauthToken, createOpenRouterOAuth, type CreateOauthTokenRequest } from "../../../src/index.js";
import { APP_KEY, OAUTH_TOKEN_INPUT, SUBJECT_TOKEN } from "../../support/fixtures.js";
import { bodyOf, sent, useMockServer } from "../../support/msw.js";
import { acceptEverything, expectRefused } from "../../support/refused.js";

useMockServer();
beforeEach(acceptEverything);

const exchange = (fields: Record<string, unknown>) => createOauthToken({ ...OAUTH_TOKEN_INPUT, ...fields } as CreateOauthTokenRequest);
const sentForm = async () => (await bodyOf(sent[0])) as Record<string, string>;

describe("what is sent", () => {
  it("fills in the token exchange grant and the JWT subject token type", async () => {
    await createOauthToken({ federation_policy_id: "policy-1", subject_token: SUBJECT_TOKEN });
    expect(await sentForm()).toEqual({
      grant_type: "urn:ietf:params:oauth:grant-type:token-exchange",
      subject_token_type: "urn:ietf:params:oauth:token-type:jwt",
      federation_policy_id: "policy-1",
      subject_token: SUBJECT_TOKEN,
    });
  });

  it("sends each parameter once, form-encoded", async () => {
    await exchange({});
    const form = new URLSearchParams(await sent[0]!.clone().text());
    expect([...form.keys()].sort()).toEqual(["federation_policy_id", "grant_type", "scope", "subject_token", "subject_token_type"]);
    expect(sent[0]!.headers.get("content-type")).toBe("application/x-www-form-urlencoded");
  });

  it("never sends the client's API key, nor an Authorization header given in the client's or the call's headers", async () => {
    const oauth = createOpenRouterOAuth({ apiKey: APP_KEY, headers: { authorization: `Bearer ${APP_KEY}` } });
    await oauth.createOauthToken(OAUTH_TOKEN_INPUT, { headers: { Authorization: `Bearer ${APP_KEY}` } });
    await createOauthToken(OAUTH_TOKEN_INPUT, { apiKey: APP_KEY, headers: { authorization: `Bearer ${APP_KEY}` } });
    expect(sent).toHaveLength(2);
    for (const request of sent) expect(request.headers.has("authorization")).toBe(false);
  });

  it("leaves scope out when it is not given", async () => {
    await exchange({ scope: undefined });
    expect(await sentForm()).not.toHaveProperty("scope");
  });
});

describe("federation_policy_id", () => {
  it.each([
    ["an empty string", ""],
    ["one with a space", "policy 1"],
    ["one with a line break", "policy-1\n"],
    ["not a string", 42],
  ])("refuses %s", async (_, federation_policy_id) => {
    await expectRefused(() => exchange({ federation_policy_id }), "federation_policy_id", /federation_policy_id must be (a string|the policy's id)/);
  });

  it("is required", async () => {
    await expectRefused(() => createOauthToken({ subject_token: SUBJECT_TOKEN } as never), "federation_policy_id", "federation_policy_id is required");
  });
});

describe("subject_token", () => {
  const RULE = "subject_token must be a JWT: three base64url parts separated by dots";

  it.each([
    ["an empty string", ""],
    ["a token with a trailing line break, as read from a file", `${SUBJECT_TOKEN}\n`],
    ["a token with a leading space", ` ${SUBJECT_TOKEN}`],
    ["two parts only", "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0"],
    ["four parts", `${SUBJECT_TOKEN}.x`],
    ["base64 with padding", "eyJhbGciOiJFUzI1NiJ9=.eyJzdWIiOiJ4In0.c2ln"],
    ["a Bearer header value", `Bearer ${SUBJECT_TOKEN}`],
  ])("refuses %s", async (_, subject_token) => {
    const err = await expectRefused(() => exchange({ subject_token }), "subject_token", RULE);
    expect(err.message).not.toContain(SUBJECT_TOKEN);
  });

  it("refuses what is not a string", async () => {
    await expectRefused(() => exchange({ subject_token: 42 }), "subject_token", RULE);
  });

  it("is required", async () => {
    await expectRefused(() => createOauthToken({ federation_policy_id: "p" } as never), "subject_token", "subject_token is required");
  });
});

describe("scope", () => {
  it.each(["inference", undefined])("accepts %s", async (scope) => {
    await exchange({ scope });
    expect(sent).toHaveLength(1);
  });

  it.each(["admin", "", "inference openid"])("refuses %j", async (scope) => {
    await expectRefused(() => exchange({ scope }), "scope", 'scope must be one of "inference"');
  });
});

describe("fields it fills in itself", () => {
  it.each(["grant_type", "subject_token_type", "requested_token_type"])("refuses %s as an unknown field", async (field) => {
    await expectRefused(() => exchange({ [field]: "x" }), field, `unknown field "${field}"`);
  });

  it("offers the right name for a camelCase one", async () => {
    await expectRefused(() => createOauthToken({ federationPolicyId: "p", subject_token: SUBJECT_TOKEN } as never), "federationPolicyId", 'did you mean "federation_policy_id"');
  });
});

describe("the request itself", () => {
  it.each([["null", null], ["a string", "x"], ["an array", []]])("refuses %s", async (_, request) => {
    await expectRefused(() => createOauthToken(request as never), undefined, "createOauthToken: expects an object of request fields");
  });
});
