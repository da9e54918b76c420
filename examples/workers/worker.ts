// The Workers example: a Worker, which workerd (Cloudflare's runtime; miniflare locally) calls with each request
// and the Worker's bindings. The sealing secret is a secret binding, so it is known only when a request comes.
import { homePage, notFoundPage, signedInPage, signInFailedPage, signOutRefusedPage } from "../shared/pages.js";

// #region docs
import { createSignIn, type SignIn } from "openrouter-oauth/server";

interface Env {
  SIGN_IN_SECRET: string; // a secret: wrangler secret put SIGN_IN_SECRET
  CALLBACK_URL: string; // a variable: https://app.example/auth/openrouter/callback
  OPENROUTER_AUTH_URL?: string; // unset in production; here, the fake OpenRouter's
  OPENROUTER_BASE_URL?: string;
}

let signIn: SignIn | undefined;

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    // Made once per isolate: the bindings arrive with the first request.
    signIn ??= createSignIn({
      secret: env.SIGN_IN_SECRET,
      callbackUrl: env.CALLBACK_URL,
      session: true,
      authUrl: env.OPENROUTER_AUTH_URL,
      baseUrl: env.OPENROUTER_BASE_URL,
    });
    const route = `${request.method} ${new URL(request.url).pathname}`;
    if (route === "GET /") {
      const key = await signIn.keyOf(request);
      return key ? signedInPage(key, (await signIn.keyLinks(key)).settings) : homePage();
    }
    if (route === "GET /auth/openrouter/start") return signIn.start(request, { returnTo: "/" });
    if (route === "GET /auth/openrouter/callback") {
      try {
        return (await signIn.finish(request)).response;
      } catch (error) {
        return signInFailedPage(error); // declined, forged, reloaded, or the exchange failed
      }
    }
    if (route === "POST /sign-out") {
      try {
        return await signIn.signOut(request);
      } catch {
        return signOutRefusedPage(); // a GET, or another site's form
      }
    }
    return notFoundPage();
  },
};
// #endregion docs
