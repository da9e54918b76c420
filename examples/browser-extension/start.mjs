// npm run example:browser-extension: serves the fake OpenRouter, builds the extension against it into
// .cache/browser-extension/, and says how to load it. Node 20 runs no TypeScript, so build.ts and the fake are
// bundled first (their packages stay external).
import { mkdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const cache = new URL("../../.cache/browser-extension/", import.meta.url);
const entry = new URL("start-bundle.mjs", cache);
await mkdir(cache, { recursive: true });
await build({
  stdin: {
    contents: `export { buildExtension } from "./examples/browser-extension/build.ts";
export { createFakeOpenRouter } from "./src/testing/index.ts";
export { serveFakeOpenRouter } from "./src/testing/node/index.ts";`,
    resolveDir: fileURLToPath(new URL("../..", import.meta.url)),
    loader: "ts",
  },
  outfile: fileURLToPath(entry),
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  define: { "import.meta.url": JSON.stringify(new URL("build.ts", import.meta.url).href) },
  logLevel: "warning",
});
const { buildExtension, createFakeOpenRouter, serveFakeOpenRouter } = await import(entry.href);

const served = await serveFakeOpenRouter(createFakeOpenRouter(), { port: Number(process.env.PORT ?? 0) });
const outdir = fileURLToPath(new URL("unpacked/", cache));
await buildExtension({ outdir, authUrl: served.authUrl, baseUrl: served.baseUrl });
console.log(`Sign in with OpenRouter (browser extension example), built into: ${outdir}`);
console.log("Load it in chrome://extensions (Developer mode, Load unpacked), then press its toolbar button.");
console.log(`The fake OpenRouter standing in for openrouter.ai: ${served.origin}`);
console.log("Press Ctrl+C to stop.");

const stop = async () => {
  await served.close();
  process.exit(0);
};
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
