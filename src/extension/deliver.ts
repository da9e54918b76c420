import { CALLBACK_MESSAGE, extensionApi, type CallbackMessage, type ExtensionApi } from "./browser-api.js";

/** What sendCallbackToExtension takes: both for tests, as the page's own are used unless set. */
export interface SendCallbackOptions {
  /** The browser's extension API: `browser` or `chrome` from globalThis unless set. */
  api?: ExtensionApi | undefined;
  /** The URL the page was opened at: `location.href` unless set. */
  url?: string | undefined;
}

/**
 * Run by the extension's callback page: hands the URL OpenRouter sent the user to (code and state, or a denial)
 * to the sign-in waiting in the extension (signInWithCallbackPage), over a runtime message that never leaves the
 * extension. Resolves to true when a sign-in took it, false when none is waiting (it ended, timed out, or the
 * service worker was restarted): the page should then tell the user to start a new sign-in.
 */
export async function sendCallbackToExtension(options: SendCallbackOptions = {}): Promise<boolean> {
  const api = extensionApi(options.api, "sendCallbackToExtension");
  const url = options.url ?? (globalThis as { location?: { href: string } }).location?.href ?? "";
  const message: CallbackMessage = { type: CALLBACK_MESSAGE, url };
  try {
    const answer = await api.runtime.sendMessage(message);
    return (answer as { taken?: unknown } | undefined)?.taken === true;
  } catch {
    // Chrome rejects when no page of the extension listens: no sign-in is waiting.
    return false;
  }
}
