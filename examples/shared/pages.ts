// The pages every example shows, whatever serves them: the home page, the signed-in page (the key masked, with a
// link to its settings on OpenRouter), and the sign-in's refusals in the user's words (the errors' own messages
// are for developers). Each is a Web-standard Response, which every framework here can answer with.
import { AuthorizationDeniedError, InvalidRequestError, maskKey } from "openrouter-oauth";

const PAGE_HEADERS = {
  "content-type": "text/html; charset=utf-8",
  "cache-control": "no-store",
  "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  "referrer-policy": "no-referrer",
  "x-content-type-options": "nosniff",
};

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
const escape = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

/** The examples' one style sheet (the Next.js example puts it in its layout). */
export const STYLE =
  "body{font:16px/1.5 system-ui,sans-serif;max-width:34rem;margin:4rem auto;padding:0 1rem;color:#222}" +
  "a.button,button{display:inline-block;font:inherit;padding:.5rem 1.25rem;border:1px solid #333;border-radius:.4rem;background:#111;color:#fff;text-decoration:none;cursor:pointer}" +
  "code{font-size:1.05rem}";

const top = (title: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">` +
  `<title>${escape(title)}</title><style>${STYLE}</style></head><body><h1>${escape(title)}</h1>`;

function page(status: number, title: string, body: string): Response {
  return new Response(`${top(title)}${body}</body></html>`, { status, headers: PAGE_HEADERS });
}

const BACK = `<p><a href="/">Back to the app</a></p>`;

/** The home page of someone signed out. */
export const homePage = () =>
  page(200, "Example app", `<p>This app uses your OpenRouter account.</p><p><a class="button" href="/auth/openrouter/start">Sign in with OpenRouter</a></p>`);

/**
 * The home page of someone signed in: `settings` is the key's page on OpenRouter (signIn.keyLinks(key)). With
 * `askPath`, a form there asks a model a question with the key.
 */
export function signedInPage(key: string, settings: string, signOutPath = "/sign-out", askPath?: string): Response {
  const ask = askPath === undefined ? "" :
    `<form method="post" action="${escape(askPath)}"><p><label>Ask a model <input name="question" value="What is OpenRouter?" required></label> <button type="submit">Ask</button></p></form>`;
  return page(
    200,
    "Signed in",
    `<p id="status">You are signed in with OpenRouter.</p>` +
      `<p>This app holds the key <code id="masked-key">${escape(maskKey(key))}</code>. <a id="key-settings" href="${escape(settings)}">Manage or revoke it on OpenRouter</a>.</p>` +
      ask +
      `<form method="post" action="${escape(signOutPath)}"><button type="submit">Sign out</button></form>`,
  );
}

/**
 * The answer to a question, sent to the browser piece by piece as the model writes it. `pieces` ends with the
 * answer, or throws; `problem` says what a failure means to the user, in one sentence.
 */
export function answerPage(question: string, pieces: AsyncIterable<string>, problem: (error: unknown) => string): Response {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (html: string) => controller.enqueue(encoder.encode(html));
      send(`${top("Answer")}<p>You asked: <q id="question">${escape(question)}</q></p><p id="answer">`);
      try {
        for await (const piece of pieces) send(escape(piece));
        send(`</p><p id="answered">The model has answered.</p>`);
      } catch (error) {
        send(`</p><p id="problem">${escape(problem(error))}</p>`);
      }
      send(`${BACK}</body></html>`);
      controller.close();
    },
  });
  return new Response(body, { status: 200, headers: PAGE_HEADERS });
}

// #region docs
/** What a refused or failed sign-in tells the user, in one sentence. */
export function signInProblem(error: unknown): string {
  if (error instanceof AuthorizationDeniedError) return "You declined on OpenRouter, so this app got no key.";
  if (error instanceof InvalidRequestError) {
    if (error.field === "cookie") return "This sign-in link has expired, was already used, or was started in another browser.";
    if (error.field === "state") return "This sign-in link was not started by this app, so it was ignored.";
    if (error.field === "code") return "This sign-in was already completed, so it was not repeated.";
    return "This sign-in could not be completed.";
  }
  return "OpenRouter could not complete the sign-in; please try again.";
}

/** The page for a callback that finish refused (400) or whose exchange failed (502). */
export function signInFailedPage(error: unknown): Response {
  const refused = error instanceof AuthorizationDeniedError || error instanceof InvalidRequestError;
  return page(refused ? 400 : 502, "Not signed in", `<p id="problem">${escape(signInProblem(error))}</p>${BACK}`);
}
// #endregion docs

/** The page for a sign-out that signOut refused: a GET, or a form on another site. */
export const signOutRefusedPage = () => page(403, "Not signed out", `<p id="problem">Sign out from this app's own page.</p>${BACK}`);

export const notFoundPage = () => page(404, "Not found", BACK);
