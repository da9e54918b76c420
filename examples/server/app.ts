// The server example, written once as a fetch handler: Node (through openrouter-oauth/node's adapter), Deno and
// Bun serve this same function. Five routes: the home page, the two sign-in routes, a question to a model with the
// user's key, and sign-out.
import { createSignIn } from "openrouter-oauth/server";
import { answerPage, homePage, notFoundPage, signedInPage, signInFailedPage, signOutRefusedPage } from "../shared/pages.js";
import { askModel, askProblem } from "../shared/ask.js";

export interface ExampleAppOptions {
  /** Where this app is served, like http://127.0.0.1:8787 */
  origin: string;
  /** The sealing secret: at least 32 characters. A real app reads it from its environment. */
  secret: string;
  /** OpenRouter's authorization page and API: here the embedded fake's. */
  authUrl: string;
  baseUrl: string;
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
      return key ? signedInPage(key, (await signIn.keyLinks(key)).settings, "/sign-out", "/ask") : homePage();
    }
    if (route === "POST /ask") {
      // The session cookie is SameSite=Lax: a form posted from another site comes without it, and asks nothing.
      const key = await signIn.keyOf(request);
      if (!key) return homePage();
      const form = await request.formData().catch(() => undefined); // a body that is no form asks the default
      const question = String(form?.get("question") ?? "").trim() || "What is OpenRouter?";
      return answerPage(question, askModel(question, key, options.baseUrl), askProblem);
    }
    if (route === "GET /auth/openrouter/start") return signIn.start(request, { returnTo: "/" });
    if (route === "GET /auth/openrouter/callback") {
      try {
        // A real app stores finished.key for the user here, unless the session cookie is all it needs.
        return (await signIn.finish(request)).response;
      } catch (error) {
        return signInFailedPage(error);
      }
    }
    if (route === "POST /sign-out") {
      try {
        return await signIn.signOut(request);
      } catch {
        return signOutRefusedPage();
      }
    }
    return notFoundPage();
  };
}
