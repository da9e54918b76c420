// The pages this package serves (the loopback listener's result page, the server sign-in's signed-out page, the
// fake's consent pages) and their headers. Each page is self-contained, with no script and nothing loaded from
// anywhere; nothing is cached, no Referer leaves, and no page can be framed.
import { escapeHtml } from "./escape-html.js";

const CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; frame-ancestors 'none'";
const STYLE = "body{font:16px/1.5 system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#222}h1{font-size:1.4rem}";

/** A page's headers; `postsForm` leaves out form-action, which browsers apply to the redirect after a form too. */
export const pageHeaders = (postsForm = false): Record<string, string> => ({
  "content-type": "text/html; charset=utf-8",
  "cache-control": "no-store",
  "referrer-policy": "no-referrer",
  "content-security-policy": postsForm ? CSP : `${CSP}; form-action 'none'`,
  "x-content-type-options": "nosniff",
});

/** A page titled `title` (escaped here), whose heading says it too; `body` is markup, each value in it escaped. */
export const htmlPage = (title: string, body: string, style = ""): string =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">` +
  `<title>${escapeHtml(title)}</title><style>${STYLE}${style}</style></head><body><h1>${escapeHtml(title)}</h1>${body}</body></html>`;
