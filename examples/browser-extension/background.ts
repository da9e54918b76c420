// The service worker: runs the sign-in (a popup closes as soon as a window or tab opens) and keeps the key in
// chrome.storage.session, in memory until the browser closes.
import { isOpenRouterOAuthError, maskKey } from "openrouter-oauth";
import { signInWithCallbackPage, signInWithWebAuthFlow } from "openrouter-oauth/extension";
import { KEY_ITEM, STATUS_ITEM, type SignInRequest, type Status, type Way } from "./status.js";

const setStatus = (status: Status) => chrome.storage.session.set({ [STATUS_ITEM]: status });

async function signIn(way: Way) {
  await setStatus({ kind: "working", way });
  try {
    const options = { ...OPENROUTER_SETTINGS, keyLabel: "Browser extension example" };
    const { key, user_id } = way === "window" ? await signInWithWebAuthFlow(options) : await signInWithCallbackPage(options);
    await chrome.storage.session.set({ [KEY_ITEM]: key });
    await setStatus({ kind: "signed-in", masked: maskKey(key), userId: user_id });
  } catch (error) {
    // Our errors never hold a key, code or verifier: their name and message are safe to show.
    if (!isOpenRouterOAuthError(error)) return void (await setStatus({ kind: "failed", says: "Something unexpected went wrong. Start a new sign-in." }));
    const field = isOpenRouterOAuthError(error, "InvalidRequestError") ? error.field : undefined;
    await setStatus({ kind: "failed", says: `${error.name}: ${error.message}`, error: { name: error.name, code: error.code, field } });
  }
}

chrome.runtime.onMessage.addListener((message, _sender, sendResponse) => {
  const request = message as Partial<SignInRequest> | null;
  if (request?.type !== "sign-in" || (request.way !== "window" && request.way !== "tab")) return undefined;
  void signIn(request.way);
  sendResponse({ started: true });
  return undefined;
});
