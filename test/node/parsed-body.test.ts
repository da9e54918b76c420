// toNodeHandler behind a body parser (express.urlencoded, a Fastify content-type parser) that has already read the
// request's body: the handler still answers, with the body as empty, rather than waiting for bytes that never come.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { toNodeHandler } from "../../src/node/index.js";

let close: (() => Promise<void>) | undefined;

afterEach(async () => {
  await close?.();
  close = undefined;
});

/** A server whose middleware reads each body whole before the route, as a body parser does. */
async function serveBehindParser(route: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ origin: string; parsed: string[] }> {
  const parsed: string[] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    parsed.push(Buffer.concat(chunks).toString());
    route(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  close = () => new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
  return { origin: `http://127.0.0.1:${(server.address() as { port: number }).port}`, parsed };
}

describe("toNodeHandler behind a body parser", () => {
  it("answers a form POST whose body the parser took, handing the handler an empty body", async () => {
    let body: string | undefined;
    const { origin, parsed } = await serveBehindParser(
      toNodeHandler(async (request) => {
        body = await request.text();
        return new Response("signed out", { status: 200 });
      }),
    );
    const response = await fetch(`${origin}/sign-out`, {
      method: "POST",
      body: "next=%2F",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      signal: AbortSignal.timeout(5_000),
    });
    expect(await response.text()).toBe("signed out");
    expect(parsed).toEqual(["next=%2F"]);
    expect(body).toBe("");
  });
});
