// The example on Deno: Deno.serve takes the fetch handler as it is.
import { runExample, type Handler, type Listen } from "./main.js";

// The part of Deno's API used here (Deno's own types are not installed in this repository).
declare const Deno: {
  args: string[];
  serve(options: { hostname: string; port: number; onListen?: () => void }, handler: Handler): { addr: { port: number } };
};

const listen: Listen = async (handler, port) => {
  const server = Deno.serve({ hostname: "127.0.0.1", port, onListen() {} }, handler);
  return `http://127.0.0.1:${server.addr.port}`;
};

await runExample(listen, Deno.args);
