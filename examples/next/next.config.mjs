// The Next.js example's configuration: the repository is the root, since the example takes openrouter-oauth
// from the package's build, dist/ (tsconfig.json's paths), and the pages it shares with the other examples from
// ../shared. `next build` type-checks it.
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));

/** @type {import("next").NextConfig} */
export default {
  turbopack: { root },
  outputFileTracingRoot: root,
  poweredByHeader: false,
};
