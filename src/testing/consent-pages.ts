import { escapeHtml } from "../base/escape-html.js";
import { htmlPage } from "../base/page.js";
import { authorizationFields, type AuthorizationRequest } from "./authorization-request.js";

// The pages of the fake /auth: small and self-contained (no scripts, no external resources), every echoed value
// escaped. simulateUser reads them back, so the form and the code element keep their shape.

const STYLE = "button{font:inherit;padding:.5rem 1.25rem;margin-right:.5rem;cursor:pointer}code{font-size:1.1rem;word-break:break-all}";

const page = (title: string, body: string) => htmlPage(title, body, STYLE);

/** Where a callback leads, as the user knows it: a web origin, or an app's scheme and name (vscode://publisher.extension). */
const appOf = (url: URL) => (url.origin !== "null" ? url.origin : url.host ? `${url.protocol}//${url.host}` : url.protocol);

/** The consent page: who asks, for what, and the two buttons that post the decision back to /auth. */
export function consentPage(request: AuthorizationRequest): string {
  const app = request.keyLabel ? `<strong>${escapeHtml(request.keyLabel)}</strong>` : "An application";
  const limit = request.limit === undefined ? "" : `<p>Credit limit of the key: ${escapeHtml(String(request.limit))}</p>`;
  const destination = request.callbackUrl
    ? `<p>You will be sent back to ${escapeHtml(appOf(new URL(request.callbackUrl)))}.</p>`
    : "<p>The next page shows a code to paste into the application.</p>";
  const hidden = authorizationFields(request)
    .map(([name, value]) => `<input type="hidden" name="${name}" value="${escapeHtml(value)}">`)
    .join("");
  return page(
    "Authorize access to OpenRouter",
    `<p>${app} asks for an API key on your OpenRouter account (a fake one: this is a test server).</p>${limit}${destination}` +
      `<form method="post" action="/auth">${hidden}` +
      `<button type="submit" name="decision" value="approve">Authorize</button>` +
      `<button type="submit" name="decision" value="deny">Deny</button></form>`,
  );
}

/** Headless mode's answer to Authorize: the code, for the user to paste into the application. */
export const codePage = (code: string) =>
  page("Authorization code", `<p>Paste this code into the application:</p><p><code id="authorization-code">${escapeHtml(code)}</code></p>`);

/** Any other outcome: a denial in headless mode, or a request that cannot be served. */
export const messagePage = (title: string, message: string) => page(title, `<p id="message">${escapeHtml(message)}</p>`);
