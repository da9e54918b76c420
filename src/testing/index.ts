// openrouter-oauth/testing: OpenRouter's side of the sign-in and of workload identity, faked, for tests of apps
// and of this package (a fake identity provider included; its JWTs are made with jose, an optional peer dependency).
// The fake and simulateUser need only fetch and Web Crypto, so this entry bundles for a browser too; serving the
// fake over HTTP needs Node, and is openrouter-oauth/testing/node.
export {
  createFakeOpenRouter,
  FAKE_APP_API_KEY,
  FAKE_USER_ID,
  FAKE_WORKSPACE_ID,
  type FakeOpenRouter,
  type FakeOpenRouterOptions,
} from "./fake-openrouter.js";
export { createFakeIssuer, FAKE_ISSUER_URL, type FakeIssuer, type FakeIssuerClaims, type FakeIssuerOptions, type JwkSet } from "./fake-issuer.js";
export { ACCESS_TOKEN_MAX_SECONDS, type FakeFederationPolicy, type FakeWorkloadIdentityOptions } from "./token-exchange.js";
export { CREDITS_PER_TOKEN, type FakeKeyBooks } from "./minted-keys.js";
export { FAKE_MODELS } from "./model-calls.js";
export { simulateUser, type SimulatedUser, type SimulateUserOptions } from "./simulate-user.js";
