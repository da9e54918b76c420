// The Express example, served on 127.0.0.1.
import { launch } from "../shared/launch.js";
import { createApp } from "./app.js";

await launch("Express", process.argv.slice(2), async (options, port) => {
  const app = createApp(options);
  await new Promise<void>((resolve, reject) => {
    const server = app.listen(port, "127.0.0.1", (error?: Error) => (error ? reject(error) : resolve()));
    server.once("error", reject);
  });
});
