// Bodies far larger than any OAuth response: the client stops reading at its own bound (1 MiB), says so, and
// closes the connection, so that the server stops long before it has sent everything. Nothing allocates the body.
import { afterEach, describe, expect, it } from "vitest";
import { InternalServerResponseError, ResponseValidationError } from "../../../src/index.js";
import { CODE_MAY_BE_USED, send } from "./client.js";
import { head, settleWithin, startServer, streamBody, type FaultyServer } from "./server.js";

const MiB = 1 << 20;
const GiB = 1 << 30;

let server: FaultyServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A server that streams a body of `total` bytes (made lazily) after `status`; resolves how much it wrote. */
async function streamingServer(status: number, total: number, framing: "content-length" | "chunked") {
  let written: Promise<number> = Promise.resolve(0);
  server = await startServer((socket) => {
    if (framing === "content-length") {
      socket.write(head(status, [["content-type", "application/json"], ["content-length", String(total)]]));
      written = streamBody(socket, total);
    } else {
      // One chunk of the whole size: the chunk header says how much follows, and the bytes follow lazily.
      socket.write(head(status, [["content-type", "application/json"], ["transfer-encoding", "chunked"]]) + `${total.toString(16)}\r\n`);
      written = streamBody(socket, total);
    }
  });
  return { server, written: () => written };
}

describe("a body far over the client's bound", () => {
  it.each([
    ["10 MB", "content-length", 10 * MiB],
    ["10 MB", "chunked", 10 * MiB],
    ["1 GB", "content-length", GiB],
    ["1 GB", "chunked", GiB],
  ] as const)("in a 2xx (%s, %s) is refused as too large, and the server is cut off early", async (_, framing, total) => {
    const { server, written } = await streamingServer(200, total, framing);
    const { error } = await settleWithin(send("exchangeAuthCodeForAPIKey", server.baseUrl, { timeoutMs: 60_000 }), 90_000);
    expect(error).toBeInstanceOf(ResponseValidationError);
    // The body as a whole is to blame, not one of its fields.
    expect(error).toMatchObject({ operation: "exchangeAuthCodeForAPIKey", field: undefined });
    expect((error as Error).message).toMatch(/the body is larger than the client accepts.*a key may have been minted/);
    // What did arrive stays reachable, cut at the bound.
    expect(((error as ResponseValidationError).body as string).length).toBeLessThanOrEqual(MiB);
    // The client closed the connection (the server never ends it), and for 1 GB long before the end: the
    // 64 MiB allowance covers the socket buffers, which hold a few MiB.
    await settleWithin(server.requests[0]!.closed, 30_000);
    if (total === GiB) expect(await written()).toBeLessThan(GiB / 16);
    expect(server.requests).toHaveLength(1);
  }, 120_000);

  it("in an error status (1 GB) is reported by its status, with the code flagged as maybe used", async () => {
    const { server, written } = await streamingServer(500, GiB, "content-length");
    const { error } = await settleWithin(send("exchangeAuthCodeForAPIKey", server.baseUrl, { timeoutMs: 60_000 }), 90_000);
    expect(error).toBeInstanceOf(InternalServerResponseError);
    expect(error).toMatchObject({ operation: "exchangeAuthCodeForAPIKey", status: 500 });
    expect((error as Error).message).toMatch(CODE_MAY_BE_USED);
    expect((error as InternalServerResponseError).excerpt?.length).toBeLessThanOrEqual(203);
    await settleWithin(server.requests[0]!.closed, 30_000);
    expect(await written()).toBeLessThan(GiB / 16);
  }, 120_000);
});
