// What failed when no response came, read once from the codes down the fetch's chain of causes and kept on the
// ConnectionError as `reason`: the CLI's words and an app's own read that field, never the message.
import { createServer as createHttpServer } from "node:http";
import { createServer as createTcpServer, type Server } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { ConnectionError, exchangeAuthCodeForAPIKey, getCurrentKey, type ConnectionErrorReason, type FetchLike } from "../../../src/index.js";
import { closedPort } from "../../support/closed-port.js";
import { EXCHANGE_INPUT, rejectionOf } from "../../support/fixtures.js";

const failingWith = (error: unknown): FetchLike => () => Promise.reject(error);
const coded = (code: string, message = code) => Object.assign(new Error(message), { code });
/** Node's fetch: a TypeError whose cause holds the code. */
const node = (code: string) => new TypeError("fetch failed", { cause: coded(code) });

const CAUSES: [string, unknown, ConnectionErrorReason][] = [
  ["Node, a refused connection", node("ECONNREFUSED"), "refused"],
  ["Node, a refused connection to localhost (an AggregateError of both addresses)", new TypeError("fetch failed", {
    cause: Object.assign(new AggregateError([coded("ECONNREFUSED"), coded("ECONNREFUSED")]), { code: "ECONNREFUSED" }),
  }), "refused"],
  ["Bun, a refused connection (the code on the error)", coded("ECONNREFUSED", "Unable to connect"), "refused"],
  ["a name that does not resolve", node("ENOTFOUND"), "dns"],
  ["a DNS server that did not answer", node("EAI_AGAIN"), "dns"],
  ["no route to the host", node("EHOSTUNREACH"), "unreachable"],
  ["a connection that took too long", node("UND_ERR_CONNECT_TIMEOUT"), "timeout"],
  ["an expired certificate", node("CERT_HAS_EXPIRED"), "tls"],
  ["a self-signed certificate", node("DEPTH_ZERO_SELF_SIGNED_CERT"), "tls"],
  ["a certificate for another host", node("ERR_TLS_CERT_ALTNAME_INVALID"), "tls"],
  ["an unknown issuer", node("UNABLE_TO_GET_ISSUER_CERT_LOCALLY"), "tls"],
  ["https to a server that speaks http", node("ERR_SSL_WRONG_VERSION_NUMBER"), "tls"],
  ["a reset connection", node("ECONNRESET"), "reset"],
  ["a server that closed the connection", node("UND_ERR_SOCKET"), "reset"],
  ["Node's fetch refusing a port browsers block", new TypeError("fetch failed", { cause: new Error("bad port") }), "blocked-port"],
  ["a browser's bare TypeError", new TypeError("Failed to fetch"), "unknown"],
  ["a code nobody knows", node("EWHATEVER"), "unknown"],
  ["something that is not an error", "boom", "unknown"],
];

describe("a ConnectionError's reason", () => {
  it.each(CAUSES)("is read from the cause for %s", async (_, cause, reason) => {
    const error = await rejectionOf(getCurrentKey({ apiKey: "sk-or-v1-x", fetch: failingWith(cause) }));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.reason).toBe(reason);
  });

  it("is unknown on a ConnectionError built without one", () => {
    expect(new ConnectionError("x").reason).toBe("unknown");
  });

  it("a port the fetch refuses left nothing sent, so the exchange's code is unspent", async () => {
    const error = await rejectionOf(exchangeAuthCodeForAPIKey(EXCHANGE_INPUT, { fetch: failingWith(new TypeError("fetch failed", { cause: new Error("bad port") })) }));
    expect(error).toMatchObject({ name: "ConnectionError", reason: "blocked-port", notSent: true });
  });
});

describe("a ConnectionError's reason, from a real connection on loopback", () => {
  const servers: Server[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
  });
  const listening = async <S extends Server>(server: S): Promise<number> => {
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return (server.address() as { port: number }).port;
  };

  it("is refused, and notSent, where nothing listens", async () => {
    const port = await closedPort();
    const error = await rejectionOf(exchangeAuthCodeForAPIKey(EXCHANGE_INPUT, { baseUrl: `http://127.0.0.1:${port}/api/v1` }));
    expect(error).toMatchObject({ name: "ConnectionError", reason: "refused", notSent: true });
  });

  it("is blocked-port, and notSent, on port 9, which Node's fetch will not connect to", async () => {
    const error = await rejectionOf(exchangeAuthCodeForAPIKey(EXCHANGE_INPUT, { baseUrl: "http://127.0.0.1:9/api/v1" }));
    expect(error).toMatchObject({ name: "ConnectionError", reason: "blocked-port", notSent: true });
  });

  it("is tls when https is spoken to a server that answers in plain http", async () => {
    const port = await listening(createHttpServer((_, response) => response.end("plain")));
    const error = await rejectionOf(getCurrentKey({ apiKey: "sk-or-v1-x", baseUrl: `https://127.0.0.1:${port}/api/v1` }));
    expect(error).toMatchObject({ name: "ConnectionError", reason: "tls" });
  });

  it("is reset when the server closes the connection once the request arrived", async () => {
    const port = await listening(createTcpServer((socket) => socket.once("data", () => socket.destroy())));
    const error = await rejectionOf(exchangeAuthCodeForAPIKey(EXCHANGE_INPUT, { baseUrl: `http://127.0.0.1:${port}/api/v1` }));
    expect(error).toMatchObject({ name: "ConnectionError", reason: "reset", notSent: false });
  });
});
