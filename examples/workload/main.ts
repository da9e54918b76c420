// The workload example, offline: a fake identity provider signs the workload's JWT, a fake OpenRouter served on
// 127.0.0.1 exchanges it for an access token, and createWorkloadIdentity's fetch calls GET /key with that token.
// Nothing leaves this machine.
import { createFakeIssuer, createFakeOpenRouter } from "openrouter-oauth/testing";
import { serveFakeOpenRouter } from "openrouter-oauth/testing/node";
import { createWorkloadIdentity } from "openrouter-oauth/workload";

// What an admin sets up on openrouter.ai: an issuer, and a policy that matches the workload's JWT.
const issuer = createFakeIssuer({ issuer: "https://token.actions.githubusercontent.com" });
const policy = {
  id: "4b2f7d1e-8c3a-4e5f-9a6b-1c2d3e4f5a6b",
  issuer: issuer.issuer,
  subject: "repo:acme/app:ref:refs/heads/main",
  audience: "https://openrouter.ai",
};
const fake = createFakeOpenRouter({ workloadIdentity: { issuers: [issuer], policies: [policy] } });
const served = await serveFakeOpenRouter(fake);
console.log(`Fake OpenRouter on ${served.baseUrl}`);

try {
  const wi = createWorkloadIdentity({
    federationPolicyId: policy.id,
    // In a GitHub Actions job: fromGitHubActions({ audience: policy.audience }). Here the fake issuer signs a
    // fresh JWT for each exchange, as GitHub would.
    subjectToken: () => issuer.sign({ sub: policy.subject, aud: policy.audience, expiresInSeconds: 300 }),
    baseUrl: served.baseUrl,
  });

  const response = await wi.fetch(`${served.baseUrl}/key`);
  const { data } = (await response.json()) as { data: { expires_at: string | null } };
  console.log(`GET /key with the access token: HTTP ${response.status}, a key that works until ${data.expires_at}`);

  // A second request is served by the held token: no second exchange.
  await wi.fetch(`${served.baseUrl}/key`);
  console.log(`Exchanges made for two requests: ${fake.calls.createOauthToken}`);
} finally {
  await served.close();
}
