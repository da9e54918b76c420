import { readFile } from "node:fs/promises";
import { createServer, type ServerResponse } from "node:http";
import { createFakeOpenRouter, type FakeOpenRouter } from "../../src/testing/index.js";
import { serveFakeOpenRouter } from "../../src/testing/node/index.js";
import { buildPageScript } from "./build.js";

export interface BrowserExampleOptions {
  /** The page's port on 127.0.0.1; 0 (the default) lets the system pick a free one. */
  port?: number | undefined;
  /** The fake OpenRouter to stand in for openrouter.ai; a fresh one unless given (tests keep it to inspect). */
  fake?: FakeOpenRouter | undefined;
}

export interface BrowserExample {
  /** The page: open it in a browser. */
  url: string;
  /** The fake's origin, where the page sends the user and the exchange. */
  fakeOrigin: string;
  fake: FakeOpenRouter;
  close(): Promise<void>;
}

const here = new URL(".", import.meta.url);

/**
 * Serves the example page on 127.0.0.1 and, on a second port (a different origin, as openrouter.ai is), the
 * embedded fake OpenRouter that the page signs in with.
 */
export async function startBrowserExample(options: BrowserExampleOptions = {}): Promise<BrowserExample> {
  const fake = options.fake ?? createFakeOpenRouter();
  const served = await serveFakeOpenRouter(fake);
  try {
    const html = (await readFile(new URL("index.html", here), "utf8"))
      .replace('name="openrouter-auth-url" content=""', `name="openrouter-auth-url" content="${served.authUrl}"`)
      .replace('name="openrouter-base-url" content=""', `name="openrouter-base-url" content="${served.baseUrl}"`);
    const files: Record<string, [type: string, body: string]> = {
      "/": ["text/html; charset=utf-8", html],
      "/app.js": ["text/javascript; charset=utf-8", await buildPageScript()],
      "/style.css": ["text/css; charset=utf-8", await readFile(new URL("style.css", here), "utf8")],
    };
    const headers = {
      "cache-control": "no-store",
      // The page may send its key to OpenRouter and nowhere else, and leaks no callback URL as a referrer.
      "content-security-policy": `default-src 'self'; connect-src ${served.origin}; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
      "referrer-policy": "no-referrer",
      "x-content-type-options": "nosniff",
    };
    const reply = (outgoing: ServerResponse, status: number, type: string, body: string) =>
      outgoing.writeHead(status, { ...headers, "content-type": type }).end(body);

    const server = createServer((incoming, outgoing) => {
      const file = files[new URL(incoming.url ?? "/", "http://page").pathname];
      if (incoming.method !== "GET" && incoming.method !== "HEAD") reply(outgoing, 405, "text/plain", "Method not allowed\n");
      else if (!file) reply(outgoing, 404, "text/plain", "Not found\n");
      else reply(outgoing, 200, ...file);
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(options.port ?? 0, "127.0.0.1", resolve);
    });
    const { port } = server.address() as { port: number };
    return {
      url: `http://127.0.0.1:${port}/`,
      fakeOrigin: served.origin,
      fake,
      async close() {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await served.close();
      },
    };
  } catch (error) {
    await served.close();
    throw error;
  }
}
