// openrouter-oauth/testing: OpenRouter's side of the sign-in, faked, for tests of apps and of this package.
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
export { simulateUser, type SimulatedUser, type SimulateUserOptions } from "./simulate-user.js";
