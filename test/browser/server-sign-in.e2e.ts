// The server example (examples/server), a fetch handler, served in turn by Node, Deno and Bun (the runtime
// matrix's binaries), each running the same bundled handler in a process of its own.
import { bundleExample } from "../../examples/server/build.mjs";
import { runtimeBinary, spawnExample } from "./examples.js";
import { describeSignIn } from "./scenarios.js";

for (const runtime of ["node", "deno", "bun"] as const) {
  describeSignIn({
    example: "server",
    variant: runtime,
    asks: true,
    async start({ authUrl, baseUrl }) {
      const bundle = await bundleExample(runtime);
      const fakeArgs = ["--auth-url", authUrl, "--base-url", baseUrl];
      // The AI SDK's @vercel/oidc, bundled in, reads the host's name as it loads: Deno asks leave for that.
      const args =
        runtime === "deno" ? ["run", "--cached-only", "--no-prompt", "--allow-net=127.0.0.1", "--allow-sys=hostname", bundle, ...fakeArgs]
        : runtime === "bun" ? ["--no-install", bundle, ...fakeArgs]
        : [bundle, ...fakeArgs];
      return spawnExample(`server on ${runtime}`, await runtimeBinary(runtime), args);
    },
  });
}
