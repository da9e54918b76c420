// Statuses the spec does not document but the real world sends: a wrong path, rate limits, proxies in front of
// OpenRouter, redirects. Each is an APIError with what the response told: 429 and 503 of the classes OpenRouter's
// SDKs name them by (for every operation that may be retried), the others an APIError itself.
import { http as plain, HttpResponse } from "msw";
import { afterEach, describe, expect, it, vi } from "vitest";
import { APIError, isOpenRouterOAuthError, ServiceUnavailableResponseError, TooManyRequestsResponseError } from "../../src/index.js";
import { rejectionOf } from "../support/fixtures.js";
import { server, undocumented, useMockServer } from "../support/msw.js";
import { EVERY, CREATE_AUTH_CODE } from "../support/operations.js";

useMockServer();
afterEach(() => void vi.useRealTimers());

const errorBody = (code: number, message: string) => ({ error: { code, message } });

/** A proxy's error page: long, and with a marker at the end that must never reach the user. */
const HTML_PAGE = `<!DOCTYPE html>
<html><head><title>502 Bad Gateway</title></head>
<body><h1>Bad Gateway</h1><p>The upstream server did not answer.</p>
${"<div class='padding'>&nbsp;</div>\n".repeat(200)}<footer>END-OF-PAGE-MARKER</footer></body></html>`;

describe.each(EVERY)("%s", (operation, op) => {
  it("throws a plain APIError for 404, with OpenRouter's error when the body has its shape", async () => {
    server.use(undocumented(op.path, () => HttpResponse.json(errorBody(404, "Not Found"), { status: 404 })));
    const err = await rejectionOf(op.call());
    expect(Object.getPrototypeOf(err)).toBe(APIError.prototype);
    expect(err).toMatchObject({ name: "APIError", status: 404, operation, error: { code: 404, message: "Not Found" } });
    expect(err.message).toContain("HTTP 404: Not Found");
    expect(err.message).toContain("Check baseUrl");
  });

  // The exchange is never retried: it has no class of its own for the statuses retries wait out.
  const retried = operation !== "exchangeAuthCodeForAPIKey";

  it(`throws ${retried ? "TooManyRequestsResponseError" : "a plain APIError"} for 429 and reads Retry-After given in seconds`, async () => {
    server.use(undocumented(op.path, () => HttpResponse.json(errorBody(429, "Rate limit exceeded"), { status: 429, headers: { "retry-after": "7" } })));
    const err = await rejectionOf(op.call());
    expect(Object.getPrototypeOf(err)).toBe((retried ? TooManyRequestsResponseError : APIError).prototype);
    expect(isOpenRouterOAuthError(err, "APIError")).toBe(true);
    expect(err).toMatchObject({ status: 429, retryAfterMs: 7000, headers: { "retry-after": "7" } });
    expect(err.message).toContain("Try again later");
  });

  it("reads a 429's Retry-After given as an HTTP date", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: new Date("2026-08-22T10:00:00Z") });
    server.use(undocumented(op.path, () => new HttpResponse(null, { status: 429, headers: { "retry-after": "Sat, 22 Aug 2026 10:02:30 GMT" } })));
    const err = await rejectionOf(op.call());
    expect(err.retryAfterMs).toBe(150_000);
  });

  it("reads a Retry-After date already past as no wait at all", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: new Date("2026-08-22T10:00:00Z") });
    server.use(undocumented(op.path, () => new HttpResponse(null, { status: 429, headers: { "retry-after": "Sat, 22 Aug 2026 09:00:00 GMT" } })));
    expect((await rejectionOf(op.call())).retryAfterMs).toBe(0);
  });

  it("leaves retryAfterMs undefined when Retry-After is neither seconds nor a date", async () => {
    server.use(undocumented(op.path, () => new HttpResponse(null, { status: 429, headers: { "retry-after": "soon" } })));
    const err = await rejectionOf(op.call());
    expect(err.status).toBe(429);
    expect(err.retryAfterMs).toBeUndefined();
  });

  it("throws a plain APIError for a 502 HTML page, summarised by its title and never quoted as markup", async () => {
    server.use(undocumented(op.path, () => HttpResponse.html(HTML_PAGE, { status: 502 })));
    const err = await rejectionOf(op.call());
    expect(Object.getPrototypeOf(err)).toBe(APIError.prototype);
    expect(err.status).toBe(502);
    expect(err.error).toBeUndefined();
    expect(err.excerpt).toBe("an HTML page: 502 Bad Gateway");
    expect(err.message).toBe(`${op.operation} failed with HTTP 502: an HTML page: 502 Bad Gateway. ${op.operation === "exchangeAuthCodeForAPIKey" ? "The code may already have been used: start a new authorization, since the code is single-use." : "Try again later."}`);
    for (const text of [err.message, err.excerpt, JSON.stringify(err)]) expect(text).not.toMatch(/[<>]/);
    for (const text of [err.message, err.excerpt, JSON.stringify(err)]) expect(text).not.toContain("END-OF-PAGE-MARKER");
  });

  it(`throws ${retried ? "ServiceUnavailableResponseError" : "a plain APIError"} for 503 and reads its Retry-After`, async () => {
    server.use(undocumented(op.path, () => HttpResponse.text("Service Unavailable", { status: 503, headers: { "retry-after": "30" } })));
    const err = await rejectionOf(op.call());
    expect(Object.getPrototypeOf(err)).toBe((retried ? ServiceUnavailableResponseError : APIError).prototype);
    expect(err).toMatchObject({ status: 503, retryAfterMs: 30_000, excerpt: "Service Unavailable" });
  });

  it("does not follow a redirect to another host and throws an APIError carrying the status and Location", async () => {
    let followed = 0;
    server.use(
      undocumented(op.path, () => new HttpResponse(null, { status: 307, headers: { location: "https://elsewhere.example/steal" } })),
      plain.all("https://elsewhere.example/*", () => {
        followed++;
        return HttpResponse.json({ key: "sk-elsewhere", user_id: null });
      }),
    );
    const err = await rejectionOf(op.call());
    expect(followed).toBe(0);
    expect(Object.getPrototypeOf(err)).toBe(APIError.prototype);
    expect(err).toMatchObject({ status: 307, headers: { location: "https://elsewhere.example/steal" } });
    expect(err.message).toContain("Redirects are not followed");
  });
});

describe("createAuthCode", () => {
  it("throws a plain APIError for 405, which the spec documents for the exchange only", async () => {
    server.use(undocumented("/auth/keys/code", () => HttpResponse.json(errorBody(405, "Method Not Allowed"), { status: 405 })));
    const err = await rejectionOf(CREATE_AUTH_CODE.call());
    expect(Object.getPrototypeOf(err)).toBe(APIError.prototype);
    expect(err).toMatchObject({ status: 405, operation: "createAuthCode", error: { code: 405, message: "Method Not Allowed" } });
  });
});
