// openrouter-oauth/node: what needs Node (a loopback server, a browser to open, Node's http). What every entry
// shares (the operations, the sign-in steps, the errors) comes from openrouter-oauth itself.
export { login, type LoginOptions, type LoginProgress, type PasteRefusal } from "./login.js";
export {
  DEFAULT_LOGIN_TIMEOUT_MS,
  startLoopbackListener,
  type LoopbackListener,
  type LoopbackListenerOptions,
} from "./listener.js";
export { openBrowser, type OpenBrowser } from "./open-browser.js";
export { toNodeHandler, type FetchHandler, type NodeAdapterOptions } from "./fetch-handler.js";
