// The fake over real HTTP on loopback, with the real client and a simulated user, end to end over sockets.
import { once } from "node:events";
import { createServer } from "node:http";
import { connect } from "node:net";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import {
  buildAuthorizationUrl,
  completeSignIn,
  ConnectionError,
  createOpenRouterOAuth,
  createPkcePair,
  InvalidRequestError,
  parseCallback,
} from "../../src/index.js";
import { createFakeOpenRouter, FAKE_APP_API_KEY, simulateUser } from "../../src/testing/index.js";
import { serveFakeOpenRouter, type ServedFakeOpenRouter } from "../../src/testing/node/index.js";
import { checkedFake } from "./checked.js";

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

async function served(options?: Parameters<typeof serveFakeOpenRouter>[1]) {
  const { fake, fetch } = checkedFake();
  const server = await serveFakeOpenRouter({ fetch }, options);
  cleanups.push(() => server.close());
  return { fake, server };
}

/** A stand-in for the app's loopback callback listener: records the URLs it was sent to. */
async function callbackListener() {
  const received: string[] = [];
  const server = createServer((request, response) => {
    received.push(`http://127.0.0.1:${(server.address() as AddressInfo).port}${request.url}`);
    response.end("signed in");
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  cleanups.push(() => new Promise((resolve) => server.close(resolve)));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/callback`, received };
}

describe("serveFakeOpenRouter", () => {
  it("runs the whole sign-in over real sockets: consent page, redirect to the callback, exchange", async () => {
    const { fake, server } = await served();
    const listener = await callbackListener();
    const pair = await createPkcePair();
    const authorization = buildAuthorizationUrl({ callbackUrl: listener.url, codeChallenge: pair.code_challenge, authUrl: server.authUrl });

    const user = await simulateUser(authorization.url, "approve");
    expect(user.callbackStatus).toBe(200);
    expect(listener.received).toEqual([user.redirectedTo]);

    const callback = parseCallback(listener.received[0]!, { expectedState: authorization.state });
    const { key } = await completeSignIn(callback, pair.code_verifier, { baseUrl: server.baseUrl });
    expect(key).toMatch(/^sk-or-v1-[0-9a-f]{64}$/);
    expect(fake.calls.exchangeAuthCodeForAPIKey).toBe(1);
  });

  it("signs an editor extension in over real sockets: the consent page redirects to its vscode:// callback", async () => {
    const { fake, server } = await served();
    const pair = await createPkcePair();
    const authorization = buildAuthorizationUrl({
      callbackUrl: "vscode://publisher.extension/callback",
      codeChallenge: pair.code_challenge,
      authUrl: server.authUrl,
    });
    const user = await simulateUser(authorization.url, "approve");
    expect(user.callbackStatus).toBeUndefined();
    expect(new URL(user.redirectedTo!).protocol).toBe("vscode:");
    const callback = parseCallback(user.redirectedTo!, { expectedState: authorization.state });
    const { key } = await completeSignIn(callback, pair.code_verifier, { baseUrl: server.baseUrl });
    expect(key).toMatch(/^sk-or-v1-[0-9a-f]{64}$/);
    expect(fake.calls.exchangeAuthCodeForAPIKey).toBe(1);
  });

  it("carries request headers and bodies through, so createAuthCode sees the app's key", async () => {
    const { server } = await served();
    const client = createOpenRouterOAuth({ apiKey: FAKE_APP_API_KEY, baseUrl: server.baseUrl });
    const { data } = await client.createAuthCode({ callback_url: "https://app.example/callback", key_label: "Über app" });
    expect(await client.exchangeAuthCodeForAPIKey({ code: data.id })).toMatchObject({ key: expect.stringMatching(/^sk-or-v1-/) });
  });

  // What docs/testing.md promises a web page on another origin (a dev server on localhost:5173, say): the served
  // fake answers its preflight and lets it read every answer, as OpenRouter's API does.
  it("answers a web page of another origin over HTTP: the preflight, and every answer readable", async () => {
    // The fake itself: a preflight is no operation of the spec, which the checked fake holds every answer to.
    const fake = createFakeOpenRouter();
    const server = await serveFakeOpenRouter(fake);
    cleanups.push(() => server.close());
    const page = { origin: "http://localhost:5173" };
    const preflight = await fetch(`${server.baseUrl}/auth/keys`, {
      method: "OPTIONS",
      headers: { ...page, "access-control-request-method": "POST", "access-control-request-headers": "content-type" },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("*");
    expect(preflight.headers.get("access-control-allow-methods")).toContain("POST");
    expect(preflight.headers.get("access-control-allow-headers")).toContain("content-type");
    const refused = await fetch(`${server.baseUrl}/auth/keys`, {
      method: "POST",
      headers: { ...page, "content-type": "application/json" },
      body: JSON.stringify({ code: "no-such-code" }),
    });
    expect(refused.status).toBe(403);
    expect(refused.headers.get("access-control-allow-origin")).toBe("*");
    const key = await fetch(`${server.baseUrl}/key`, { headers: { ...page, authorization: "Bearer sk-or-v1-unknown" } });
    expect(key.status).toBe(401);
    expect(key.headers.get("access-control-allow-origin")).toBe("*");
    expect(fake.calls.exchangeAuthCodeForAPIKey).toBe(1);
  });

  it("gives its URLs from the port actually bound, on 127.0.0.1 by default", async () => {
    const { server } = await served();
    const { hostname, port, pathname } = new URL(server.origin);
    expect([hostname, pathname]).toEqual(["127.0.0.1", "/"]);
    expect(Number(port)).toBeGreaterThan(0);
    expect([server.baseUrl, server.authUrl]).toEqual([`${server.origin}/api/v1`, `${server.origin}/auth`]);
  });

  it("listens on ::1 when asked", async (context) => {
    let server: ServedFakeOpenRouter;
    try {
      ({ server } = await served({ host: "::1" }));
    } catch (error) {
      if (error instanceof ConnectionError) return context.skip("this machine has no IPv6 loopback");
      throw error;
    }
    expect(server.origin).toMatch(/^http:\/\/\[::1\]:\d+$/);
    expect((await fetch(`${server.origin}/nowhere`)).status).toBe(404);
  });

  it("says clearly that the port is taken, and what to do", async () => {
    const { server } = await served();
    const port = Number(new URL(server.origin).port);
    const attempt = serveFakeOpenRouter(checkedFake().fake, { port });
    await expect(attempt).rejects.toBeInstanceOf(InvalidRequestError);
    await expect(attempt).rejects.toMatchObject({
      field: "port",
      message: `serveFakeOpenRouter: port ${port} on 127.0.0.1 is already in use. Choose another port, or 0 to let the system pick a free one.`,
    });
  });

  it.each([
    ["a host that is not loopback", { host: "0.0.0.0" }, "host"],
    ["a port out of range", { port: 70000 }, "port"],
    ["a port that is not an integer", { port: 80.5 }, "port"],
  ])("refuses %s before listening", async (_, options, field) => {
    await expect(serveFakeOpenRouter(checkedFake().fake, options as never)).rejects.toMatchObject({ name: "InvalidRequestError", field });
  });

  it("closes every connection on close(): idle kept-alive ones and ones in the middle of a request", async () => {
    const { server } = await served();
    const port = Number(new URL(server.origin).port);
    const idle = connect(port, "127.0.0.1");
    idle.write("GET /nowhere HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n");
    expect(String((await once(idle, "data"))[0])).toMatch(/^HTTP\/1\.1 404/);
    const busy = connect(port, "127.0.0.1");
    await once(busy, "connect");
    busy.write("POST /api/v1/auth/keys HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n{");
    // A reset is a fine way to end them; only the closing matters here.
    const closed = Promise.all([idle, busy].map((socket) => new Promise((resolve) => socket.on("error", () => {}).on("close", resolve))));
    await server.close(); // would wait for the unfinished request without closing it
    await closed;
    await expect(fetch(server.authUrl)).rejects.toMatchObject({ cause: { code: "ECONNREFUSED" } });
  });

  it("resolves a second close()", async () => {
    const { server } = await served();
    await server.close();
    await expect(server.close()).resolves.toBeUndefined();
  });

  it("answers 413 to a body over 1 MiB instead of buffering it", async () => {
    const { server } = await served();
    const response = await fetch(`${server.baseUrl}/auth/keys`, { method: "POST", body: "x".repeat((1 << 20) + 1) });
    expect(response.status).toBe(413);
    expect((await response.json()).error.code).toBe(413);
  });

  it("answers 500 in OpenRouter's error shape when the handler throws", async () => {
    const server = await serveFakeOpenRouter({ fetch: async () => Promise.reject(new Error("boom")) });
    cleanups.push(() => server.close());
    const response = await fetch(`${server.baseUrl}/auth/keys`, { method: "POST", body: "{}" });
    expect(response.status).toBe(500);
    expect((await response.json()).error).toEqual({ code: 500, message: "The fake OpenRouter failed to handle this request" });
  });
});
