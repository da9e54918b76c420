// The mock OpenRouter every client test talks to: msw/node intercepts fetch, and openapi-msw types the handlers
// from the same generated paths as the client, so a handler for a path or status the spec lacks does not compile.
// The client looks fetch up at each call, so the interception installed in beforeAll is honoured.
import { HttpResponse } from "msw";
import { setupServer } from "msw/node";
import { createOpenApiHttp } from "openapi-msw";
import { afterAll, afterEach, beforeAll } from "vitest";
import { whenAborted } from "../../src/base/abort.js";
import type { paths } from "../../src/generated/openapi.js";

export const BASE_URL = "https://openrouter.ai/api/v1";

/** Typed handlers; `http.untyped` (plain msw) is for what the spec does not document, and only for that. */
export const http = createOpenApiHttp<paths>({ baseUrl: BASE_URL });

export const server = setupServer();

/** Every request that reached the mock in the current test, handled or not, as a readable copy. */
export const sent: Request[] = [];
/** Every response a handler gave in the current test, as a readable copy. */
export const served: Response[] = [];

server.events.on("request:start", ({ request }) => void sent.push(request.clone()));
server.events.on("response:mocked", ({ response }) => void served.push(response.clone()));

/** Starts the mock for the calling test file; a request no handler expects fails the call. */
export function useMockServer(): void {
  beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
  afterEach(() => {
    server.resetHandlers();
    sent.length = 0;
    served.length = 0;
  });
  afterAll(() => server.close());
}

/** A resolver that never answers on its own: it waits until the client gives up on the request, even if it already has. */
export const hang = (request: Request) => new Promise<Response>((resolve) => whenAborted(request.signal, () => resolve(HttpResponse.error())));

/** The JSON body the client sent with `request`. */
export const jsonOf = async (request: Request | undefined): Promise<unknown> => JSON.parse(await request!.clone().text());

type DocumentedPath = "/auth/keys" | "/auth/keys/code" | "/key" | "/oauth/token" | "/oauth/jwks";
type Answer = (request: Request) => Response | Promise<Response>;

/**
 * A handler on a documented path that answers what the spec does not document (a 404, a 429, an HTML page...).
 * It goes through openapi-msw's untyped escape hatch, which exists for exactly this.
 */
export const undocumented = (path: DocumentedPath, answer: Answer) =>
  path === "/auth/keys" ? http.post("/auth/keys", async ({ request, response }) => response.untyped(await answer(request)))
  : path === "/key" ? http.get("/key", async ({ request, response }) => response.untyped(await answer(request)))
  : path === "/oauth/token" ? http.post("/oauth/token", async ({ request, response }) => response.untyped(await answer(request)))
  : path === "/oauth/jwks" ? http.get("/oauth/jwks", async ({ request, response }) => response.untyped(await answer(request)))
  : http.post("/auth/keys/code", async ({ request, response }) => response.untyped(await answer(request)));

/** The body the client sent with `request`: its JSON, or a form's fields as an object. */
export async function bodyOf(request: Request | undefined): Promise<unknown> {
  const text = await request!.clone().text();
  return /x-www-form-urlencoded/.test(request!.headers.get("content-type") ?? "") ? Object.fromEntries(new URLSearchParams(text)) : JSON.parse(text);
}
