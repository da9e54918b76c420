import { DEFAULT_AUTH_URL, type ExchangeAuthCodeForAPIKeyResponse } from "../index.js";
import { OpenRouterOAuthError } from "../errors/openrouter-oauth-error.js";
import { answersState } from "../sign-in/callback.js";
import { fail } from "../transport/options.js";
import { extensionApi, isCallbackMessage, type ExtensionMessageListener } from "./browser-api.js";
import { isWebAccessible } from "./manifest.js";
import { checkSignInOptions, SIGN_IN_OPTIONS, signInThrough, type ExtensionSignInOptions } from "./sign-in.js";

const WHERE = "signInWithCallbackPage";

/** What signInWithCallbackPage takes besides the options both ways share. */
export interface CallbackPageSignInOptions extends ExtensionSignInOptions {
  /**
   * The extension's callback page, as a path in the extension: `callback.html` unless set. Its script calls
   * sendCallbackToExtension, and the manifest lists it in web_accessible_resources for OpenRouter's origin.
   */
  callbackPage?: string | undefined;
}

/**
 * Signs the user in from a browser extension through a callback page of its own and returns their key: OpenRouter's
 * page opens in a new tab and sends the user back to `chrome-extension://<id>/callback.html`, whose script hands the
 * URL over (sendCallbackToExtension); the state is checked and the code exchanged once. Call it from the service
 * worker (a popup closes when the tab opens). The manifest must list the page in web_accessible_resources for
 * OpenRouter's origin, or the browser blocks the redirect: that is refused here, before anything opens.
 *
 * Only a callback with this sign-in's state (or a denial, which carries none) is taken: another sign-in's is left to
 * it, so that two started at once both finish. Rejects with AuthorizationDeniedError (the user said no),
 * RequestTimeoutError (no callback came), RequestAbortedError (`signal` aborted), InvalidRequestError (bad options,
 * a page not web-accessible) or the exchange's errors.
 */
export function signInWithCallbackPage(options: CallbackPageSignInOptions = {}): Promise<ExchangeAuthCodeForAPIKeyResponse> {
  return Promise.resolve().then(() => {
    checkSignInOptions(options, { ...SIGN_IN_OPTIONS, callbackPage: 1 }, WHERE);
    const api = extensionApi(options.api, WHERE);
    const path = options.callbackPage ?? "callback.html";
    if (typeof path !== "string" || !/^[^?#]+$/.test(path)) fail(WHERE, "callbackPage", "callbackPage must be the path of a page in the extension, such as callback.html");
    const tabs = api.tabs;
    if (typeof tabs?.create !== "function") fail(WHERE, "api", "the tabs API is missing: call it from the extension's service worker or one of its pages");
    const pageUrl: unknown = api.runtime.getURL(path);
    if (typeof pageUrl !== "string" || !URL.canParse(pageUrl)) fail(WHERE, "api", "runtime.getURL did not give the callback page's URL: pass the browser's own chrome or browser as `api`");
    const page = new URL(pageUrl);
    // An authUrl that is no URL is refused by buildAuthorizationUrl, with its own words.
    const authOrigin = URL.canParse(options.authUrl ?? DEFAULT_AUTH_URL) ? new URL(options.authUrl ?? DEFAULT_AUTH_URL) : undefined;
    if (authOrigin && !isWebAccessible(api.runtime.getManifest(), page.pathname.slice(1), authOrigin)) {
      fail(WHERE, "web_accessible_resources", `${page.pathname.slice(1)} is not in the manifest's web_accessible_resources for ${authOrigin.origin}, so the browser would block OpenRouter's redirect to it; list it there with "matches": ["${authOrigin.protocol}//${authOrigin.hostname}/*"]`);
    }
    return signInThrough(
      {
        callbackUrl: page.href,
        listen: (url, state) => (arrived, failed) => {
          // Only the callback page itself is heard: a content script of the extension, on any site, could send too.
          const listener: ExtensionMessageListener = (message, sender, sendResponse) => {
            if (!isCallbackMessage(message) || !isPage(sender.url, page) || !isPage(message.url, page)) return undefined;
            // Another sign-in's callback (two started at once) is left to its own listener, and a stray or forged one
            // to nobody. A denial carries no state: OpenRouter sends none with it.
            if (!answersState(new URL(message.url).searchParams, state)) return undefined;
            arrived(message.url);
            sendResponse({ taken: true });
            return undefined;
          };
          api.runtime.onMessage.addListener(listener);
          Promise.resolve().then(() => tabs.create({ url })).then(undefined, (cause: unknown) =>
            failed(new OpenRouterOAuthError(`${WHERE}: the browser did not open a tab for OpenRouter's page. Start a new sign-in.`, { code: "browser_not_opened", cause })),
          );
          return () => api.runtime.onMessage.removeListener(listener);
        },
        timedOut: (limit) =>
          `No callback reached ${page.pathname.slice(1)} within ${limit}: the tab was closed before the user answered, or the browser blocked the page (check web_accessible_resources). Start a new sign-in.`,
      },
      options,
    );
  });
}

/** Whether `url` is `page`, whatever its query. */
function isPage(url: string | undefined, page: URL): boolean {
  if (!url || !URL.canParse(url)) return false;
  const parsed = new URL(url);
  // Not `origin`: outside a browser, that of a chrome-extension: URL is "null" for every extension.
  return parsed.protocol === page.protocol && parsed.host === page.host && parsed.pathname === page.pathname;
}
