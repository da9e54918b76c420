// Bundles one runtime's launcher (node, deno or bun) into a single ESM file, with openrouter-oauth taken from
// this repository's source, as a user's bundler would take it from the package. Returns the file's path.
import { fileURLToPath } from "node:url";
import { bundle } from "../shared/build.mjs";

export function bundleExample(runtime) {
  return bundle(`server/${runtime}`, { outfile: fileURLToPath(new URL(`../../.cache/server-example/${runtime}.mjs`, import.meta.url)) });
}
