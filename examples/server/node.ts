// The example on Node: node:http, with openrouter-oauth/node's adapter between it and the fetch handler.
import { createServer } from "node:http";
import { toNodeHandler } from "openrouter-oauth/node";
import { runExample, type Listen } from "./main.js";

const listen: Listen = async (handler, port) => {
  const server = createServer(toNodeHandler(handler));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", resolve);
  });
  return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
};

await runExample(listen, process.argv.slice(2));
