// npm run example:browser: starts the example page and its fake OpenRouter, and prints where to open it.
// Node 20 runs no TypeScript, so the server is bundled first (its packages stay external); the bundle is told
// where its source lives, to find the page's files there.
import { mkdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const source = new URL("server.ts", import.meta.url);
const bundle = new URL("../../.cache/browser-example/server.mjs", import.meta.url);
await mkdir(new URL(".", bundle), { recursive: true });
await build({
  entryPoints: [fileURLToPath(source)],
  outfile: fileURLToPath(bundle),
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  define: { "import.meta.url": JSON.stringify(source.href) },
  logLevel: "warning",
});
const { startBrowserExample } = await import(bundle.href);

const port = Number(process.env.PORT ?? 0);
const example = await startBrowserExample({ port });
console.log(`Sign in with OpenRouter (browser example): ${example.url}`);
console.log(`The fake OpenRouter standing in for openrouter.ai: ${example.fakeOrigin}`);
console.log("Press Ctrl+C to stop.");

const stop = async () => {
  await example.close();
  process.exit(0);
};
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
