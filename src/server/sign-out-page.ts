import { escapeHtml } from "../escape-html.js";

/** What signOut answers when no returnTo is given: the truth about the key, and where to revoke it. */
export function signOutPage(settingsUrl: string | undefined): string {
  const key = settingsUrl
    ? `<p>The key this app used still exists on OpenRouter. <a href="${escapeHtml(settingsUrl)}">Revoke or limit it on its settings page</a>.</p>`
    : "";
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">` +
    `<title>Signed out</title><style>body{font:16px/1.5 system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#222}</style>` +
    `</head><body><h1>Signed out</h1><p id="message">You are signed out of this app.</p>${key}` +
    `<p><a href="/">Back to the app</a></p></body></html>`;
}
