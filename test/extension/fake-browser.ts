// A stand-in for the browser's extension API (identity, runtime, tabs), driven by the fake OpenRouter: what Chrome
// does for each call the sign-in makes, with the user played by simulateUser.
import type { ExtensionApi, ExtensionMessageListener } from "../../src/extension/index.js";
import { sendCallbackToExtension } from "../../src/extension/index.js";
import { createFakeOpenRouter, simulateUser, type FakeOpenRouter } from "../../src/testing/index.js";

export const EXTENSION_ID = "abcdefghijklmnopabcdefghijklmnop";
export const EXTENSION_ORIGIN = `chrome-extension://${EXTENSION_ID}`;
export const REDIRECT_URL = `https://${EXTENSION_ID}.chromiumapp.org/`;

/** A manifest that lets OpenRouter's page open callback.html. */
export const MANIFEST = {
  manifest_version: 3,
  permissions: ["identity"],
  web_accessible_resources: [{ resources: ["callback.html"], matches: ["https://openrouter.ai/*"] }],
};

/** What the user does in the window or tab that OpenRouter's page opens in: the URL they end at, or never. */
export type User = (authorizationUrl: string) => Promise<string | undefined>;

export interface FakeBrowser {
  api: ExtensionApi;
  fake: FakeOpenRouter;
  /** Every URL a window or tab was opened at. */
  opened: string[];
  /** What each callback page's sendCallbackToExtension returned. */
  delivered: boolean[];
  /** Sends a runtime message as the page at `senderUrl` (a content script on a site, say). */
  sendAs(senderUrl: string, message: unknown): Promise<unknown>;
  /** Loads callback.html at `url`, whose script hands the URL to the extension. */
  openCallbackPage(url: string): Promise<boolean>;
}

/** The fake OpenRouter's consent page, answered with `decision`; the URL it sent the user to. */
export const answering = (fake: FakeOpenRouter, decision: "approve" | "deny", change?: (url: URL) => void): User => async (url) => {
  const redirected = new URL((await simulateUser(url, decision, { fetch: fake.fetch })).redirectedTo!);
  change?.(redirected);
  return redirected.href;
};

export interface FakeBrowserOptions {
  manifest?: object;
  /** Whether the manifest asked for the identity permission; true unless set. */
  identity?: boolean;
  /** launchWebAuthFlow's window: resolves to where the user ended, or rejects (the window closed). */
  webAuthFlow?: User;
  /** The tab OpenRouter's page opens in: where the user ended (then callback.html loads there), or never. */
  tab?: User;
  /** tabs.create itself failing. */
  tabsFail?: boolean;
}

export function createFakeBrowser(options: FakeBrowserOptions = {}, fake: FakeOpenRouter = createFakeOpenRouter()): FakeBrowser {
  const listeners = new Set<ExtensionMessageListener>();
  const opened: string[] = [];
  const delivered: boolean[] = [];
  const never = () => new Promise<undefined>(() => {});

  /** Chrome's runtime.sendMessage: every listener but the sender's own page; the first response wins. */
  const sendAs = (senderUrl: string, message: unknown) =>
    new Promise<unknown>((resolve, reject) => {
      if (listeners.size === 0) return reject(new Error("Could not establish connection. Receiving end does not exist."));
      for (const listener of [...listeners]) listener(message, { url: senderUrl }, resolve);
      resolve(undefined);
    });
  const runtime = {
    getURL: (path: string) => `${EXTENSION_ORIGIN}/${path.replace(/^\//, "")}`,
    getManifest: () => options.manifest ?? MANIFEST,
    sendMessage: (message: unknown) => sendAs(`${EXTENSION_ORIGIN}/background.js`, message),
    onMessage: { addListener: (l: ExtensionMessageListener) => void listeners.add(l), removeListener: (l: ExtensionMessageListener) => void listeners.delete(l) },
  };
  const openCallbackPage = async (url: string) => {
    const page: ExtensionApi = { runtime: { ...runtime, sendMessage: (message) => sendAs(url, message) } };
    const taken = await sendCallbackToExtension({ api: page, url });
    delivered.push(taken);
    return taken;
  };

  const api: ExtensionApi = {
    runtime,
    identity: options.identity === false ? undefined : {
      getRedirectURL: () => REDIRECT_URL,
      async launchWebAuthFlow({ url, interactive }) {
        if (!interactive) throw new Error("User interaction required.");
        opened.push(url);
        return (options.webAuthFlow ?? answering(fake, "approve"))(url);
      },
    },
    tabs: {
      async create({ url }) {
        if (options.tabsFail) throw new Error("No current window");
        opened.push(url);
        // The tab loads on its own: creating it does not wait for the user.
        void (options.tab ?? answering(fake, "approve"))(url).then((ended) => (ended ? openCallbackPage(ended) : never()));
        return { id: 1 };
      },
    },
  };
  return { api, fake, opened, delivered, sendAs, openCallbackPage };
}
