import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { requestOf, writeFetchResponse } from "../node/fetch-handler.js";
import { listenError } from "../node/listener.js";
import { checkField, fail, refuseUnknownOptions } from "../transport/options.js";
import { portProblem } from "../checks/option-checks.js";

/** What serveFakeOpenRouter serves: the fake, or a handler of your own around it. */
export interface ServedHandler {
  /** Answers each request the server receives. */
  fetch(request: Request): Promise<Response>;
}

/** Where serveFakeOpenRouter listens: loopback only. */
export interface ServeFakeOpenRouterOptions {
  /** 0 (the default) lets the system pick a free port. */
  port?: number | undefined;
  /** Loopback only; 127.0.0.1 unless set. */
  host?: "127.0.0.1" | "::1" | undefined;
}

/** The fake OpenRouter served over HTTP, with the URLs to point an app at. */
export interface ServedFakeOpenRouter {
  /** Like http://127.0.0.1:54321 */
  origin: string;
  /**
   * origin + "/api/v1": the `baseUrl` option of every call to the API (completeSignIn, exchangeAuthCodeForAPIKey,
   * getCurrentKey, createOpenRouterOAuth, createSignIn, login), or the CLI's --base-url.
   */
  baseUrl: string;
  /** origin + "/auth": the consent page, the `authUrl` option of buildAuthorizationUrl, createSignIn and login. */
  authUrl: string;
  /** Stops listening and closes every open connection. */
  close(): Promise<void>;
}

const jsonError = (status: number, message: string) =>
  new Response(JSON.stringify({ error: { code: status, message } }), { status, headers: { "content-type": "application/json" } });

async function answer(handler: ServedHandler, incoming: IncomingMessage, outgoing: ServerResponse, origin: string) {
  let response: Response;
  try {
    // Requests to the fake are tiny: the adapter refuses a body over its 1 MiB default rather than buffer it.
    const request = await requestOf(incoming, { origin });
    // The adapter's own refusals (a body too large, a URL it cannot read), in its words and OpenRouter's error shape.
    response = request instanceof Response ? jsonError(request.status, (await request.text()).trim()) : await handler.fetch(request);
  } catch {
    response = jsonError(500, "The fake OpenRouter failed to handle this request");
  }
  await writeFetchResponse(response, outgoing);
}

/**
 * Serves the fake (or any fetch-style handler) over real HTTP on loopback, for tests that need sockets: a CLI,
 * a browser, another process. Node only.
 */
export async function serveFakeOpenRouter(
  fake: ServedHandler,
  options?: ServeFakeOpenRouterOptions,
): Promise<ServedFakeOpenRouter> {
  if (typeof fake?.fetch !== "function") {
    fail("serveFakeOpenRouter", "fake", "expects the fake to serve, from createFakeOpenRouter()");
  }
  // From JavaScript, null counts as no options.
  refuseUnknownOptions(options, { port: 1, host: 1 } satisfies Record<keyof ServeFakeOpenRouterOptions, 1>, "serveFakeOpenRouter");
  const { port = 0, host = "127.0.0.1" } = options ?? {};
  if (host !== "127.0.0.1" && host !== "::1") {
    fail("serveFakeOpenRouter", "host", 'host must be "127.0.0.1" or "::1"; the fake listens on loopback only');
  }
  checkField("serveFakeOpenRouter", "port", port, portProblem);
  let origin = "";
  const server = createServer((incoming, outgoing) => void answer(fake, incoming, outgoing, origin).catch(() => outgoing.destroy()));
  await new Promise<void>((resolve, reject) => {
    server.once("error", (cause: NodeJS.ErrnoException) => reject(listenError(cause, port, host, "serveFakeOpenRouter")));
    server.listen(port, host, resolve);
  });
  const address = server.address();
  const bound = typeof address === "object" && address ? address.port : port;
  origin = `http://${host === "::1" ? "[::1]" : host}:${bound}`;
  return {
    origin,
    baseUrl: `${origin}/api/v1`,
    authUrl: `${origin}/auth`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve()); // an error here only means it was closed already
        server.closeAllConnections();
      }),
  };
}
