// `npm run size` (CI): bundles our browser entries as bench/bundles.mjs defines them and fails, with the
// measured number, when one is over its gzipped budget. `--analyze` also lists where the bytes go.
import { analyzeMetafile } from "esbuild";
import { bundleAll, OUR_ENTRIES } from "../bench/bundles.mjs";

const results = await bundleAll(OUR_ENTRIES);
const over = results.filter(({ entry, gzipped }) => entry.budget !== undefined && gzipped > entry.budget);

const rows = results.map(({ entry, minified, gzipped }) => [
  entry.group,
  entry.imports,
  String(minified),
  String(gzipped),
  entry.budget === undefined ? "-" : `${entry.budget}`,
  entry.budget === undefined ? "" : gzipped > entry.budget ? `OVER by ${gzipped - entry.budget}` : `ok, ${entry.budget - gzipped} to spare`,
]);
const head = ["entry", "imports", "minified B", "gzipped B", "budget B", ""];
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
for (const row of [head, ...rows]) console.log(row.map((cell, i) => cell.padEnd(widths[i])).join("  ").trimEnd());

if (process.argv.includes("--analyze")) {
  for (const { entry, metafile } of results) console.log(`\n${entry.group}:${await analyzeMetafile(metafile)}`);
}

for (const { entry, gzipped } of over) {
  console.error(`size budget: "${entry.group}" (${entry.imports}) is ${gzipped} bytes gzipped, over its budget of ${entry.budget} by ${gzipped - entry.budget}.`);
}
if (over.length) process.exitCode = 1;
