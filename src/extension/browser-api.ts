import { fail } from "../transport/options.js";

/** Who sent a runtime message, as the browser says: the page's URL tells the callback page from any other. */
export interface ExtensionMessageSender {
  /** The URL of the page or frame that sent it. */
  url?: string | undefined;
}

/** A runtime.onMessage listener, as Chrome and Firefox call it. */
export type ExtensionMessageListener = (message: unknown, sender: ExtensionMessageSender, sendResponse: (response?: unknown) => void) => unknown;

/**
 * The part of a browser's extension API (`chrome.*` in Chrome and Edge, `browser.*` in Firefox, Manifest V3, with
 * promises) that the sign-in uses: pass `chrome` or `browser` itself, or a stand-in for tests.
 */
export interface ExtensionApi {
  /** Present when the manifest asks for the `identity` permission: signInWithWebAuthFlow needs it. */
  identity?:
    | {
        /** Opens the authorization page in a window of its own and resolves to the URL it was sent back to. */
        launchWebAuthFlow(details: { url: string; interactive: boolean }): Promise<string | undefined>;
        /** The extension's redirect URL: `https://<id>.chromiumapp.org/` in Chrome and Edge. */
        getRedirectURL(path?: string): string;
      }
    | undefined;
  /** Always there in an extension's pages and service worker. */
  runtime: {
    /** The URL of a file of the extension, such as `chrome-extension://<id>/callback.html`. */
    getURL(path: string): string;
    /** The extension's manifest, as parsed. */
    getManifest(): object;
    /** Sends a message to the extension's other pages and its service worker; resolves to the first response. */
    sendMessage(message: unknown): Promise<unknown>;
    /** Messages from the extension's own pages and scripts: the callback page's among them. */
    onMessage: {
      /** Starts listening. */
      addListener(listener: ExtensionMessageListener): void;
      /** Stops listening. */
      removeListener(listener: ExtensionMessageListener): void;
    };
  };
  /** signInWithCallbackPage opens OpenRouter's page in a tab (no `tabs` permission needed for that). */
  tabs?:
    | {
        /** Opens a tab at `url`. */
        create(properties: { url: string }): Promise<unknown>;
      }
    | undefined;
}

/** The message the callback page sends the waiting sign-in: the whole URL it was opened at. */
export interface CallbackMessage {
  type: typeof CALLBACK_MESSAGE;
  url: string;
}

export const CALLBACK_MESSAGE = "openrouter-oauth:callback";

export const isCallbackMessage = (message: unknown): message is CallbackMessage =>
  typeof message === "object" && message !== null && (message as CallbackMessage).type === CALLBACK_MESSAGE &&
  typeof (message as CallbackMessage).url === "string";

/** The API given, or the browser's own: `browser` (Firefox) or `chrome` (Chrome, Edge). */
export function extensionApi(given: ExtensionApi | undefined, where: string): ExtensionApi {
  const found = given ?? (globalThis as { browser?: ExtensionApi }).browser ?? (globalThis as { chrome?: ExtensionApi }).chrome;
  const runtime = found?.runtime;
  if (typeof runtime?.getURL !== "function" || typeof runtime.sendMessage !== "function" || typeof runtime.onMessage?.addListener !== "function") {
    fail(where, "api", "no extension API was found: call it from a browser extension's service worker or page, or pass `api` (chrome or browser)");
  }
  return found!;
}
