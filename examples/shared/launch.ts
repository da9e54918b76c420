// What the framework examples' launchers share: the options each app is made with, read from the command line,
// and the line that says where the app listens (which the browser tests wait for). The launchers differ only in
// how their framework listens.
import { createServer } from "node:net";

/** What every example app is made with. */
export interface ExampleOptions {
  /** Where the app is served, like http://127.0.0.1:8787 */
  origin: string;
  /** The sealing secret: at least 32 characters. A real app reads it from its environment. */
  secret: string;
  /** OpenRouter's authorization page and API: here a fake OpenRouter's. */
  authUrl: string;
  baseUrl: string;
}

const option = (args: readonly string[], name: string) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};

/** A port nothing listens on now, for a framework that is told its port (the app's callback URL holds it). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * Arguments: --auth-url URL --base-url URL (a fake OpenRouter served elsewhere, as the browser tests do) [--port N]
 * [--origin URL: the origin users see, when a proxy in front serves the app, as over https].
 * `listen` serves the app on 127.0.0.1 and that port; then the line saying where users find it is printed.
 */
export async function launch(name: string, args: readonly string[], listen: (options: ExampleOptions, port: number) => Promise<void>): Promise<void> {
  const authUrl = option(args, "--auth-url");
  const baseUrl = option(args, "--base-url");
  if (!authUrl || !baseUrl) throw new Error(`the ${name} example needs --auth-url and --base-url: the fake OpenRouter to sign in against`);
  const port = Number(option(args, "--port") ?? (await freePort()));
  const origin = option(args, "--origin") ?? `http://127.0.0.1:${port}`;
  // A fresh secret each run: a real app reads a fixed one from its environment, so sessions outlive restarts.
  const secret = Array.from(crypto.getRandomValues(new Uint8Array(32)), (b) => b.toString(16).padStart(2, "0")).join("");
  await listen({ origin, secret, authUrl, baseUrl }, port);
  console.log(`Sign in with OpenRouter (${name} example): ${origin}/`);
}
