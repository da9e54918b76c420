// openrouter-oauth/server: "Sign in with OpenRouter" for web servers, with Web-standard Request and Response and
// Web Crypto only, so one handler runs on Next.js, Hono, Cloudflare Workers, Deno, Bun and (through the Node
// adapter of openrouter-oauth/node) Node's http, Express and Fastify. What every entry shares (the errors, maskKey,
// keyLinks) comes from openrouter-oauth itself.
export {
  createSignIn,
  PENDING_SIGN_IN_MS,
  type FinishedSignIn,
  type SessionOptions,
  type SignedInSession,
  type SignIn,
  type SignInOptions,
  type SignOutOptions,
  type StartOptions,
} from "./sign-in.js";
