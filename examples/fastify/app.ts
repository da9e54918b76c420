// The Fastify example: each route hands Node's own request and response to toNodeHandler after reply.hijack(),
// which tells Fastify that the route answers by itself.
import type { ExampleOptions } from "../shared/launch.js";
import { homePage, notFoundPage, signedInPage, signInFailedPage, signOutRefusedPage } from "../shared/pages.js";

// #region docs
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import { toNodeHandler, type FetchHandler } from "openrouter-oauth/node";
import { createSignIn } from "openrouter-oauth/server";

export function createApp({ origin, secret, authUrl, baseUrl }: ExampleOptions): FastifyInstance {
  const signIn = createSignIn({ secret, callbackUrl: `${origin}/auth/openrouter/callback`, session: true, authUrl, baseUrl });
  // The app's origin as its users see it: give it when a proxy in front speaks https.
  const route = (handler: FetchHandler) => {
    const listener = toNodeHandler(handler, { origin });
    return async (request: FastifyRequest, reply: FastifyReply) => {
      reply.hijack();
      listener(request.raw, reply.raw);
    };
  };
  const app = Fastify();
  // Fastify reads no body it has no parser for: a form POST would be refused 415 before the route runs.
  app.addContentTypeParser("application/x-www-form-urlencoded", (_request, _payload, done) => done(null));

  app.get("/", route(async (request) => {
    const key = await signIn.keyOf(request);
    return key ? signedInPage(key, (await signIn.keyLinks(key)).settings) : homePage();
  }));
  app.get("/auth/openrouter/start", route((request) => signIn.start(request, { returnTo: "/" })));
  app.get("/auth/openrouter/callback", route(async (request) => {
    try {
      return (await signIn.finish(request)).response;
    } catch (error) {
      return signInFailedPage(error); // declined, forged, reloaded, or the exchange failed
    }
  }));
  // An error a handler throws would become a bare 500: signOut's refusals (a GET, another site's form) are caught.
  app.post("/sign-out", route(async (request) => {
    try {
      return await signIn.signOut(request);
    } catch {
      return signOutRefusedPage();
    }
  }));
  app.setNotFoundHandler(route(() => notFoundPage()));
  return app;
}
// #endregion docs
