// Our package's entries for Node, built from src/ as tsup builds dist/ (esbuild, ESM, dependencies left external
// so openapi-fetch loads from node_modules like any user's install). The bench imports these files.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";
import { ROOT } from "./bundles.mjs";

export const CACHE = join(ROOT, ".cache", "bench");

async function buildEntry(source, name) {
  mkdirSync(CACHE, { recursive: true });
  const outfile = join(CACHE, name);
  await build({
    entryPoints: [join(ROOT, "src", source)],
    outfile,
    bundle: true,
    packages: "external",
    format: "esm",
    platform: "node",
    target: "es2022",
    logLevel: "silent",
  });
  return outfile;
}

/** The isomorphic entry, `openrouter-oauth`. */
export const buildNodeEntry = () => buildEntry("index.ts", "openrouter-oauth.mjs");
/** The server entry, `openrouter-oauth/server`. */
export const buildServerEntry = () => buildEntry(join("server", "index.ts"), "openrouter-oauth-server.mjs");
