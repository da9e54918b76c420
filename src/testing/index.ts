// openrouter-oauth/testing: OpenRouter's side of the sign-in, faked, for tests of apps and of this package.
// The fake and simulateUser need only fetch and Web Crypto; serveFakeOpenRouter needs Node.
export {
  createFakeOpenRouter,
  FAKE_APP_API_KEY,
  FAKE_USER_ID,
  type FakeOpenRouter,
  type FakeOpenRouterOptions,
} from "./fake-openrouter.js";
export { serveFakeOpenRouter, type ServedFakeOpenRouter, type ServeFakeOpenRouterOptions } from "./serve.js";
export { simulateUser, type SimulatedUser, type SimulateUserOptions } from "./simulate-user.js";
