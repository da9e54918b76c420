// The page the loopback listener shows in the browser tab that OpenRouter sent back. Self-contained: no script,
// no image, no stylesheet from anywhere, so the tab fetches nothing else and leaks the callback URL to nobody.

import { escapeHtml } from "../escape-html.js";
import { pageHeaders } from "../page-headers.js";

export function resultPage(title: string, detail: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
  body { font: 16px/1.5 system-ui, sans-serif; max-width: 32rem; margin: 4rem auto; padding: 0 1rem; color: #222; }
  h1 { font-size: 1.4rem; }
</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<p>${escapeHtml(detail)}</p>
<p>You can close this tab.</p>
</body>
</html>
`;
}

/** Headers for every answer: a page's, and the connection closed, since the listener serves one tab. */
export const PAGE_HEADERS = { ...pageHeaders(), connection: "close" };
