// The Node adapter: a node:http server answering through a fetch handler, as Express and Fastify routes would.
import { EventEmitter } from "node:events";
import { createServer, request as httpRequest, type IncomingMessage, type RequestListener, type ServerResponse } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { writeFetchResponse } from "../../src/node/fetch-handler.js";
import { toNodeHandler } from "../../src/node/index.js";

let close: (() => Promise<void>) | undefined;

afterEach(async () => {
  await close?.();
  close = undefined;
});

async function serve(listener: RequestListener): Promise<string> {
  const server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  close = () => new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
  return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
}

describe("toNodeHandler", () => {
  it("hands the handler the method, URL, headers and body, and writes back status, headers and body", async () => {
    let seen: { method: string; url: string; cookie: string | null; host: string | null; body: string } | undefined;
    const origin = await serve(
      toNodeHandler(async (request) => {
        seen = { method: request.method, url: request.url, cookie: request.headers.get("cookie"), host: request.headers.get("host"), body: await request.text() };
        return new Response("made", { status: 201, headers: { "x-answer": "yes" } });
      }),
    );
    const response = await fetch(`${origin}/things?x=1`, { method: "POST", body: "a=b", headers: { cookie: "c=d" } });
    expect(response.status).toBe(201);
    expect(response.headers.get("x-answer")).toBe("yes");
    expect(await response.text()).toBe("made");
    expect(seen).toEqual({ method: "POST", url: `${origin}/things?x=1`, cookie: "c=d", host: null, body: "a=b" });
  });

  it("keeps every Set-Cookie header apart", async () => {
    const origin = await serve(
      toNodeHandler(() => {
        const headers = new Headers();
        headers.append("set-cookie", "a=1; Path=/");
        headers.append("set-cookie", "b=2; Path=/; Expires=Wed, 21 Oct 2026 07:28:00 GMT");
        return new Response(null, { status: 204, headers });
      }),
    );
    const response = await fetch(origin);
    expect(response.headers.getSetCookie()).toEqual(["a=1; Path=/", "b=2; Path=/; Expires=Wed, 21 Oct 2026 07:28:00 GMT"]);
  });

  it("uses the origin it is given (behind a proxy that speaks https) and Express's originalUrl", async () => {
    let url = "";
    const handler = toNodeHandler((request) => {
      url = request.url;
      return new Response("ok");
    }, { origin: "https://app.example" });
    const origin = await serve((incoming: IncomingMessage, outgoing) => {
      // What an Express router does to a mounted route.
      Object.assign(incoming, { originalUrl: incoming.url, url: "/callback" });
      handler(incoming, outgoing);
    });
    await (await fetch(`${origin}/auth/callback?code=1`)).text();
    expect(url).toBe("https://app.example/auth/callback?code=1");
  });

  it("answers 413 to a body over the limit, without calling the handler", async () => {
    let called = false;
    const origin = await serve(toNodeHandler(() => ((called = true), new Response("no")), { bodyLimitBytes: 10 }));
    const response = await fetch(origin, { method: "POST", body: "x".repeat(11) });
    expect(response.status).toBe(413);
    expect(called).toBe(false);
  });

  it("keeps its origin for a request target that starts with //, which would name another host if resolved", async () => {
    let seen = "";
    const origin = await serve(toNodeHandler((request) => {
      seen = request.url;
      return new Response("ok");
    }, { origin: "https://app.example" }));
    const { port } = new URL(origin);
    await new Promise<void>((resolve, reject) => {
      httpRequest({ host: "127.0.0.1", port, path: "//other.example/steal" }, (response) => response.resume().on("end", resolve)).on("error", reject).end();
    });
    expect(seen).toBe("https://app.example//other.example/steal");
  });

  it("answers a bare 500 when the handler throws, whatever it threw", async () => {
    const origin = await serve(toNodeHandler(() => {
      throw new Error("secret detail");
    }));
    const response = await fetch(origin);
    expect(response.status).toBe(500);
    expect(await response.text()).not.toContain("secret detail");
  });

  describe("writeFetchResponse", () => {
    /** A body of three chunks that counts its reads and says when it is cancelled. */
    function countedBody() {
      const counted = { reads: 0, cancelled: false, body: undefined as unknown as ReadableStream<Uint8Array> };
      counted.body = new ReadableStream<Uint8Array>({
        pull(controller) {
          counted.reads += 1;
          controller.enqueue(new TextEncoder().encode(`chunk ${counted.reads}\n`));
          if (counted.reads === 3) controller.close();
        },
        cancel: () => void (counted.cancelled = true),
      }, { highWaterMark: 0 });
      return counted;
    }

    /** A Node response whose client never has room: every write asks to wait for "drain". */
    function fullResponse(method = "GET") {
      const written: string[] = [];
      const outgoing = Object.assign(new EventEmitter(), {
        statusCode: 0,
        destroyed: false,
        ended: false,
        req: { method },
        setHeader() {},
        write: (chunk: Uint8Array) => (written.push(new TextDecoder().decode(chunk)), false),
        end: () => void (outgoing.ended = true),
      });
      return { outgoing, written, node: outgoing as unknown as ServerResponse };
    }

    const turn = () => new Promise((resolve) => setImmediate(resolve));

    it("reads the next chunk only once the client has room, and cancels the body when the client leaves", async () => {
      const counted = countedBody();
      const { outgoing, written, node } = fullResponse();
      const writing = writeFetchResponse(new Response(counted.body), node);
      await turn();
      expect(written).toEqual(["chunk 1\n"]);
      outgoing.emit("drain");
      await turn();
      expect(written).toEqual(["chunk 1\n", "chunk 2\n"]);
      outgoing.destroyed = true;
      outgoing.emit("close");
      await writing;
      expect(counted).toMatchObject({ reads: 2, cancelled: true });
      expect(outgoing.ended).toBe(false);
    });

    it("does not read the body of an answer to HEAD", async () => {
      const counted = countedBody();
      const { outgoing, written, node } = fullResponse("HEAD");
      await writeFetchResponse(new Response(counted.body), node);
      expect(counted).toMatchObject({ reads: 0, cancelled: true });
      expect(written).toEqual([]);
      expect(outgoing.ended).toBe(true);
    });
  });

  it.each([
    ["a handler that is no function", () => toNodeHandler("handler" as never), "handler", "toNodeHandler: expects a function that takes a Request and answers a Response."],
    ["an origin that is no URL", () => toNodeHandler(() => new Response(), { origin: "app.example" }), "origin", "toNodeHandler: origin must be the app's origin as its users see it, like https://app.example."],
    ["a negative body limit", () => toNodeHandler(() => new Response(), { bodyLimitBytes: -1 }), "bodyLimitBytes", "toNodeHandler: bodyLimitBytes must be a whole number of bytes."],
  ])("refuses %s when it is made, not at the first request", (_, make, field, message) => {
    expect(make).toThrow(expect.objectContaining({ name: "InvalidRequestError", field, message }));
  });
});
