// The Node adapter beside a well-kept one: each case of one table runs through toNodeHandler and through
// @hono/node-server's getRequestListener, each on a real node:http server on 127.0.0.1. Ours must pass every case;
// the library's results are kept as they are, so that a change in them shows. Run as `npm run compare:adapters`,
// it writes the results into docs/node-adapter.md's table.
import { getRequestListener } from "@hono/node-server";
import { EventEmitter, once } from "node:events";
import { readFileSync, writeFileSync } from "node:fs";
import { createServer, request as httpRequest, type IncomingHttpHeaders, type RequestListener, type Server } from "node:http";
import { connect, type Socket } from "node:net";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { toNodeHandler, type FetchHandler, type NodeAdapterOptions } from "../../src/node/index.js";
import type { SignIn } from "../../src/server/index.js";
import { simulateUser } from "../../src/testing/index.js";
import { APP, CookieJar, FAKE, testApp } from "../server/support.js";

/** An adapter as each case sets it up: `origin` is the app's origin as its users see it, through a proxy. */
type Adapter = (handler: FetchHandler, options?: NodeAdapterOptions) => RequestListener;

const OURS = "openrouter-oauth/node toNodeHandler";
const LIBRARY_VERSION: string = JSON.parse(readFileSync(new URL("../../node_modules/@hono/node-server/package.json", import.meta.url), "utf8")).version;
const LIBRARY = `@hono/node-server ${LIBRARY_VERSION} getRequestListener`;

const ADAPTERS: Record<string, Adapter> = {
  [OURS]: (handler, options) => toNodeHandler(handler, options),
  // It takes neither an origin nor a body limit. Unless told not to, it puts its own Request and Response in place
  // of the global ones, which would change them for our adapter too: this process runs both.
  [LIBRARY]: (handler) => getRequestListener(handler, { overrideGlobalObjects: false }) as RequestListener,
};

/** What a case found that it did not want: its words go into the table. */
class Miss extends Error {}

function check(condition: boolean, note: string): asserts condition {
  if (!condition) throw new Miss(note);
}

/** Long enough for a loaded machine; only a hang reaches it, and a hang is what it reports. */
const WAIT_MS = 6000;

async function within<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Miss(what)), WAIT_MS);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((settle) => (resolve = settle));
  return { promise, resolve };
}

// What each test opened, closed after it whatever its result.
const servers: Server[] = [];
const sockets: Socket[] = [];
const releases: (() => void)[] = [];

afterEach(async () => {
  for (const release of releases.splice(0)) release();
  for (const socket of sockets.splice(0)) socket.destroy();
  await Promise.all(servers.splice(0).map((server) => new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  })));
});

interface Served {
  port: number;
  origin: string;
  /** "request" as each request arrives, "response closed" as each response is done with, sent or not. */
  events: EventEmitter;
}

async function serve(listener: RequestListener): Promise<Served> {
  const events = new EventEmitter();
  const server = createServer((incoming, outgoing) => {
    events.emit("request");
    outgoing.on("close", () => events.emit("response closed"));
    listener(incoming, outgoing);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return { port, origin: `http://127.0.0.1:${port}`, events };
}

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** One request as a well-behaved client sends it, on a connection of its own. */
function send(port: number, init: { method?: string; path?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
  const answer = new Promise<Answer>((resolve, reject) => {
    const request = httpRequest({ host: "127.0.0.1", port, agent: false, method: init.method, path: init.path ?? "/", headers: init.headers }, (response) => {
      let body = "";
      response.setEncoding("utf8").on("data", (chunk: string) => (body += chunk));
      response.on("end", () => resolve({ status: response.statusCode!, headers: response.headers, body }));
      response.on("error", reject);
    });
    request.on("error", reject);
    request.end(init.body);
  });
  return within(answer, "no answer came");
}

/** A raw connection, for what a well-behaved client would not do. */
async function connection(port: number): Promise<Socket> {
  const socket = connect(port, "127.0.0.1");
  sockets.push(socket);
  await within(once(socket, "connect"), "no connection");
  return socket;
}

/** What arrives on a raw connection until `enough` says so, or until the server closes it. */
function reading(socket: Socket, enough: (text: string) => boolean = () => false): Promise<string> {
  return new Promise((resolve) => {
    let text = "";
    const done = () => {
      socket.off("data", onData);
      resolve(text);
    };
    const onData = (chunk: Buffer) => {
      text += chunk.toString("latin1");
      if (enough(text)) done();
    };
    socket.on("data", onData);
    socket.once("close", done);
  });
}

const statusOf = (text: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);

/** A stream that sends "first" and then waits for `next` before it sends "second" and ends. */
function twoChunks(next: Promise<void>, cancelled?: () => void): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      controller.enqueue(encoder.encode("first\n"));
    },
    async pull(controller) {
      await next;
      controller.enqueue(encoder.encode("second\n"));
      controller.close();
    },
    cancel: () => cancelled?.(),
  });
}

/** createSignIn's routes as an app mounts them. */
function signInRoutes(signIn: SignIn): FetchHandler {
  return async (request) => {
    const route = `${request.method} ${new URL(request.url).pathname}`;
    if (route === "GET /auth/openrouter/start") return signIn.start(request);
    if (route === "GET /auth/openrouter/callback") return (await signIn.finish(request)).response;
    if (route === "POST /sign-out") return signIn.signOut(request, { returnTo: "/" });
    if (route === "GET /") return new Response((await signIn.keyOf(request)) ? "signed in" : "signed out");
    return new Response("not found", { status: 404 });
  };
}

interface Case {
  name: string;
  /** The library's result as last recorded: the test fails when it changes, so that the table is written again. */
  library: "pass" | "fail";
  /** Returns what the table says of a pass; throws a Miss saying what went wrong. */
  run(adapter: Adapter): Promise<string>;
}

const CASES: Case[] = [
  {
    name: "HEAD: GET's status and headers, no body",
    library: "pass",
    async run(adapter) {
      const methods: string[] = [];
      const { port } = await serve(adapter((request) => {
        methods.push(request.method);
        return new Response("hello\n", { headers: { "content-type": "text/plain", "x-route": "home" } });
      }));
      // Pipelined on one connection: a body written after HEAD's headers would show up ahead of GET's answer.
      const socket = await connection(port);
      const text = reading(socket);
      socket.end("HEAD / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\nGET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
      const [head = "", rest = ""] = (await within(text, "no answer came")).split(/\r\n\r\n(?=HTTP\/1\.1 )/);
      check(methods[0] === "HEAD", `the handler saw ${methods[0]}`);
      check(statusOf(head) === 200 && /\r\nx-route: home\r\n/i.test(head), "HEAD did not get GET's status and headers");
      check(statusOf(rest) === 200 && rest.includes("hello\n"), "a body was written after HEAD's headers");
      return "the handler sees HEAD; no body is written";
    },
  },
  {
    name: "A client that leaves mid-upload: the server goes on, no handler is left waiting",
    library: "pass",
    async run(adapter) {
      let state = "not called";
      const settled = deferred();
      const served = await serve(adapter(async (request) => {
        if (request.method === "GET") return new Response("still here");
        state = "reading";
        try {
          await request.arrayBuffer();
          state = "read";
        } catch {
          state = "read fails";
        }
        settled.resolve();
        return new Response("read");
      }));
      const arrived = once(served.events, "request");
      const closed = once(served.events, "response closed");
      const socket = await connection(served.port);
      socket.write(`POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100000\r\n\r\n${"x".repeat(1000)}`);
      await within(arrived, "the request never arrived");
      socket.destroy();
      await within(closed, "the response was never closed");
      if (state !== "not called") await within(settled.promise, "the handler's read of the body never ends");
      check(state !== "read", "the handler read a body that never came whole");
      const next = await send(served.port);
      check(next.body === "still here", "the next request was not answered");
      return state === "not called" ? "the handler is not called; the next request is answered" : "the handler's read of the body fails; the next request is answered";
    },
  },
  {
    name: "A client that leaves while the handler works: request.signal aborts",
    library: "pass",
    async run(adapter) {
      const started = deferred();
      const aborted = deferred();
      const { port } = await serve(adapter((request) => {
        started.resolve();
        const release = deferred();
        releases.push(release.resolve);
        request.signal.addEventListener("abort", () => aborted.resolve());
        return Promise.race([aborted.promise, release.promise]).then(() => new Response("late"));
      }));
      const socket = await connection(port);
      socket.write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
      await within(started.promise, "the handler was never called");
      socket.destroy();
      await within(aborted.promise, "request.signal never aborts: the handler works on for a client that left");
      return "request.signal aborts";
    },
  },
  {
    name: "A client that leaves mid-stream: the response's stream is cancelled",
    library: "pass",
    async run(adapter) {
      const cancelled = deferred();
      const never = new Promise<void>((resolve) => releases.push(resolve));
      const { port } = await serve(adapter(() => new Response(twoChunks(never, cancelled.resolve))));
      const socket = await connection(port);
      const first = reading(socket, (text) => text.includes("first"));
      socket.write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
      check((await within(first, "the first chunk never arrived: the response is read whole first")).includes("first"), "the connection closed before the first chunk");
      socket.destroy();
      await within(cancelled.promise, "the stream is never cancelled: it is read on for a client that left");
      return "the stream is cancelled";
    },
  },
  {
    name: "A body over the limit: 413 before the rest is sent, the handler not called",
    library: "fail",
    async run(adapter) {
      let called = false;
      const { port } = await serve(adapter(async (request) => {
        called = true;
        return new Response(`read ${(await request.arrayBuffer()).byteLength} bytes`);
      }, { bodyLimitBytes: 1024 }));
      // Declared, and chunked (no length known until it ends): 2 KiB sent of far more, then the client waits.
      const starts = [
        "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1048576\r\n\r\n",
        "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n800\r\n",
      ];
      for (const start of starts) {
        const socket = await connection(port);
        const head = reading(socket, (text) => text.includes("\r\n\r\n"));
        socket.write(`${start}${"x".repeat(2048)}`);
        const status = statusOf(await within(head, "no limit of its own: no answer until the whole body is read"));
        check(status === 413, `answered ${status}`);
        socket.destroy();
      }
      check(!called, "the handler was called");
      return "413 before the rest is sent, declared or chunked";
    },
  },
  {
    name: "Several Set-Cookie: each its own header",
    library: "pass",
    async run(adapter) {
      const cookies = ["a=1; Path=/", "b=2; Path=/; Expires=Wed, 21 Oct 2026 07:28:00 GMT; HttpOnly"];
      const { port } = await serve(adapter(() => {
        const headers = new Headers();
        for (const cookie of cookies) headers.append("set-cookie", cookie);
        return new Response(null, { status: 204, headers });
      }));
      const { headers } = await send(port);
      check(JSON.stringify(headers["set-cookie"]) === JSON.stringify(cookies), `Set-Cookie arrived as ${JSON.stringify(headers["set-cookie"])}`);
      return "two headers, as written";
    },
  },
  {
    name: "Behind a proxy that speaks https (X-Forwarded-Proto: https): the Request's URL is https",
    library: "fail",
    async run(adapter) {
      let url = "";
      const { port } = await serve(adapter((request) => {
        url = request.url;
        return new Response("ok");
      }, { origin: APP }));
      await send(port, { path: "/auth/openrouter/callback?code=1", headers: { host: "app.test", "x-forwarded-proto": "https", "x-forwarded-host": "app.test" } });
      check(url === `${APP}/auth/openrouter/callback?code=1`, `no option for it: the URL is ${url}`);
      return "with `origin` set, the URL is on it";
    },
  },
  {
    name: "No proxy in front: a client's own X-Forwarded-Proto changes nothing",
    library: "pass",
    async run(adapter) {
      let url = "";
      const { port, origin } = await serve(adapter((request) => {
        url = request.url;
        return new Response("ok");
      }));
      await send(port, { path: "/x", headers: { host: `127.0.0.1:${port}`, "x-forwarded-proto": "https", "x-forwarded-host": "evil.example" } });
      check(url === `${origin}/x`, `the URL is ${url}`);
      return "the URL is the connection's";
    },
  },
  {
    name: "A streamed response: each chunk arrives as it is sent",
    library: "pass",
    async run(adapter) {
      const second = deferred();
      const { port } = await serve(adapter(() => new Response(twoChunks(second.promise))));
      const body = new Promise<string>((resolve, reject) => {
        httpRequest({ host: "127.0.0.1", port, agent: false }, (response) => {
          let text = "";
          response.setEncoding("utf8").on("data", (chunk: string) => {
            text += chunk;
            // The stream sends its second chunk only once the client has its first.
            if (text.includes("first")) second.resolve();
          });
          response.on("end", () => resolve(text)).on("error", reject);
        }).on("error", reject).end();
      });
      const text = await within(body, "the first chunk never arrived: the response is read whole first");
      check(text === "first\nsecond\n", `the body was ${JSON.stringify(text)}`);
      return "the first chunk arrives before the stream ends";
    },
  },
  {
    name: "A stream that fails midway: the answer is cut off, never ended as if whole",
    library: "pass",
    async run(adapter) {
      const failing = deferred();
      const { port } = await serve(adapter(() => new Response(new ReadableStream({
        start(controller) {
          controller.enqueue(new TextEncoder().encode("first\n"));
        },
        async pull(controller) {
          await failing.promise;
          controller.error(new Error("the source failed"));
        },
      }))));
      const ending = new Promise<string>((resolve) => {
        httpRequest({ host: "127.0.0.1", port, agent: false }, (response) => {
          let text = "";
          response.setEncoding("utf8").on("data", (chunk: string) => {
            text += chunk;
            // The source fails once the client has the first chunk, so the answer has begun.
            failing.resolve();
          });
          response.on("end", () => resolve(`ended whole, with ${JSON.stringify(text)}`)).on("error", () => resolve("cut off"));
        }).on("error", () => resolve("cut off")).end();
      });
      const how = await within(ending, "the answer never ended");
      check(how === "cut off", how);
      return "cut off";
    },
  },
  {
    name: "A stream that fails before its first chunk: a bare 500, none of its headers, no error text",
    library: "fail",
    async run(adapter) {
      const { port } = await serve(adapter(() => new Response(new ReadableStream({
        pull(controller) {
          controller.error(new Error("the source failed"));
        },
      }), { headers: { "set-cookie": "session=meant-for-a-200; Path=/" } })));
      const answer = await send(port).catch(() => undefined);
      check(answer !== undefined, "no answer: the connection is cut");
      check(answer.status === 500, `answered ${answer.status}`);
      check(answer.headers["set-cookie"] === undefined, "the 500 carries the failed answer's Set-Cookie");
      check(!answer.body.includes("the source failed"), `the body is ${JSON.stringify(answer.body)}`);
      return "a bare 500";
    },
  },
  {
    name: "createSignIn's routes: sign in, the session, sign out",
    library: "pass",
    async run(adapter) {
      const app = testApp();
      const { origin } = await serve(adapter(signInRoutes(app.signIn), { origin: APP }));
      const jar = new CookieJar();
      const get = async (path: string, init: RequestInit = {}) =>
        jar.take(await fetch(`${origin}${path}`, { redirect: "manual", ...init, headers: { cookie: jar.header(), ...init.headers } }));
      const started = await get("/auth/openrouter/start");
      const location = started.headers.get("location") ?? "";
      check(started.status === 302 && location.startsWith(`${FAKE}/auth`), `start answered ${started.status}`);
      const user = await simulateUser(location, "approve", { fetch: (request) => app.fake.fetch(request), follow: false });
      const callback = new URL(user.redirectedTo!);
      const finished = await get(`${callback.pathname}${callback.search}`);
      check(finished.status === 302 && finished.headers.getSetCookie().length === 2, `the callback answered ${finished.status} with ${finished.headers.getSetCookie().length} cookies`);
      check((await (await get("/")).text()) === "signed in", "the session cookie did not sign the user in");
      const signedOut = await get("/sign-out", { method: "POST", headers: { origin: APP } });
      check(signedOut.status === 303, `sign-out answered ${signedOut.status}`);
      check((await (await get("/")).text()) === "signed out", "sign-out did not clear the session");
      return "signed in and out";
    },
  },
];

type Result = { verdict: "pass" | "fail"; note: string };
const results = new Map<string, Map<string, Result>>();

async function outcome(testCase: Case, adapter: Adapter): Promise<Result> {
  try {
    return { verdict: "pass", note: await testCase.run(adapter) };
  } catch (error) {
    if (!(error instanceof Miss)) throw error;
    return { verdict: "fail", note: error.message };
  }
}

describe.each(CASES)("$name", (testCase) => {
  it.each(Object.keys(ADAPTERS))("through %s", async (name) => {
    const result = await outcome(testCase, ADAPTERS[name]!);
    if (!results.has(testCase.name)) results.set(testCase.name, new Map());
    results.get(testCase.name)!.set(name, result);
    expect(result).toEqual({ verdict: name === OURS ? "pass" : testCase.library, note: expect.any(String) });
  }, 30_000);
});

const START = "<!-- adapter table: npm run compare:adapters writes it -->";
const END = "<!-- end of adapter table -->";

afterAll(() => {
  if (process.env.npm_lifecycle_event !== "compare:adapters") return;
  const file = new URL("../../docs/node-adapter.md", import.meta.url);
  const names = Object.keys(ADAPTERS);
  const cell = (result: Result | undefined) => (result ? `${result.verdict}: ${result.note}` : "not run");
  const rows = [...results].map(([name, byAdapter]) => `| ${name} | ${names.map((adapter) => cell(byAdapter.get(adapter))).join(" | ")} |`);
  const table = [`| Case | ${names.join(" | ")} |`, `| --- |${" --- |".repeat(names.length)}`, ...rows].join("\n");
  const text = readFileSync(file, "utf8");
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  if (start < 0 || end < start) throw new Error(`${file} has no table markers (${START} … ${END}) to write between.`);
  writeFileSync(file, `${text.slice(0, start + START.length)}\n${table}\n${text.slice(end)}`);
  console.log(table);
});
