// Helpers for the Node tests: raw reachability of a port, and HTTP requests that never follow redirects.
import { connect } from "node:net";
import { networkInterfaces } from "node:os";

/**
 * Whether something accepts TCP connections on host:port right now. The machine's own addresses answer at once,
 * connected or refused, however busy it is: no answer at all is no "no", so it fails the test.
 */
export function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    // Only a safety net for a connection that hangs: far above how long a connection to this machine takes.
    socket.setTimeout(30_000);
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
    socket.once("timeout", () => {
      socket.destroy();
      reject(new Error(`${host} port ${port} neither took nor refused a connection`));
    });
  });
}

/**
 * GET `url` over a connection of its own (asking to keep it alive), and resolves with the status once the server
 * has closed that connection: how a test waits for a server that shuts itself down as it ends its last answer.
 */
export function getUntilClosed(url: string): Promise<{ status: number; text: string }> {
  const { hostname, port, pathname, search } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port) });
    let text = "";
    socket.setEncoding("latin1");
    socket.on("data", (chunk: string) => (text += chunk));
    socket.on("error", () => {}); // a reset closes the connection too: "close" follows
    socket.once("close", () => resolve({ status: Number(/^HTTP\/1\.1 (\d{3}) /.exec(text)?.[1]), text }));
    socket.write(`GET ${pathname}${search} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nConnection: keep-alive\r\n\r\n`);
  });
}

/** This machine's addresses other than 127.0.0.1: where a loopback-only server must not be reachable. */
export function otherAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .filter((info) => info !== undefined && info.address !== "127.0.0.1" && !info.address.startsWith("fe80:"))
    .map((info) => info!.address);
}

export async function get(url: string, init: RequestInit = {}) {
  const response = await fetch(url, { redirect: "manual", ...init });
  return { status: response.status, headers: response.headers, text: await response.text() };
}
