// Connections that break: reset before or after the response headers, a body cut off halfway, and headers that
// contradict each other. Each is a ConnectionError, sent once; the exchange says that its code may be spent.
import { afterEach, describe, expect, it } from "vitest";
import { ConnectionError, isOpenRouterOAuthError } from "../../../src/index.js";
import { CODE_MAY_BE_USED, OPERATIONS, send, watchHeaders, type Operation } from "./client.js";
import { head, settleWithin, startServer, type Behaviour, type FaultyServer } from "./server.js";

let server: FaultyServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Settles once the client of the current test has the response headers. */
let clientHasHeaders: Promise<void>;

async function sendTo(operation: Operation, behaviour: Behaviour) {
  server = await startServer(behaviour);
  const watched = watchHeaders();
  clientHasHeaders = watched.headers;
  const outcome = await settleWithin(send(operation, server.baseUrl, { fetch: watched.fetch, timeoutMs: 10_000 }), 20_000);
  return { ...outcome, requests: server.requests.length };
}

const VALID = '{"key":"sk-or-v1-minted-by-the-fault-server","user_id":null}';

const FAULTS: [string, Behaviour][] = [
  ["a reset before the response headers", (socket) => socket.resetAndDestroy()],
  [
    "a reset after the response headers",
    (socket) => {
      socket.write(head(200, [["content-type", "application/json"], ["content-length", String(VALID.length)]]) + VALID.slice(0, 10));
      // Once the client has the headers, so that the reset cannot overtake them.
      void clientHasHeaders.then(() => socket.resetAndDestroy());
    },
  ],
  [
    "a body cut off halfway (Content-Length)",
    (socket) => socket.end(head(200, [["content-type", "application/json"], ["content-length", String(VALID.length)]]) + VALID.slice(0, VALID.length / 2)),
  ],
  [
    "a body cut off halfway (chunked)",
    (socket) => socket.end(head(200, [["content-type", "application/json"], ["transfer-encoding", "chunked"]]) + `${(20).toString(16)}\r\n${VALID.slice(0, 20)}\r\n`),
  ],
  [
    "an error status whose body is cut off",
    (socket) => socket.end(head(500, [["content-type", "text/html"], ["content-length", "1000"]]) + "<html><body>Internal"),
  ],
  ["a connection closed without a response", (socket) => socket.end()],
  ["a response that is not HTTP", (socket) => socket.end("SSH-2.0-OpenSSH_9.6\r\n")],
  [
    "two Content-Length headers that disagree",
    (socket) => socket.end(head(200, [["content-type", "application/json"], ["content-length", String(VALID.length)], ["content-length", "5"]]) + VALID),
  ],
  [
    "both Content-Length and Transfer-Encoding",
    (socket) =>
      socket.end(head(200, [["content-length", String(VALID.length)], ["transfer-encoding", "chunked"]]) + `${VALID.length.toString(16)}\r\n${VALID}\r\n0\r\n\r\n`),
  ],
];

describe.each(OPERATIONS)("%s over a broken connection", (operation) => {
  it.each(FAULTS)("reports %s as ConnectionError after sending exactly once", async (_, behaviour) => {
    const { error, requests } = await sendTo(operation, behaviour);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(isOpenRouterOAuthError(error, "ConnectionError")).toBe(true);
    expect(error).toMatchObject({ operation, notSent: false });
    expect(requests).toBe(1);
    if (operation === "exchangeAuthCodeForAPIKey") expect((error as Error).message).toMatch(CODE_MAY_BE_USED);
    else expect((error as Error).message).toMatch(/Check the network and try again/);
  });
});

describe("headers that repeat without contradicting", () => {
  it("returns the key when Content-Type comes twice", async () => {
    const { data, requests } = await sendTo("exchangeAuthCodeForAPIKey", (socket) =>
      socket.end(head(200, [["content-type", "application/json"], ["content-type", "text/html"], ["content-length", String(VALID.length)]]) + VALID),
    );
    expect(data).toEqual(JSON.parse(VALID));
    expect(requests).toBe(1);
  });

  it("does not read a wait into two Retry-After headers that disagree", async () => {
    const { error } = await sendTo("createAuthCode", (socket) =>
      socket.end(head(429, [["retry-after", "5"], ["retry-after", "10"], ["content-length", "0"]])),
    );
    expect(error).toMatchObject({ name: "TooManyRequestsResponseError", status: 429, retryAfterMs: undefined });
  });

  it("keeps every value of a repeated header, joined, with the secrets of the request masked", async () => {
    const { error } = await sendTo("exchangeAuthCodeForAPIKey", (socket, request) =>
      socket.end(head(403, [["x-echo", JSON.parse(request.body).code], ["x-echo", "second"], ["content-length", "0"]])),
    );
    expect(error).toMatchObject({ name: "ForbiddenResponseError", headers: { "x-echo": "[redacted], second" } });
  });
});
