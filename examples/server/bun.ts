// The example on Bun: Bun.serve takes the fetch handler as it is.
import { runExample, type Handler, type Listen } from "./main.js";

// The part of Bun's API used here (Bun's own types are not installed in this repository).
declare const Bun: {
  argv: string[];
  serve(options: { hostname: string; port: number; fetch: Handler }): { port: number };
};

const listen: Listen = async (handler, port) => {
  const server = Bun.serve({ hostname: "127.0.0.1", port, fetch: handler });
  return `http://127.0.0.1:${server.port}`;
};

await runExample(listen, Bun.argv.slice(2));
