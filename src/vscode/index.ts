// openrouter-oauth/vscode: sign-in for a VS Code extension (and its forks), on the `vscode` API its host provides.
// What every entry shares (the sign-in steps, the errors) comes from openrouter-oauth itself.
export {
  DEFAULT_SIGN_IN_TIMEOUT_MS,
  signInWithOpenRouter,
  type SignedInWithOpenRouter,
  type SignInWithOpenRouterOptions,
} from "./sign-in.js";
export { handleUri } from "./handler.js";
export { getKey, KEY_SECRET, signOut } from "./secrets.js";
