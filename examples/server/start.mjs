// npm run example:server: the server example on Node, beside the embedded fake OpenRouter, on 127.0.0.1.
// PORT picks the app's port (a free one unless set). Node 20 runs no TypeScript, so the launcher is bundled first.
import { pathToFileURL } from "node:url";
import { bundleExample } from "./build.mjs";

const bundle = await bundleExample("node");
if (process.env.PORT) process.argv.push("--port", process.env.PORT);
await import(pathToFileURL(bundle).href);
console.log("Press Ctrl+C to stop.");
