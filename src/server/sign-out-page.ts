import { escapeHtml } from "../base/escape-html.js";
import { htmlPage } from "../base/page.js";

/** What signOut answers when no returnTo is given: the truth about the key, and where to revoke it. */
export function signOutPage(settingsUrl: string | undefined): string {
  const key = settingsUrl
    ? `<p>The key this app used still exists on OpenRouter. <a href="${escapeHtml(settingsUrl)}">Revoke or limit it on its settings page</a>.</p>`
    : "";
  return htmlPage("Signed out", `<p id="message">You are signed out of this app.</p>${key}<p><a href="/">Back to the app</a></p>`);
}
