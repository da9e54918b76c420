// Our package's entry for Node, built from src/ as tsup builds dist/index.js (esbuild, ESM, dependencies left
// external so openapi-fetch loads from node_modules like any user's install). The bench imports this file.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";
import { ROOT } from "./bundles.mjs";

export const CACHE = join(ROOT, ".cache", "bench");

export async function buildNodeEntry() {
  mkdirSync(CACHE, { recursive: true });
  const outfile = join(CACHE, "openrouter-oauth.mjs");
  await build({
    entryPoints: [join(ROOT, "src", "index.ts")],
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
