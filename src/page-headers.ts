// The headers of every page this package serves: the loopback listener's result page, the server sign-in's
// signed-out page and the fake's consent pages. Nothing is cached, no Referer leaves, nothing is loaded from
// anywhere, and no page can be framed.

const CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; frame-ancestors 'none'";

/** A page's headers; `postsForm` leaves out form-action, which browsers apply to the redirect after a form too. */
export const pageHeaders = (postsForm = false): Record<string, string> => ({
  "content-type": "text/html; charset=utf-8",
  "cache-control": "no-store",
  "referrer-policy": "no-referrer",
  "content-security-policy": postsForm ? CSP : `${CSP}; form-action 'none'`,
  "x-content-type-options": "nosniff",
});
