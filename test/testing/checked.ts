// Every JSON answer the fake gives in these tests goes through this check against our spec, so the fake
// cannot drift from the contract that the client (and apps' tests) rely on.
import { afterEach, expect } from "vitest";
import { createFakeOpenRouter, type FakeOpenRouter, type FakeOpenRouterOptions } from "../../src/testing/index.js";
import { documentedResponses, responseErrors, type SpecPath } from "../support/spec.js";

const SPEC_PATH_OF: Record<string, SpecPath> = {
  "/api/v1/auth/keys": "/auth/keys",
  "/api/v1/auth/keys/code": "/auth/keys/code",
  "/api/v1/key": "/key",
  "/api/v1/oauth/token": "/oauth/token",
  "/api/v1/oauth/jwks": "/oauth/jwks",
};
const documented = new Set(documentedResponses().map(({ path, status }) => `${path} ${status}`));
// OpenRouter's guide gives the exchange a 405 and our spec has it; for createAuthCode neither does, but the fake
// answers a wrong method on any API path (GET /key too) the same way. Its body must still be OpenRouter's error shape.
const UNDOCUMENTED_BUT_EXPECTED = new Set(["/auth/keys/code 405", "/key 405", "/oauth/token 405", "/oauth/jwks 405"]);

export interface CheckedHandler {
  fetch(request: Request): Promise<Response>;
  /** Every way a response broke the spec so far; empty when all were valid. */
  readonly problems: string[];
  /** How many operation responses were checked. */
  readonly checked: number;
}

/** `handler.fetch`, with each response of an operation validated against the spec (status, content type, body). */
export function checkResponses(handler: Pick<FakeOpenRouter, "fetch">): CheckedHandler {
  const problems: string[] = [];
  let checked = 0;
  return {
    problems,
    get checked() {
      return checked;
    },
    async fetch(request) {
      const path = SPEC_PATH_OF[new URL(request.url).pathname];
      const response = await handler.fetch(request);
      if (!path) return response;
      checked++;
      const where = `${request.method} ${path} -> ${response.status}`;
      if (!response.headers.get("content-type")?.startsWith("application/json")) problems.push(`${where}: not JSON`);
      const text = await response.clone().text();
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        problems.push(`${where}: the body does not parse as JSON`);
        return response;
      }
      const key = `${path} ${response.status}`;
      const errors = documented.has(key) ? responseErrors(path, response.status, body)
        : UNDOCUMENTED_BUT_EXPECTED.has(key) ? responseErrors(path.startsWith("/oauth/") ? "/key" : path, 500, body) // 500's schema is OpenRouter's error shape
        : [`the spec documents no ${response.status}`];
      problems.push(...errors.map((error) => `${where}: ${error}`));
      return response;
    },
  };
}

const everyChecker: CheckedHandler[] = [];
afterEach(() => {
  const problems = everyChecker.flatMap((checker) => checker.problems);
  everyChecker.length = 0;
  expect(problems, "responses of the fake that break the spec").toEqual([]);
});

/** A fresh fake and its spec-checked fetch; the check runs after each test of the file that imports this. */
export function checkedFake(options?: FakeOpenRouterOptions) {
  const fake = createFakeOpenRouter(options);
  const checker = checkResponses(fake);
  everyChecker.push(checker);
  return { fake, fetch: checker.fetch, checker };
}

/** A fake whose clock the test moves by hand. */
export function fakeWithClock(options: FakeOpenRouterOptions = {}) {
  const clock = { now: Date.UTC(2030, 0, 1) };
  return { ...checkedFake({ ...options, now: () => clock.now }), clock };
}

export const ORIGIN = "https://openrouter.ai";

/** Sends `body` as JSON to `path` of the fake and returns the status and the parsed answer. */
export async function postJson(fetch: CheckedHandler["fetch"], path: string, body: unknown, apiKey?: string) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (apiKey !== undefined) headers.authorization = `Bearer ${apiKey}`;
  const response = await fetch(new Request(`${ORIGIN}${path}`, { method: "POST", headers, body: typeof body === "string" ? body : JSON.stringify(body) }));
  return { status: response.status, body: (await response.json()) as any, headers: response.headers };
}

export const exchange = (fetch: CheckedHandler["fetch"], body: unknown) => postJson(fetch, "/api/v1/auth/keys", body);
export const createCode = (fetch: CheckedHandler["fetch"], body: unknown, apiKey?: string) =>
  postJson(fetch, "/api/v1/auth/keys/code", body, apiKey);
