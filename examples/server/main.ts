// What every runtime's launcher shares: serve the embedded fake OpenRouter (unless one is given), then the app,
// both on 127.0.0.1, and say where. The launchers differ only in how they listen.
import { createFakeOpenRouter } from "openrouter-oauth/testing";
import { createExampleApp } from "./app.js";

export type Handler = (request: Request) => Promise<Response>;
/** Serves `handler` on 127.0.0.1 (`port` 0 lets the system pick); resolves to the origin it listens on. */
export type Listen = (handler: Handler, port: number) => Promise<string>;

const option = (args: readonly string[], name: string) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};

/** Arguments: [--port N] [--auth-url URL --base-url URL] (a fake OpenRouter served elsewhere, as the tests do). */
export async function runExample(listen: Listen, args: readonly string[]): Promise<void> {
  let authUrl = option(args, "--auth-url");
  let baseUrl = option(args, "--base-url");
  if (!authUrl || !baseUrl) {
    const fake = createFakeOpenRouter();
    const fakeOrigin = await listen((request) => fake.fetch(request), 0);
    authUrl = `${fakeOrigin}/auth`;
    baseUrl = `${fakeOrigin}/api/v1`;
  }
  // A fresh secret each run: a real app reads a fixed one from its environment, so sessions outlive restarts.
  const secret = Array.from(crypto.getRandomValues(new Uint8Array(32)), (b) => b.toString(16).padStart(2, "0")).join("");
  let app: Handler | undefined;
  const origin = await listen((request) => app!(request), Number(option(args, "--port") ?? 0));
  app = createExampleApp({ origin, secret, authUrl, baseUrl });
  console.log(`Sign in with OpenRouter (server example): ${origin}/`);
  console.log(`The fake OpenRouter standing in for openrouter.ai: ${new URL(authUrl).origin}`);
}
