// The Hono example: Hono hands each handler the Web-standard request as `c.req.raw`, and takes a Response back.
// node.ts, bun.ts and deno.ts serve this same app.
import type { ExampleOptions } from "../shared/launch.js";
import { homePage, notFoundPage, signedInPage, signInFailedPage, signOutRefusedPage } from "../shared/pages.js";

// #region docs
import { Hono } from "hono";
import { createSignIn } from "openrouter-oauth/server";

export function createApp({ origin, secret, authUrl, baseUrl }: ExampleOptions): Hono {
  const signIn = createSignIn({ secret, callbackUrl: `${origin}/auth/openrouter/callback`, session: true, authUrl, baseUrl });
  const app = new Hono();

  app.get("/", async (c) => {
    const key = await signIn.keyOf(c.req.raw);
    return key ? signedInPage(key, (await signIn.keyLinks(key)).settings) : homePage();
  });
  app.get("/auth/openrouter/start", (c) => signIn.start(c.req.raw, { returnTo: "/" }));
  app.get("/auth/openrouter/callback", async (c) => {
    try {
      return (await signIn.finish(c.req.raw)).response;
    } catch (error) {
      return signInFailedPage(error); // declined, forged, reloaded, or the exchange failed
    }
  });
  // signOut refuses a GET or another site's form by throwing; caught here, or Hono answers a bare 500.
  app.post("/sign-out", async (c) => {
    try {
      return await signIn.signOut(c.req.raw);
    } catch {
      return signOutRefusedPage();
    }
  });
  app.notFound(() => notFoundPage());
  return app;
}
// #endregion docs
