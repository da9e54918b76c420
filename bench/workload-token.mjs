// What a cached workload token costs per request: an SDK given `apiKey: wi.getAccessToken` calls it on every
// request, where one given a string just reads it. Both are resolved as an SDK does (a string as it is, a function
// awaited), with the token already held (its one exchange answered in memory before timing starts).
// Prints one JSON object: {name: {wall, cpu}}, samples in µs per call, one a round, rounds rotated as in calls.mjs.
// Run by bench/run.mjs as: node bench/workload-token.mjs <workload entry> <rounds> <batch> <warm-up rounds>
import { rotatedSamples } from "./stats.mjs";

const [entry, rounds, batch, warmupRounds] = process.argv.slice(2).map((arg, i) => (i ? Number(arg) : arg));
const { createWorkloadIdentity } = await import(entry);

const TOKEN = "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJiZW5jaCJ9.c2lnbmF0dXJl";
const answered = () =>
  Response.json(
    { access_token: TOKEN, expires_in: 900, issued_token_type: "urn:ietf:params:oauth:token-type:access_token", scope: "inference", token_type: "Bearer" },
    { headers: { "cache-control": "no-store" } },
  );

const wi = createWorkloadIdentity({
  federationPolicyId: "4b2f7d1e-8c3a-4e5f-9a6b-1c2d3e4f5a6b",
  subjectToken: "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ3b3JrbG9hZCJ9.c2lnbmF0dXJl",
  baseUrl: "https://openrouter.bench/api/v1",
  fetch: async () => answered(),
});
await wi.getAccessToken();

/** How an SDK reads its `apiKey` before each request. */
const keyOf = async (apiKey) => (typeof apiKey === "string" ? apiKey : await apiKey());

const NAMES = { string: "a plain string key", cached: "getAccessToken(), token held" };
const calls = [
  { name: NAMES.string, call: () => keyOf(TOKEN) },
  { name: NAMES.cached, call: () => keyOf(wi.getAccessToken) },
];

const samples = await rotatedSamples(calls, { rounds, warmupRounds, batch, expected: TOKEN });
process.stdout.write(`${JSON.stringify(samples)}\n`);
