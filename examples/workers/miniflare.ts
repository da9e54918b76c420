// The Workers example in workerd, through miniflare (Cloudflare's local simulator, from npm), on 127.0.0.1.
// Arguments: --worker FILE (the Worker, bundled by esbuild) and launch()'s. Miniflare needs Node 22 or later.
import { dirname } from "node:path";
import { Miniflare } from "miniflare";
import { launch } from "../shared/launch.js";

const args = process.argv.slice(2);
const scriptPath = args[args.indexOf("--worker") + 1];
if (!args.includes("--worker") || !scriptPath) throw new Error("the Workers example needs --worker: the bundled Worker to run");

await launch("Workers", args, async ({ origin, secret, authUrl, baseUrl }, port) => {
  const worker = new Miniflare({
    modules: true,
    scriptPath,
    // Module names are relative to this folder, which must hold the Worker.
    modulesRoot: dirname(scriptPath),
    compatibilityDate: "2026-07-30",
    host: "127.0.0.1",
    port,
    // What `wrangler secret put` and wrangler's [vars] give a deployed Worker.
    bindings: { SIGN_IN_SECRET: secret, CALLBACK_URL: `${origin}/auth/openrouter/callback`, OPENROUTER_AUTH_URL: authUrl, OPENROUTER_BASE_URL: baseUrl },
  });
  await worker.ready;
  process.once("SIGTERM", () => void worker.dispose().then(() => process.exit(0)));
});
