// openrouter-oauth/extension: sign-in for a browser extension (Manifest V3: Chrome, Edge, Firefox), through
// identity.launchWebAuthFlow or a callback page of the extension's own. What every entry shares (the sign-in
// steps, the errors) comes from openrouter-oauth itself.
export { signInWithWebAuthFlow } from "./web-auth-flow.js";
export { signInWithCallbackPage, type CallbackPageSignInOptions } from "./callback-page.js";
export { sendCallbackToExtension, type SendCallbackOptions } from "./deliver.js";
export { EXTENSION_SIGN_IN_TIMEOUT_MS, type ExtensionSignInOptions } from "./sign-in.js";
export type { ExtensionApi, ExtensionMessageListener, ExtensionMessageSender } from "./browser-api.js";
