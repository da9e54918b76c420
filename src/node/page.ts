// The page the loopback listener shows in the browser tab that OpenRouter sent back. Self-contained: no script,
// no image, no stylesheet from anywhere, so the tab fetches nothing else and leaks the callback URL to nobody.

import { escapeHtml } from "../base/escape-html.js";
import { htmlPage, pageHeaders } from "../base/page.js";

/** The tab's page: what happened, and that the tab may be closed. */
export const resultPage = (title: string, detail: string): string =>
  htmlPage(title, `<p>${escapeHtml(detail)}</p><p>You can close this tab.</p>`);

/** Headers for every answer: a page's, and the connection closed, since the listener serves one tab. */
export const PAGE_HEADERS = { ...pageHeaders(), connection: "close" };
