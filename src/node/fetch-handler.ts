import type { IncomingMessage, ServerResponse } from "node:http";
import { isHttpUrl } from "../checks/validate.js";
import { fail, refuseUnknownOptions } from "../transport/options.js";

/** A handler of Web-standard requests: what openrouter-oauth/server's routes are, and what Deno and Bun serve. */
export type FetchHandler = (request: Request) => Response | Promise<Response>;

/** The options of toNodeHandler. */
export interface NodeAdapterOptions {
  /**
   * The app's origin as its users see it, like https://app.example: Node does not know whether a proxy in front
   * spoke https. Unless set, http:// and the request's Host header.
   */
  origin?: string | undefined;
  /** A bigger request body is answered 413 rather than buffered; 1 MiB unless set. */
  bodyLimitBytes?: number | undefined;
}

const DEFAULT_BODY_LIMIT = 1 << 20;
// Hop-by-hop and framing headers belong to the Node connection, not to the Request built from it.
const CONNECTION_HEADERS = new Set(["host", "connection", "keep-alive", "transfer-encoding", "content-length", "upgrade"]);

const plain = (status: number, text: string) =>
  new Response(`${text}\n`, { status, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" } });

/** Checks the adapter's options once, where they are given; null counts as none, from JavaScript. */
function checkAdapterOptions(options: NodeAdapterOptions | null | undefined, where: string): NodeAdapterOptions {
  refuseUnknownOptions(options, { origin: 1, bodyLimitBytes: 1 } satisfies Record<keyof NodeAdapterOptions, 1>, where);
  const { origin, bodyLimitBytes } = options ?? {};
  if (origin !== undefined && !isHttpUrl(origin)) fail(where, "origin", "origin must be the app's origin as its users see it, like https://app.example");
  if (bodyLimitBytes !== undefined && !(Number.isInteger(bodyLimitBytes) && bodyLimitBytes >= 0)) {
    fail(where, "bodyLimitBytes", "bodyLimitBytes must be a whole number of bytes");
  }
  return { origin, bodyLimitBytes };
}

async function readBody(incoming: IncomingMessage, limit: number): Promise<Uint8Array<ArrayBuffer> | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of incoming as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) return undefined;
    chunks.push(chunk);
  }
  return new Uint8Array(Buffer.concat(chunks));
}

/**
 * A Node request (node:http, Express, Fastify's `request.raw`) as a Web-standard Request, or a 413 Response when
 * its body is over the limit. Express's `originalUrl` is used when present, since a router strips its mount path.
 * The options are checked already: toNodeHandler and the served fake check them once, not on every request.
 * `signal` becomes the Request's.
 */
export async function requestOf(incoming: IncomingMessage, options: NodeAdapterOptions, signal?: AbortSignal): Promise<Request | Response> {
  const headers = new Headers();
  for (let i = 0; i < incoming.rawHeaders.length; i += 2) {
    const name = incoming.rawHeaders[i]!;
    if (!CONNECTION_HEADERS.has(name.toLowerCase())) headers.append(name, incoming.rawHeaders[i + 1]!);
  }
  const origin = options.origin ?? `http://${incoming.headers.host ?? "localhost"}`;
  const path = (incoming as IncomingMessage & { originalUrl?: string }).originalUrl ?? incoming.url ?? "/";
  let url: URL;
  try {
    // Appended, not resolved: a target like //other.example/x would otherwise replace the origin's host.
    if (!path.startsWith("/")) throw new TypeError("not a path");
    url = new URL(`${new URL(origin).origin}${path}`);
  } catch {
    return plain(400, "Bad request: the URL cannot be read");
  }
  const method = incoming.method ?? "GET";
  if (method === "GET" || method === "HEAD") return new Request(url, { method, headers, signal });
  const body = await readBody(incoming, options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT);
  if (body === undefined) return plain(413, "The request body is too large");
  return new Request(url, { method, headers, body, signal });
}

/** Resolves once the client has taken what was written, or has left. */
function drained(outgoing: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      outgoing.off("drain", done);
      outgoing.off("close", done);
      resolve();
    };
    outgoing.on("drain", done);
    outgoing.on("close", done);
  });
}

/** Writes each chunk as it comes, at the client's pace. A client that leaves cancels the stream, so its source stops. */
async function writeBody(body: ReadableStream<Uint8Array>, outgoing: ServerResponse): Promise<void> {
  const reader = body.getReader();
  const stop = () => void reader.cancel().catch(() => {});
  outgoing.once("close", stop);
  try {
    while (!outgoing.destroyed) {
      const { done, value } = await reader.read();
      if (done) {
        outgoing.end();
        return;
      }
      if (!outgoing.write(value)) await drained(outgoing);
    }
    // The client left, perhaps before the first chunk.
    stop();
  } finally {
    outgoing.off("close", stop);
  }
}

/**
 * Writes a Web-standard Response to a Node response, every Set-Cookie header kept, its body streamed as the handler
 * sends it (and not read at all for HEAD).
 */
export async function writeFetchResponse(response: Response, outgoing: ServerResponse): Promise<void> {
  if (typeof response?.headers?.getSetCookie !== "function") fail("writeFetchResponse", "response", "expects the Response to write");
  if (typeof outgoing?.setHeader !== "function") fail("writeFetchResponse", "outgoing", "expects a Node response (node:http's ServerResponse)");
  outgoing.statusCode = response.status;
  for (const [name, value] of response.headers) {
    if (name !== "set-cookie") outgoing.setHeader(name, value);
  }
  const cookies = response.headers.getSetCookie();
  if (cookies.length) outgoing.setHeader("set-cookie", cookies);
  if (response.body === null || outgoing.req?.method === "HEAD") {
    void response.body?.cancel().catch(() => {});
    outgoing.end();
    return;
  }
  await writeBody(response.body, outgoing);
}

/**
 * A fetch handler as a Node request listener, for `http.createServer(...)`, an Express route or (after
 * `reply.hijack()`) a Fastify one. An error the handler throws, or its body's stream before the first chunk, becomes
 * a bare 500: answer your own errors first. The Request's signal aborts when the client leaves before the whole
 * answer is written.
 */
export function toNodeHandler(handler: FetchHandler, given?: NodeAdapterOptions) {
  if (typeof handler !== "function") fail("toNodeHandler", "handler", "expects a function that takes a Request and answers a Response");
  const options = checkAdapterOptions(given, "toNodeHandler");
  return (incoming: IncomingMessage, outgoing: ServerResponse): void => {
    const left = new AbortController();
    outgoing.once("close", () => {
      if (!outgoing.writableFinished) left.abort();
    });
    void (async () => {
      let response: Response;
      try {
        const request = await requestOf(incoming, options, left.signal);
        response = request instanceof Response ? request : await handler(request);
      } catch {
        response = plain(500, "Internal server error");
      }
      await writeFetchResponse(response, outgoing);
    })().catch(() => {
      // Once the answer has begun only a cut tells the client; before, a body that failed (or no Response) is a
      // bare 500, without the headers that were meant for it.
      if (outgoing.headersSent) {
        outgoing.destroy();
        return;
      }
      for (const name of outgoing.getHeaderNames()) outgoing.removeHeader(name);
      writeFetchResponse(plain(500, "Internal server error"), outgoing).catch(() => outgoing.destroy());
    });
  };
}
