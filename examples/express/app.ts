// The Express example: openrouter-oauth/node's toNodeHandler turns each sign-in route, written with Web-standard
// Request and Response, into the (req, res) route Express takes.
import type { ExampleOptions } from "../shared/launch.js";
import { homePage, notFoundPage, signedInPage, signInFailedPage, signOutRefusedPage } from "../shared/pages.js";

// #region docs
import express from "express";
import { toNodeHandler } from "openrouter-oauth/node";
import { createSignIn } from "openrouter-oauth/server";

export function createApp({ origin, secret, authUrl, baseUrl }: ExampleOptions): express.Express {
  const signIn = createSignIn({ secret, callbackUrl: `${origin}/auth/openrouter/callback`, session: true, authUrl, baseUrl });
  // The app's origin as its users see it: give it when a proxy in front speaks https.
  const options = { origin };
  const app = express();
  // The app's own forms are read as usual; sign-out needs no body, so a parser in front of it does no harm.
  app.use(express.urlencoded({ extended: false }));

  app.get("/", toNodeHandler(async (request) => {
    const key = await signIn.keyOf(request);
    return key ? signedInPage(key, (await signIn.keyLinks(key)).settings) : homePage();
  }, options));
  app.get("/auth/openrouter/start", toNodeHandler((request) => signIn.start(request, { returnTo: "/" }), options));
  app.get("/auth/openrouter/callback", toNodeHandler(async (request) => {
    try {
      return (await signIn.finish(request)).response;
    } catch (error) {
      return signInFailedPage(error); // declined, forged, reloaded, or the exchange failed
    }
  }, options));
  // An error a handler throws would become a bare 500: signOut's refusals (a GET, another site's form) are caught.
  app.post("/sign-out", toNodeHandler(async (request) => {
    try {
      return await signIn.signOut(request);
    } catch {
      return signOutRefusedPage();
    }
  }, options));
  app.use(toNodeHandler(() => notFoundPage(), options));
  return app;
}
// #endregion docs
