// The server example, written once as a fetch handler: Node (through openrouter-oauth/node's adapter), Deno and
// Bun serve this same function. Four routes: the home page, the two sign-in routes, and sign-out.
import {
  AuthorizationDeniedError,
  createSignIn,
  InvalidRequestError,
  maskKey,
  type SignIn,
} from "openrouter-oauth/server";

export interface ExampleAppOptions {
  /** Where this app is served, like http://127.0.0.1:8787 */
  origin: string;
  /** The sealing secret: at least 32 characters. A real app reads it from its environment. */
  secret: string;
  /** OpenRouter's authorization page and API: here the embedded fake's. */
  authUrl: string;
  baseUrl: string;
}

const PAGE_HEADERS = {
  "content-type": "text/html; charset=utf-8",
  "cache-control": "no-store",
  "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  "referrer-policy": "no-referrer",
  "x-content-type-options": "nosniff",
};

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
const escape = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

const STYLE =
  "body{font:16px/1.5 system-ui,sans-serif;max-width:34rem;margin:4rem auto;padding:0 1rem;color:#222}" +
  "a.button,button{display:inline-block;font:inherit;padding:.5rem 1.25rem;border:1px solid #333;border-radius:.4rem;background:#111;color:#fff;text-decoration:none;cursor:pointer}" +
  "code{font-size:1.05rem}";

function page(status: number, title: string, body: string): Response {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">` +
    `<title>${escape(title)}</title><style>${STYLE}</style></head><body><h1>${escape(title)}</h1>${body}</body></html>`;
  return new Response(html, { status, headers: PAGE_HEADERS });
}

const home = () =>
  page(200, "Example app", `<p>This app uses your OpenRouter account.</p><p><a class="button" href="/auth/openrouter/start">Sign in with OpenRouter</a></p>`);

async function signedIn(signIn: SignIn, key: string) {
  const { settings } = await signIn.keyLinks(key);
  return page(
    200,
    "Signed in",
    `<p id="status">You are signed in with OpenRouter.</p>` +
      `<p>This app holds the key <code id="masked-key">${escape(maskKey(key))}</code>. <a id="key-settings" href="${escape(settings)}">Manage or revoke it on OpenRouter</a>.</p>` +
      `<form method="post" action="/sign-out"><button type="submit">Sign out</button></form>`,
  );
}

/** The sign-in's refusals, in the user's words (the errors' own messages are for developers). */
function failed(error: unknown): Response {
  const again = `<p><a href="/">Back to the app</a></p>`;
  if (error instanceof AuthorizationDeniedError) {
    return page(400, "Not signed in", `<p id="problem">You declined on OpenRouter, so this app got no key.</p>${again}`);
  }
  if (error instanceof InvalidRequestError) {
    const why: Record<string, string> = {
      cookie: "This sign-in link has expired, was already used, or was started in another browser.",
      state: "This sign-in link was not started by this app, so it was ignored.",
      code: "This sign-in was already completed, so it was not repeated.",
    };
    const text = why[error.field ?? ""] ?? "This sign-in could not be completed.";
    return page(400, "Not signed in", `<p id="problem">${escape(text)}</p>${again}`);
  }
  return page(502, "Not signed in", `<p id="problem">OpenRouter could not complete the sign-in; please try again.</p>${again}`);
}

export function createExampleApp(options: ExampleAppOptions): (request: Request) => Promise<Response> {
  const signIn = createSignIn({
    secret: options.secret,
    callbackUrl: `${options.origin}/auth/openrouter/callback`,
    keyLabel: "Server example",
    session: true,
    authUrl: options.authUrl,
    baseUrl: options.baseUrl,
  });

  return async (request) => {
    const { pathname } = new URL(request.url);
    const route = `${request.method} ${pathname}`;
    if (route === "GET /") {
      const key = await signIn.keyOf(request);
      return key ? signedIn(signIn, key) : home();
    }
    if (route === "GET /auth/openrouter/start") return signIn.start(request, { returnTo: "/" });
    if (route === "GET /auth/openrouter/callback") {
      try {
        // A real app stores finished.key for the user here, unless the session cookie is all it needs.
        return (await signIn.finish(request)).response;
      } catch (error) {
        return failed(error);
      }
    }
    if (route === "POST /sign-out") {
      try {
        return await signIn.signOut(request);
      } catch {
        return page(403, "Not signed out", `<p id="problem">Sign out from this app's own page.</p><p><a href="/">Back to the app</a></p>`);
      }
    }
    return page(404, "Not found", `<p><a href="/">Back to the app</a></p>`);
  };
}
