// Each framework's example (examples/<framework>) signing in through Chromium: the real framework from
// node_modules, bundled with openrouter-oauth from this repository's source as a user's bundler would take it.
import { bundle } from "../../examples/shared/build.mjs";
import { freePort, runtimeBinary, spawnExample } from "./examples.js";
import { serveHttpsProxy } from "./https-proxy.js";
import { describeSignIn } from "./scenarios.js";

const fakeArgs = ({ authUrl, baseUrl }: { authUrl: string; baseUrl: string }) => ["--auth-url", authUrl, "--base-url", baseUrl];

/** A launcher run by this Node; the frameworks named in `external` load from node_modules (CommonJS ones must). */
const onNode = (example: string, entry: string, external: string[]) => ({
  example,
  variant: "node",
  async start(fake: { authUrl: string; baseUrl: string }) {
    return spawnExample(entry, process.execPath, [await bundle(entry, { external }), ...fakeArgs(fake)]);
  },
});

describeSignIn(onNode("hono", "hono/node", ["hono", "@hono/node-server"]));

describeSignIn({
  example: "hono",
  variant: "bun",
  async start(fake) {
    return spawnExample("hono/bun", await runtimeBinary("bun"), ["--no-install", await bundle("hono/bun"), ...fakeArgs(fake)]);
  },
});

describeSignIn({
  example: "hono",
  variant: "deno",
  async start(fake) {
    const args = ["run", "--cached-only", "--no-prompt", "--allow-net=127.0.0.1", await bundle("hono/deno"), ...fakeArgs(fake)];
    return spawnExample("hono/deno", await runtimeBinary("deno"), args);
  },
});

describeSignIn(onNode("express", "express/node", ["express"]));

// Express behind a proxy that speaks https: the app, on plain http, is told the origin its users see.
describeSignIn({
  example: "express",
  variant: "https-proxy",
  https: true,
  async start(fake) {
    const proxy = await serveHttpsProxy();
    const port = await freePort();
    proxy.forwardTo(port);
    const args = [await bundle("express/node", { external: ["express"] }), ...fakeArgs(fake), "--port", String(port), "--origin", proxy.origin];
    try {
      const app = await spawnExample("express behind https", process.execPath, args);
      return {
        url: `${proxy.origin}/`,
        async stop() {
          await app.stop();
          await proxy.close();
        },
      };
    } catch (error) {
      await proxy.close();
      throw error;
    }
  },
});
describeSignIn(onNode("fastify", "fastify/node", ["fastify"]));

describeSignIn({
  example: "workers",
  variant: "workerd",
  async start(fake) {
    const worker = await bundle("workers/worker", { platform: "browser", conditions: ["workerd", "worker"] });
    const host = await bundle("workers/miniflare", { external: ["miniflare"] });
    // Miniflare needs Node 22 or later: the runtime matrix's Node 22 runs it.
    return spawnExample("workers", await runtimeBinary("node22"), [host, "--worker", worker, ...fakeArgs(fake)]);
  },
});
