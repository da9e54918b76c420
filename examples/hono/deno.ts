// The Hono example on Deno: Deno.serve takes a Hono app's fetch as it is.
import { launch } from "../shared/launch.js";
import { createApp } from "./app.js";

// The part of Deno's API used here (Deno's own types are not installed in this repository).
declare const Deno: {
  args: string[];
  serve(options: { hostname: string; port: number; onListen?: () => void }, handler: (request: Request) => Response | Promise<Response>): unknown;
};

await launch("Hono on Deno", Deno.args, async (options, port) => {
  await new Promise<void>((resolve) => Deno.serve({ hostname: "127.0.0.1", port, onListen: resolve }, createApp(options).fetch));
});
