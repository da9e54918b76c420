// `npm run size` (CI): bundles our browser entries as bench/bundles.mjs defines them and fails, with the
// measured number, when one is over its gzipped budget. `--analyze` also lists where the bytes go.
import { bundleAll, OUR_ENTRIES } from "../bench/bundles.mjs";

const analyze = process.argv.includes("--analyze");
const results = await bundleAll(OUR_ENTRIES, { bySource: analyze });
const over = results.filter(({ entry, gzipped }) => entry.budget !== undefined && gzipped > entry.budget);

const rows = results.map(({ entry, minified, gzipped, gzippedOwn, gzippedWithoutMessages }) => [
  entry.group,
  entry.imports,
  String(minified),
  String(gzipped),
  String(gzippedOwn),
  String(gzippedWithoutMessages),
  entry.budget === undefined ? "-" : `${entry.budget}`,
  entry.budget === undefined ? "" : gzipped > entry.budget ? `OVER by ${gzipped - entry.budget}` : `ok, ${entry.budget - gzipped} to spare`,
]);
const head = ["entry", "imports", "minified B", "gzipped B", "without openapi-fetch B", "without messages B", "budget B", ""];
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
for (const row of [head, ...rows]) console.log(row.map((cell, i) => cell.padEnd(widths[i])).join("  ").trimEnd());

if (analyze) {
  for (const { entry, gzipped, bySource } of results) {
    console.log(`\n${entry.group} (${gzipped} B gzipped): what each file adds, minified and gzipped`);
    for (const { source, minified, gzipped: share } of bySource) console.log(`  ${String(share).padStart(5)}  ${String(minified).padStart(6)}  ${source}`);
  }
}

for (const { entry, gzipped } of over) {
  console.error(`size budget: "${entry.group}" (${entry.imports}) is ${gzipped} bytes gzipped, over its budget of ${entry.budget} by ${gzipped - entry.budget}.`);
}
if (over.length) process.exitCode = 1;
