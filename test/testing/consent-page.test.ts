// The fake's /auth: the consent page and the decision posted back from it.
import { describe, expect, it } from "vitest";
import { buildAuthorizationUrl } from "../../src/index.js";
import { simulateUser } from "../../src/testing/index.js";
import { checkedFake, exchange, ORIGIN } from "./checked.js";

const VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
const CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
const CALLBACK = "http://127.0.0.1:9999/callback";

function authUrl(params: Record<string, string>) {
  return `${ORIGIN}/auth?${new URLSearchParams(params)}`;
}
const withCallback = (extra: Record<string, string> = {}) =>
  authUrl({ callback_url: CALLBACK, code_challenge: CHALLENGE, code_challenge_method: "S256", ...extra });

async function open(fetch: (request: Request) => Promise<Response>, url: string) {
  const response = await fetch(new Request(url));
  return { status: response.status, headers: response.headers, html: await response.text() };
}

function decide(fetch: (request: Request) => Promise<Response>, fields: Record<string, string>) {
  return fetch(new Request(`${ORIGIN}/auth`, { method: "POST", body: new URLSearchParams(fields), redirect: "manual" }));
}
const approveFields = (extra: Record<string, string> = {}) =>
  ({ callback_url: CALLBACK, code_challenge: CHALLENGE, code_challenge_method: "S256", decision: "approve", ...extra });

describe("the fake's consent page", () => {
  it("shows the app's key label and Authorize and Deny buttons in a form that posts back to /auth", async () => {
    const { fetch } = checkedFake();
    const { status, headers, html } = await open(fetch, withCallback({ key_label: "Acme Notes" }));
    expect(status).toBe(200);
    expect(headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(html).toContain("<strong>Acme Notes</strong>");
    expect(html).toMatch(/<form method="post" action="\/auth">/);
    expect(html).toContain('<button type="submit" name="decision" value="approve">Authorize</button>');
    expect(html).toContain('<button type="submit" name="decision" value="deny">Deny</button>');
  });

  it("is self-contained: no scripts and no external resources, and says so in its CSP", async () => {
    const { fetch } = checkedFake();
    const { headers, html } = await open(fetch, withCallback({ key_label: "Acme" }));
    expect(html).not.toMatch(/<script|<link|<img|<iframe|\ssrc=|\shref=|url\(/i);
    expect(headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(headers.get("referrer-policy")).toBe("no-referrer");
  });

  it("escapes everything it echoes", async () => {
    const { fetch } = checkedFake();
    const label = `<script>alert("x")</script>&'`;
    const { html } = await open(fetch, withCallback({ key_label: label, callback_url: `${CALLBACK}?next="><script>x</script>` }));
    expect(html).not.toContain("<script>");
    expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;");
  });

  it("shows the credit limit when one is asked for", async () => {
    const { fetch } = checkedFake();
    expect((await open(fetch, withCallback({ limit: "2.5" }))).html).toContain("Credit limit of the key: 2.5");
  });

  it.each([
    ["a callback URL that is neither https nor loopback", { callback_url: "http://app.example/cb" }, "callback_url"],
    ["a callback URL that is not a URL", { callback_url: "cb" }, "callback_url"],
    ["an unknown code_challenge_method", { code_challenge_method: "S512" }, "code_challenge_method"],
    ["a code_challenge that is not one", { code_challenge: "abc" }, "code_challenge"],
    ["a key_label over 100 characters", { key_label: "k".repeat(101) }, "key_label"],
    ["a limit that is not a number", { limit: "lots" }, "limit"],
    ["a negative limit", { limit: "-1" }, "limit"],
  ])("refuses %s with a 400 page naming the parameter", async (_, params, name) => {
    const { fetch } = checkedFake();
    const { status, html } = await open(fetch, withCallback(params));
    expect(status).toBe(400);
    expect(html).toContain(`The ${name} `);
  });

  it("says in a sentence that reads correctly why a headless link without S256 PKCE is refused", async () => {
    const { fetch } = checkedFake();
    const { status, html } = await open(fetch, authUrl({ code_challenge: CHALLENGE }));
    expect(status).toBe(400);
    expect(html).toContain("Without a callback_url (headless mode), a code_challenge with code_challenge_method=S256 is required.");
    expect(html).not.toMatch(/The without|The The/);
  });

  it("refuses a code_challenge_method without a code_challenge", async () => {
    const { fetch } = checkedFake();
    expect((await open(fetch, authUrl({ callback_url: CALLBACK, code_challenge_method: "S256" }))).status).toBe(400);
  });

  it("accepts a callback without PKCE, as OpenRouter does", async () => {
    const { fetch } = checkedFake();
    expect((await open(fetch, authUrl({ callback_url: CALLBACK }))).status).toBe(200);
  });

  it.each([
    ["no code_challenge", {}],
    ["a plain challenge", { code_challenge: VERIFIER, code_challenge_method: "plain" }],
    ["a challenge without a method", { code_challenge: CHALLENGE }],
  ])("refuses headless mode with %s", async (_, params) => {
    const { fetch } = checkedFake();
    const { status, html } = await open(fetch, authUrl(params));
    expect(status).toBe(400);
    expect(html).toContain("headless mode");
  });

  it("answers 405 to a method other than GET and POST", async () => {
    const { fetch } = checkedFake();
    const response = await fetch(new Request(withCallback(), { method: "PUT" }));
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("GET, POST");
  });
});

describe("the fake's consent decision", () => {
  it("redirects an approval to the callback with a code that the exchange accepts", async () => {
    const { fetch } = checkedFake();
    const response = await decide(fetch, approveFields());
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get("location")!);
    expect(`${location.origin}${location.pathname}`).toBe(CALLBACK);
    const code = location.searchParams.get("code")!;
    expect((await exchange(fetch, { code, code_verifier: VERIFIER, code_challenge_method: "S256" })).status).toBe(200);
  });

  it("keeps the callback's own query, state included, exactly as it was", async () => {
    const { fetch } = checkedFake();
    const response = await decide(fetch, approveFields({ callback_url: `${CALLBACK}?state=s%2F1&app=a%20b` }));
    expect(response.headers.get("location")).toMatch(/^http:\/\/127\.0\.0\.1:9999\/callback\?state=s%2F1&app=a%20b&code=[0-9a-f]+$/);
  });

  it("keeps state through the consent page, as a user's browser carries it", async () => {
    const { fetch } = checkedFake();
    const { url, state } = buildAuthorizationUrl({ callbackUrl: `${CALLBACK}?tab=2`, codeChallenge: CHALLENGE, authUrl: `${ORIGIN}/auth` });
    const { redirectedTo } = await simulateUser(url, "approve", { fetch, follow: false });
    const params = new URL(redirectedTo!).searchParams;
    expect([params.get("tab"), params.get("state")]).toEqual(["2", state]);
    expect(params.get("code")).toMatch(/^[0-9a-f]+$/);
  });

  it("redirects a denial with error=access_denied and a description, keeping the state and giving no code", async () => {
    const { fetch } = checkedFake();
    const response = await decide(fetch, approveFields({ decision: "deny", callback_url: `${CALLBACK}?state=abc` }));
    expect(response.status).toBe(302);
    const params = new URL(response.headers.get("location")!).searchParams;
    expect(params.get("state")).toBe("abc");
    expect(params.get("error")).toBe("access_denied");
    expect(params.get("error_description")).toMatch(/denied/);
    expect(params.has("code")).toBe(false);
  });

  it("shows the code on a page when a headless request is approved", async () => {
    const { fetch } = checkedFake();
    const response = await decide(fetch, { code_challenge: CHALLENGE, code_challenge_method: "S256", decision: "approve" });
    expect(response.status).toBe(200);
    const code = /<code id="authorization-code">([0-9a-f]+)<\/code>/.exec(await response.text())?.[1];
    expect((await exchange(fetch, { code, code_verifier: VERIFIER, code_challenge_method: "S256" })).status).toBe(200);
  });

  it("labels a headless key by its masked form, as OpenRouter answers a user key", async () => {
    const { fetch } = checkedFake();
    const response = await decide(fetch, { code_challenge: CHALLENGE, code_challenge_method: "S256", decision: "approve" });
    const code = /<code id="authorization-code">([0-9a-f]+)<\/code>/.exec(await response.text())?.[1];
    const { body } = await exchange(fetch, { code, code_verifier: VERIFIER, code_challenge_method: "S256" });
    const described = await fetch(new Request(`${ORIGIN}/api/v1/key`, { headers: { authorization: `Bearer ${body.key}` } }));
    expect((await described.json()).data.label).toBe(`sk-or-v1-${body.key.slice(9, 12)}...${body.key.slice(-4)}`);
  });

  it("shows no code when a headless request is denied", async () => {
    const { fetch } = checkedFake();
    const response = await decide(fetch, { code_challenge: CHALLENGE, code_challenge_method: "S256", decision: "deny" });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("Access denied");
    expect(html).not.toContain("authorization-code");
  });

  it("binds the code to the challenge of the consent, so another verifier is refused", async () => {
    const { fetch } = checkedFake();
    const code = new URL((await decide(fetch, approveFields())).headers.get("location")!).searchParams.get("code");
    expect((await exchange(fetch, { code, code_verifier: "z".repeat(43), code_challenge_method: "S256" })).status).toBe(403);
  });

  it("refuses a form without a decision", async () => {
    const { fetch } = checkedFake();
    const { decision: _, ...fields } = approveFields();
    expect((await decide(fetch, fields)).status).toBe(400);
  });

  it("checks the posted form as strictly as the page's query", async () => {
    const { fetch } = checkedFake();
    expect((await decide(fetch, approveFields({ callback_url: "http://evil.example/cb" }))).status).toBe(400);
  });
});
