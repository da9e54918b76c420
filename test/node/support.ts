// Helpers for the Node tests: raw reachability of a port, and HTTP requests that never follow redirects.
import { connect } from "node:net";
import { networkInterfaces } from "node:os";

/** Whether something accepts TCP connections on host:port right now. */
export function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.setTimeout(2000);
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
    socket.once("timeout", () => {
      socket.destroy();
      resolve(false);
    });
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
