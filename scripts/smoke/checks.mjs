// Shared by smoke.mjs and smoke.cjs: the same checks whichever way the package was loaded.
import assert from "node:assert/strict";

export async function runSmoke({ computeCodeChallenge, createOpenRouterOAuth, ForbiddenResponseError }, how) {
  assert.equal(await computeCodeChallenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"), "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
  const json = (status, body) => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
  const ok = createOpenRouterOAuth({ fetch: async () => json(200, { key: "sk-or-v1-smoke", user_id: "user_1" }) });
  assert.deepEqual(await ok.exchangeAuthCodeForAPIKey({ code: "c" }), { key: "sk-or-v1-smoke", user_id: "user_1" });
  const denied = createOpenRouterOAuth({ fetch: async () => json(403, { error: { code: 403, message: "Invalid code or code_verifier" } }) });
  await assert.rejects(denied.exchangeAuthCodeForAPIKey({ code: "c" }), ForbiddenResponseError);
  console.log(`smoke (${how}): ok`);
}
