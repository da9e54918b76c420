// The Hono example on Bun: Bun.serve takes a Hono app's fetch as it is.
import { launch } from "../shared/launch.js";
import { createApp } from "./app.js";

// The part of Bun's API used here (Bun's own types are not installed in this repository).
declare const Bun: {
  argv: string[];
  serve(options: { hostname: string; port: number; fetch: (request: Request) => Response | Promise<Response> }): unknown;
};

await launch("Hono on Bun", Bun.argv.slice(2), async (options, port) => {
  Bun.serve({ hostname: "127.0.0.1", port, fetch: createApp(options).fetch });
});
