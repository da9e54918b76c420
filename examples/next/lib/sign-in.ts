// The app's one sign-in, shared by the route file and the pages.
// #region docs
import { createSignIn } from "openrouter-oauth/server";

export const signIn = createSignIn({
  // Asked for at the first sign-in, not here: `next build` loads this module without the app's secrets.
  secret: () => process.env.SIGN_IN_SECRET ?? "",
  callbackUrl: `${process.env.APP_ORIGIN ?? "http://localhost:3000"}/auth/openrouter/callback`,
  session: true,
  // Unset in production; here, the fake OpenRouter's.
  authUrl: process.env.OPENROUTER_AUTH_URL,
  baseUrl: process.env.OPENROUTER_BASE_URL,
});
// #endregion docs
