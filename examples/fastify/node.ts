// The Fastify example, served on 127.0.0.1.
import { launch } from "../shared/launch.js";
import { createApp } from "./app.js";

await launch("Fastify", process.argv.slice(2), async (options, port) => {
  await createApp(options).listen({ host: "127.0.0.1", port });
});
