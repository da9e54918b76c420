// The token source handed to OpenRouter's official SDK, against the served fake: as its apiKey function, and as
// the fetch of its HTTPClient, through which a 401 reaches the token source and the next request exchanges again.
// What GET /key answered is read off the served fake: the SDK's own schema of that answer asks for fields the fake
// leaves out, so the SDK's parsed result is not what is checked.
import { OpenRouter } from "@openrouter/sdk";
import { HTTPClient } from "@openrouter/sdk/lib/http.js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createFakeIssuer, createFakeOpenRouter, type FakeOpenRouter } from "../../src/testing/index.js";
import { serveFakeOpenRouter, type ServedFakeOpenRouter } from "../../src/testing/node/index.js";
import { createWorkloadIdentity, type WorkloadIdentity } from "../../src/workload/index.js";

const POLICY = { id: "4b2f7d1e-8c3a-4e5f-9a6b-1c2d3e4f5a6b", subject: "repo:example/app:ref:refs/heads/main", audience: "https://openrouter.ai" };

let fake: FakeOpenRouter;
let served: ServedFakeOpenRouter;
let wi: WorkloadIdentity;
/** GET /key as the served fake answered it: the bearer it was sent with, and the status. */
let keyRequests: { authorization: string | null; status: number }[];

beforeEach(async () => {
  const issuer = createFakeIssuer();
  fake = createFakeOpenRouter({ workloadIdentity: { issuers: [issuer], policies: [{ ...POLICY, issuer: issuer.issuer }] } });
  keyRequests = [];
  served = await serveFakeOpenRouter({
    fetch: async (request) => {
      const response = await fake.fetch(request);
      if (new URL(request.url).pathname.endsWith("/key")) keyRequests.push({ authorization: request.headers.get("authorization"), status: response.status });
      return response;
    },
  });
  wi = createWorkloadIdentity({
    federationPolicyId: POLICY.id,
    subjectToken: () => issuer.sign({ sub: POLICY.subject, aud: POLICY.audience }),
    baseUrl: served.baseUrl,
  });
});
afterEach(() => served.close());

/** Makes the SDK's GET /key; its parsed answer is not used (see above). */
const getKey = (sdk: OpenRouter) => sdk.apiKeys.getCurrentKeyMetadata().then(() => "parsed", (error: { statusCode?: number }) => error.statusCode ?? "sent");

describe("@openrouter/sdk with the token source", () => {
  it("takes getAccessToken as its apiKey: requests carry the access token, which works as the policy's key, on one exchange", async () => {
    const sdk = new OpenRouter({ serverURL: served.baseUrl, apiKey: wi.getAccessToken, retryConfig: { strategy: "none" } });
    await getKey(sdk);
    await getKey(sdk);
    const token = await wi.getAccessToken();
    expect(keyRequests).toEqual([
      { authorization: `Bearer ${token}`, status: 200 },
      { authorization: `Bearer ${token}`, status: 200 },
    ]);
    expect(fake.calls.createOauthToken).toBe(1);
  });

  it("takes wi.fetch as its HTTPClient's fetcher, so that a 401 invalidates the token and the next request exchanges again", async () => {
    const sdk = new OpenRouter({ serverURL: served.baseUrl, httpClient: new HTTPClient({ fetcher: wi.fetch }), retryConfig: { strategy: "none" } });
    await getKey(sdk);
    const first = await wi.getAccessToken();
    fake.failNext("getCurrentKey", 401);
    expect(await getKey(sdk)).toBe(401);
    await getKey(sdk);
    const second = await wi.getAccessToken();
    expect(second).not.toBe(first);
    expect(keyRequests).toEqual([
      { authorization: `Bearer ${first}`, status: 200 },
      { authorization: `Bearer ${first}`, status: 401 },
      { authorization: `Bearer ${second}`, status: 200 },
    ]);
    expect(fake.calls.createOauthToken).toBe(2);
  });
});
