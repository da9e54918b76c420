// oauth.client is the one openapi-fetch client both operations go through: its middleware sees them, and what is
// called on it directly is bounded like them.
import { HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { createOpenRouterOAuth, RequestTimeoutError, type FetchLike } from "../../src/index.js";
import { APP_KEY, CREATE_INPUT, EXCHANGE_INPUT, MINTED_KEY, rejectionOf } from "../support/fixtures.js";
import { hang, server, undocumented, useMockServer } from "../support/msw.js";
import { acceptEverything } from "../support/refused.js";

useMockServer();

describe("the typed client", () => {
  it("runs its middleware on both operations, which therefore see codes, verifiers and keys", async () => {
    acceptEverything();
    const oauth = createOpenRouterOAuth({ apiKey: APP_KEY });
    const seen: { path: string; body: unknown; status: number }[] = [];
    oauth.client.use({
      async onRequest({ request, schemaPath }) {
        seen.push({ path: schemaPath, body: JSON.parse(await request.clone().text()), status: 0 });
      },
      onResponse({ response }) {
        seen.at(-1)!.status = response.status;
      },
    });
    await oauth.exchangeAuthCodeForAPIKey(EXCHANGE_INPUT);
    await oauth.createAuthCode(CREATE_INPUT);
    expect(seen).toEqual([
      { path: "/auth/keys", body: { ...EXCHANGE_INPUT }, status: 200 },
      { path: "/auth/keys/code", body: { ...CREATE_INPUT }, status: 200 },
    ]);
  });

  it("lets an error thrown by the app's own middleware reach the app unchanged, never retried", async () => {
    let requests = 0;
    const fetch: FetchLike = async () => {
      requests++;
      return Response.json({ data: { id: "c1", app_id: 1, created_at: "2030-01-01T00:00:00Z" } });
    };
    const oauth = createOpenRouterOAuth({ apiKey: APP_KEY, fetch, retry: { attempts: 3, maxDelayMs: 0 } });
    const broken = new Error("the app's middleware broke");
    let calls = 0;
    oauth.client.use({
      onRequest() {
        calls++;
        throw broken;
      },
    });
    expect(await rejectionOf(oauth.createAuthCode(CREATE_INPUT))).toBe(broken);
    expect(await rejectionOf(oauth.exchangeAuthCodeForAPIKey(EXCHANGE_INPUT))).toBe(broken);
    expect({ calls, requests }).toEqual({ calls: 2, requests: 0 });
  });

  it("lets an error thrown by the app's onResponse middleware reach the app unchanged", async () => {
    const oauth = createOpenRouterOAuth({ fetch: async () => Response.json({ key: MINTED_KEY, user_id: null }) });
    const broken = new Error("the app's onResponse broke");
    oauth.client.use({
      onResponse() {
        throw broken;
      },
    });
    expect(await rejectionOf(oauth.exchangeAuthCodeForAPIKey(EXCHANGE_INPUT))).toBe(broken);
  });

  it("bounds a direct call by the client's timeout", async () => {
    server.use(undocumented("/auth/keys", hang));
    const { client } = createOpenRouterOAuth({ timeoutMs: 50 });
    const error = await rejectionOf(client.POST("/auth/keys", { body: { code: "c" } }));
    expect(error).toBeInstanceOf(RequestTimeoutError);
    expect(error.message).toBe("The request timed out after 50 ms.");
  });

  it("does not follow a redirect on a direct call", async () => {
    let followed = 0;
    const fetch: FetchLike = async (request) => {
      if (new URL(request.url).host === "elsewhere.example") followed++;
      return new Response(null, { status: 307, headers: { location: "https://elsewhere.example/steal" } });
    };
    const { client } = createOpenRouterOAuth({ fetch });
    const { response } = await client.POST("/auth/keys", { body: { code: "c" } });
    expect(response.status).toBe(307);
    expect(followed).toBe(0);
  });

  it("reads at most 1 MiB of an error body on a direct call", async () => {
    server.use(undocumented("/auth/keys", () => new HttpResponse("e".repeat(3 << 20), { status: 500 })));
    const { client } = createOpenRouterOAuth();
    const { error } = await client.POST("/auth/keys", { body: { code: "c" } });
    expect(String(error).length).toBe(1 << 20);
  });
});
