// The Node entry: everything of the isomorphic entry, plus what needs Node (a loopback server, a browser to open).
export * from "../index.js";
export { login, type LoginOptions, type LoginProgress, type PasteRefusal } from "./login.js";
export {
  DEFAULT_LOGIN_TIMEOUT_MS,
  startLoopbackListener,
  type LoopbackListener,
  type LoopbackListenerOptions,
} from "./listener.js";
export { openBrowser, type OpenBrowser } from "./open-browser.js";
export { toFetchRequest, toNodeHandler, writeFetchResponse, type FetchHandler, type NodeAdapterOptions } from "./fetch-handler.js";
