// The Next.js example (examples/next), built by `next build` and served by `next start`, signing in through
// Chromium. It takes openrouter-oauth from the package's build (dist/), as an app takes it from node_modules.
import { fileURLToPath } from "node:url";
import { run } from "../../scripts/runtimes/process.mjs";
import { ensureBuilt } from "../../scripts/runtimes/consumer.mjs";
import { freePort, spawnExample } from "./examples.js";
import { describeSignIn } from "./scenarios.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const EXAMPLE = fileURLToPath(new URL("../../examples/next", import.meta.url));
const NEXT = fileURLToPath(new URL("../../node_modules/next/dist/bin/next", import.meta.url));
// Next.js sends no telemetry from these runs.
const NEXT_ENV = { NEXT_TELEMETRY_DISABLED: "1" };

describeSignIn({
  example: "next",
  variant: "next-start",
  signOutPath: "/auth/openrouter/sign-out",
  async start({ authUrl, baseUrl }) {
    await ensureBuilt(ROOT);
    // Built without the app's secrets, as a CI builds it: the sign-in asks for its secret at the first request.
    await run(process.execPath, [NEXT, "build", EXAMPLE], { cwd: ROOT, env: { ...process.env, ...NEXT_ENV }, timeoutMs: 300_000 });
    const port = await freePort();
    const origin = `http://127.0.0.1:${port}`;
    const secret = Array.from(crypto.getRandomValues(new Uint8Array(32)), (b) => b.toString(16).padStart(2, "0")).join("");
    const env = { ...NEXT_ENV, SIGN_IN_SECRET: secret, APP_ORIGIN: origin, OPENROUTER_AUTH_URL: authUrl, OPENROUTER_BASE_URL: baseUrl };
    return spawnExample("next", process.execPath, [NEXT, "start", EXAMPLE, "--port", String(port), "--hostname", "127.0.0.1"], {
      env,
      ready: (line) => (/Ready/.test(line) ? `${origin}/` : undefined),
    });
  },
});
