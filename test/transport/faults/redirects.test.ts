// A redirect is never followed: the code, the verifier and the app's key go to baseUrl and nowhere else.
import { createServer } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { APIError, ConnectionError } from "../../../src/index.js";
import { API_KEY, CODE, CODE_MAY_BE_USED, OPERATIONS, send } from "./client.js";
import { head, json, settleWithin, startServer, type FaultyServer } from "./server.js";

const servers: FaultyServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function start(...args: Parameters<typeof startServer>) {
  const server = await startServer(...args);
  servers.push(server);
  return server;
}

/** Whether this machine can listen on ::1, the other loopback host. */
const ipv6 = await new Promise<boolean>((resolve) => {
  const probe = createServer().once("error", () => resolve(false));
  probe.listen(0, "::1", () => probe.close(() => resolve(true)));
});

const elsewhereHosts = ipv6 ? ["127.0.0.1", "::1"] : ["127.0.0.1"];

/** A fetch of the app's that rebuilds each request, and so drops redirect: "manual": it follows redirects. */
const following = async (request: Request) => fetch(request.url, { method: request.method, headers: request.headers, body: await request.text() });

describe.each(OPERATIONS)("%s answered with a redirect", (operation) => {
  it.each(elsewhereHosts.flatMap((host) => [301, 302, 303, 307, 308].map((status) => [status, host] as const)))(
    "does not follow a %i to another loopback server (%s), which receives nothing",
    async (status, host) => {
      const elsewhere = await start((socket) => socket.end(json(200, { key: "sk-or-v1-from-elsewhere", user_id: null })), host);
      const origin = await start((socket, request) =>
        socket.end(head(status, [["location", `${elsewhere.baseUrl}${request.path.replace("/api/v1", "")}`], ["content-length", "0"]])),
      );
      const { error } = await settleWithin(send(operation, origin.baseUrl, { timeoutMs: 10_000 }), 20_000);
      // A 3xx has no class of its own.
      expect((error as Error).constructor).toBe(APIError);
      expect(error).toMatchObject({ operation, status, headers: { location: expect.stringContaining(String(elsewhere.port)) } });
      expect((error as Error).message).toMatch(/Redirects are not followed; check baseUrl/);
      expect(origin.requests).toHaveLength(1);
      expect(elsewhere.requests).toHaveLength(0);
    },
  );
});

describe.each(OPERATIONS)("%s through a fetch of the app's that follows redirects", (operation) => {
  it("refuses what came back from the server it was redirected to", async () => {
    const elsewhere = await start((socket) => socket.end(json(200, { key: "sk-or-v1-from-elsewhere", user_id: null, data: {} })));
    const origin = await start((socket) => socket.end(head(307, [["location", `${elsewhere.baseUrl}/x`], ["content-length", "0"]])));
    const { error } = await settleWithin(send(operation, origin.baseUrl, { timeoutMs: 10_000, fetch: following }), 20_000);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toMatchObject({ operation, notSent: false, reason: "redirect" });
    expect((error as Error).message).toContain('the fetch followed a redirect; give one that honours redirect: "manual".');
    if (operation === "exchangeAuthCodeForAPIKey") expect((error as Error).message).toMatch(CODE_MAY_BE_USED);
    expect(elsewhere.requests).toHaveLength(1);
  });
});

describe("a fetch of the app's that follows a redirect that comes back to the same site", () => {
  it("is refused too, as the hops between may have been anywhere", async () => {
    const origin = await start((socket, request) =>
      socket.end(request.path.endsWith("/back")
        ? json(200, { key: "sk-or-v1-after-a-detour", user_id: null })
        : head(307, [["location", `${request.path}/back`], ["content-length", "0"]])),
    );
    const { error } = await settleWithin(send("exchangeAuthCodeForAPIKey", origin.baseUrl, { timeoutMs: 10_000, fetch: following }), 20_000);
    expect(error).toBeInstanceOf(ConnectionError);
  });
});

describe("what went to the one server that was asked", () => {
  it("is the exchange with its code and no API key, even from a client that holds one", async () => {
    const origin = await start((socket) => socket.end(head(307, [["location", "http://127.0.0.1:9/"], ["content-length", "0"]])));
    await settleWithin(send("exchangeAuthCodeForAPIKey", origin.baseUrl, { timeoutMs: 10_000 }), 20_000);
    expect(origin.requests[0]).toMatchObject({ method: "POST", path: "/api/v1/auth/keys" });
    expect(origin.requests[0]!.headers.authorization).toBeUndefined();
    expect(JSON.parse(origin.requests[0]!.body).code).toBe(CODE);
  });

  it("is createAuthCode with the app's API key as a bearer token", async () => {
    const origin = await start((socket) => socket.end(head(307, [["location", "http://127.0.0.1:9/"], ["content-length", "0"]])));
    await settleWithin(send("createAuthCode", origin.baseUrl, { timeoutMs: 10_000 }), 20_000);
    expect(origin.requests[0]).toMatchObject({ method: "POST", path: "/api/v1/auth/keys/code", headers: { authorization: `Bearer ${API_KEY}` } });
  });
});
