// The Hono example on Node, through @hono/node-server.
import { serve } from "@hono/node-server";
import { launch } from "../shared/launch.js";
import { createApp } from "./app.js";

await launch("Hono on Node", process.argv.slice(2), async (options, port) => {
  const app = createApp(options);
  await new Promise<void>((resolve) => serve({ fetch: app.fetch, hostname: "127.0.0.1", port }, () => resolve()));
});
