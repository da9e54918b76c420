// The one call every contestant makes: POST /auth/keys with the same code and verifier, answered by the same
// fixed body. Each contestant is set up once, as an app would, and then returns the minted key per call.
export const EXPECTED_CODE = "bench-auth-code-0123456789";
export const VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
export const MINTED_KEY = "sk-or-v1-bench0000000000000000000000000000000000000000000000000000";
export const CANNED_RESPONSE = JSON.stringify({ key: MINTED_KEY, user_id: "user_bench" });
export const REQUEST = { code: EXPECTED_CODE, code_verifier: VERIFIER, code_challenge_method: "S256" };

/**
 * An in-memory stand-in for fetch with fetch's own first steps: it builds a Request from what it is given and
 * reads the body, as a server would; then it answers with the canned body. What remains is each client's work.
 */
export async function memoryFetch(input, init) {
  const request = new Request(input, init);
  const ok = request.method === "POST" && JSON.parse(await request.text()).code === EXPECTED_CODE;
  if (!ok) return new Response("not the bench's exchange", { status: 400 });
  return new Response(CANNED_RESPONSE, { status: 200, headers: { "content-type": "application/json" } });
}

/**
 * The contestants, in report order. `setup(fetch, baseUrl)` does what an app does once and returns the call.
 * `fetch` is memoryFetch, or undefined to use each library's default (the global fetch) against the loopback server.
 */
export function contestants({ createClient, ours, sdk, sdkCore, sdkExchange }) {
  return [
    {
      name: "bare fetch",
      setup: (fetch = globalThis.fetch, baseUrl) => async () => {
        const response = await fetch(`${baseUrl}/auth/keys`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(REQUEST),
        });
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        return (await response.json()).key;
      },
    },
    {
      name: "openapi-fetch",
      setup: (fetch, baseUrl) => {
        const client = createClient({ baseUrl, ...(fetch && { fetch }) });
        return async () => {
          const { data, error, response } = await client.POST("/auth/keys", { body: REQUEST });
          if (error !== undefined) throw new Error(`HTTP ${response.status}`);
          return data.key;
        };
      },
    },
    {
      // What a timeout costs with any client: ours always has one (30 s unless set), so this is its like for like.
      name: "openapi-fetch + 30 s timeout signal",
      setup: (fetch, baseUrl) => {
        const client = createClient({ baseUrl, ...(fetch && { fetch }) });
        return async () => {
          const { data, error, response } = await client.POST("/auth/keys", { body: REQUEST, signal: AbortSignal.timeout(30_000) });
          if (error !== undefined) throw new Error(`HTTP ${response.status}`);
          return data.key;
        };
      },
    },
    {
      name: "ours: createOpenRouterOAuth",
      setup: (fetch, baseUrl) => {
        const oauth = ours.createOpenRouterOAuth({ baseUrl, fetch });
        return async () => (await oauth.exchangeAuthCodeForAPIKey(REQUEST)).key;
      },
    },
    {
      name: "ours: exchangeAuthCodeForAPIKey",
      setup: (fetch, baseUrl) => async () => (await ours.exchangeAuthCodeForAPIKey(REQUEST, { baseUrl, fetch })).key,
    },
    {
      name: "SDK: new OpenRouter().oAuth",
      setup: (fetch, baseUrl) => {
        const client = new sdk.OpenRouter({ serverURL: baseUrl, ...(fetch && { httpClient: new sdk.HTTPClient({ fetcher: fetch }) }) });
        const request = { requestBody: { code: EXPECTED_CODE, codeVerifier: VERIFIER, codeChallengeMethod: "S256" } };
        return async () => (await client.oAuth.exchangeAuthCodeForAPIKey(request)).key;
      },
    },
    {
      name: "SDK: oAuthExchangeAuthCodeForAPIKey",
      setup: (fetch, baseUrl) => {
        const core = new sdkCore.OpenRouterCore({ serverURL: baseUrl, ...(fetch && { httpClient: new sdk.HTTPClient({ fetcher: fetch }) }) });
        const request = { requestBody: { code: EXPECTED_CODE, codeVerifier: VERIFIER, codeChallengeMethod: "S256" } };
        return async () => {
          const result = await sdkExchange.oAuthExchangeAuthCodeForAPIKey(core, request);
          if (!result.ok) throw result.error;
          return result.value.key;
        };
      },
    },
  ];
}
