// A misbehaving HTTP server on 127.0.0.1, written on raw sockets (node:net) so that a test can send exactly the
// bytes it wants: resets, cut bodies, trickles, endless bodies, duplicate headers. Every loop stops on its own.
import { createServer, type Server, type Socket } from "node:net";
// The server's own timers, and the tests' safety nets, stay real while a test fakes the client's clock.
import { clearTimeout, setTimeout } from "node:timers";

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
  /** Settles when the connection this request came on is closed, by either side. */
  closed: Promise<void>;
}

export type Behaviour = (socket: Socket, request: ReceivedRequest) => void;

export interface FaultyServer {
  /** A base URL for the client, like http://127.0.0.1:41234/api/v1. */
  baseUrl: string;
  port: number;
  /** Every request received so far, counted once its head and body have arrived. */
  requests: ReceivedRequest[];
  close(): Promise<void>;
}

export async function startServer(behaviour: Behaviour, host = "127.0.0.1"): Promise<FaultyServer> {
  const requests: ReceivedRequest[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    const closed = new Promise<void>((resolve) => socket.once("close", () => resolve()));
    socket.once("close", () => sockets.delete(socket));
    socket.on("error", () => {}); // a reset from the client is part of the test, not a failure of the server
    let buffered = Buffer.alloc(0);
    const onData = (data: Buffer) => {
      buffered = Buffer.concat([buffered, data]);
      const end = buffered.indexOf("\r\n\r\n");
      if (end < 0) return;
      const [start = "", ...lines] = buffered.subarray(0, end).toString("latin1").split("\r\n");
      const headers = Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf(":")).toLowerCase(), line.slice(line.indexOf(":") + 1).trim()]));
      const length = Number(headers["content-length"] ?? 0);
      if (buffered.byteLength < end + 4 + length) return;
      socket.off("data", onData);
      const [method = "", path = ""] = start.split(" ");
      const request = { method, path, headers, body: buffered.subarray(end + 4, end + 4 + length).toString("utf8"), closed };
      requests.push(request);
      behaviour(socket, request);
    };
    socket.on("data", onData);
  });
  await new Promise<void>((resolve, reject) => server.once("error", reject).listen(0, host, resolve));
  const { port } = server.address() as { port: number };
  return {
    baseUrl: `http://${host.includes(":") ? `[${host}]` : host}:${port}/api/v1`,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** The status line and headers of a response, as raw bytes would carry them (duplicates allowed). */
export const head = (status: number, headers: [string, string][] = []) =>
  `HTTP/1.1 ${status} Status\r\n${headers.map(([name, value]) => `${name}: ${value}\r\n`).join("")}\r\n`;

export const json = (status: number, body: unknown, headers: [string, string][] = []) => {
  const text = JSON.stringify(body);
  return head(status, [["content-type", "application/json"], ["content-length", String(Buffer.byteLength(text))], ...headers]) + text;
};

const isOpen = (socket: Socket) => !socket.destroyed && socket.writable;

/**
 * Writes up to `total` bytes of `a` in chunks, made one at a time and only when the socket can take them, and
 * stops as soon as the connection is closed. Resolves with how many bytes were handed to the socket.
 */
export async function streamBody(socket: Socket, total: number, chunkSize = 64 * 1024): Promise<number> {
  const chunk = Buffer.alloc(chunkSize, "a");
  const closed = new Promise<void>((resolve) => socket.once("close", () => resolve()));
  let written = 0;
  while (written < total && isOpen(socket)) {
    const size = Math.min(chunkSize, total - written);
    written += size;
    if (!socket.write(size === chunkSize ? chunk : chunk.subarray(0, size))) {
      await Promise.race([new Promise((resolve) => socket.once("drain", resolve)), closed]);
    }
  }
  return written;
}

/** Writes `text` one byte every `everyMs`, stopping when it is all written or the connection is closed. */
export async function trickle(socket: Socket, text: string, everyMs: number): Promise<void> {
  for (const byte of Buffer.from(text)) {
    if (!isOpen(socket)) return;
    socket.write(Buffer.of(byte));
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** Fails the test if `pending` has not settled after `ms`, a bound far above what the behaviour needs. */
export async function settleWithin<T>(pending: Promise<T>, ms: number): Promise<{ data?: T; error?: unknown }> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<"late">((resolve) => (timer = setTimeout(() => resolve("late"), ms)));
  try {
    const outcome = await Promise.race([pending.then((data) => ({ data }), (error: unknown) => ({ error })), late]);
    if (outcome === "late") throw new Error(`the call had not settled after ${ms} ms`);
    return outcome;
  } finally {
    clearTimeout(timer);
  }
}
