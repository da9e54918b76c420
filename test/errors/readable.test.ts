// Errors people can read: bounded messages, pages summarised rather than quoted, hints that fit the operation,
// option errors that name it, and nothing shaped like an OpenRouter key in any printed form.
import { describe, expect, it } from "vitest";
import { createOpenRouterOAuth, exchangeAuthCodeForAPIKey, type FetchLike } from "../../src/index.js";
import { APP_KEY, CREATE_INPUT, EXCHANGE_INPUT, printed, rejectionOf } from "../support/fixtures.js";

const answering = (status: number, body: string, contentType = "application/json"): FetchLike => async () =>
  new Response(body, { status, headers: { "content-type": contentType } });
const exchangeAnswered = (fetch: FetchLike) => rejectionOf(exchangeAuthCodeForAPIKey(EXCHANGE_INPUT, { fetch }));
const createAnswered = (fetch: FetchLike) => rejectionOf(createOpenRouterOAuth({ apiKey: APP_KEY, fetch }).createAuthCode(CREATE_INPUT));

// A key this client never knew, as a server or a proxy might echo it.
const STRANGER_KEY = "sk-or-v1-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

describe("a key the client never knew", () => {
  it.each([
    ["OpenRouter's error message", JSON.stringify({ error: { code: 400, message: `Key ${STRANGER_KEY} is not allowed here` } })],
    ["the error's metadata", JSON.stringify({ error: { code: 400, message: "no", metadata: { key: STRANGER_KEY } } })],
    ["a body of another shape", JSON.stringify({ detail: `bad key ${STRANGER_KEY}` })],
    ["a text body", `bad key ${STRANGER_KEY}`],
  ])("is masked in every printed form when it comes in %s", async (_, body) => {
    const error = await exchangeAnswered(answering(400, body));
    for (const [form, text] of Object.entries(printed(error))) expect(text, form).not.toContain(STRANGER_KEY.slice(9));
  });

  it("is masked in a response header too", async () => {
    const fetch: FetchLike = async () => new Response("{}", { status: 500, headers: { "x-echo": STRANGER_KEY } });
    const error = await exchangeAnswered(fetch);
    expect(error.headers["x-echo"]).toBe("[redacted]");
    for (const text of Object.values(printed(error))) expect(text).not.toContain(STRANGER_KEY.slice(9));
  });
});

describe("a message", () => {
  it("cuts a long server message at about 200 characters", async () => {
    const long = "w".repeat(5_000);
    const error = await exchangeAnswered(answering(400, JSON.stringify({ error: { code: 400, message: long } })));
    expect(error.message).toContain(`${"w".repeat(200)}...`);
    expect(error.message).not.toContain("w".repeat(201));
    expect(error.error.message).toBe(`${"w".repeat(200)}...`);
  });

  it("summarises an HTML page by its title, without markup", async () => {
    const page = "<!doctype html><html><head><title>502 Bad Gateway</title></head><body><h1>nginx</h1></body></html>";
    const error = await exchangeAnswered(answering(502, page, "text/html"));
    expect(error.excerpt).toBe("an HTML page: 502 Bad Gateway");
    expect(error.message).not.toMatch(/[<>]/);
  });

  it("summarises a page without a title by its text", async () => {
    const error = await exchangeAnswered(answering(503, "<html><body><p>Down for <b>maintenance</b></p></body></html>", "text/html"));
    expect(error.excerpt).toBe("an HTML page: Down for maintenance");
  });

  it("is made for a body nested far deeper than any real one", async () => {
    const deep = `${"[".repeat(200_000)}${"]".repeat(200_000)}`;
    const error = await exchangeAnswered(answering(400, deep));
    expect(error).toMatchObject({ name: "BadRequestResponseError", status: 400 });
    expect(error.message).toContain("[redacted]");
  });

  // Tag patterns that could run past a "<" took minutes on such pages: these would time the test out.
  it.each([
    ["unclosed tags", `<html>${"<".repeat(1 << 19)}`],
    ["unclosed titles", `<html>${"<title".repeat(1 << 17)}`],
  ])("summarises a page of 512 KiB of %s", async (_, page) => {
    const error = await exchangeAnswered(answering(502, page, "text/html"));
    expect(error).toMatchObject({ name: "APIError", status: 502 });
    expect(error.message).not.toMatch(/[<>]/);
  });
});

describe("the hint after an error status", () => {
  it("never mentions apiKey on the exchange, which sends none", async () => {
    const error = await exchangeAnswered(answering(401, JSON.stringify({ error: { code: 401, message: "No auth credentials found" } })));
    expect(error.message).toBe("exchangeAuthCodeForAPIKey failed with HTTP 401: No auth credentials found. The exchange needs no API key; check baseUrl.");
    expect(error.message).not.toContain("apiKey");
  });

  it("names apiKey on createAuthCode, which sends it", async () => {
    const error = await createAnswered(answering(401, JSON.stringify({ error: { code: 401, message: "Invalid API key" } })));
    expect(error.message).toContain("Check the apiKey given to createOpenRouterOAuth.");
  });
});

describe("an option found wrong at call time", () => {
  it.each([
    ["timeoutMs", { timeoutMs: -1 }],
    ["headers", { headers: { "bad header": "x" } }],
    ["signal", { signal: {} as AbortSignal }],
    // A signal the call could listen to but never let go of would fail after the answer, the key lost with it.
    ["signal", { signal: { aborted: false, addEventListener() {} } as unknown as AbortSignal }],
  ])("names the operation, for %s", async (field, options) => {
    const client = createOpenRouterOAuth({ apiKey: APP_KEY });
    const exchange = await rejectionOf(client.exchangeAuthCodeForAPIKey(EXCHANGE_INPUT, options));
    const create = await rejectionOf(client.createAuthCode(CREATE_INPUT, options));
    expect(exchange).toMatchObject({ name: "InvalidRequestError", field, operation: "exchangeAuthCodeForAPIKey" });
    expect(exchange.message).toMatch(new RegExp(`^exchangeAuthCodeForAPIKey: ${field} `));
    expect(create.message).toMatch(new RegExp(`^createAuthCode: ${field} `));
  });
});
