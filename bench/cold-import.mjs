// Cold import: each package's entry imported in a fresh Node process, many times, processes of different
// packages interleaved. The child runs in an app folder and imports by package name, as an app does, so that
// each package pays for its own resolution; it times the import itself and reports its peak RSS when done.
import { execFileSync } from "node:child_process";
import { summary } from "./stats.mjs";

const CHILD = `
const start = performance.now();
for (const specifier of process.argv.slice(1)) await import(specifier);
const ms = performance.now() - start;
process.stdout.write(JSON.stringify({ ms, maxRssKiB: process.resourceUsage().maxRSS }));
`;

function importOnce(specifiers, cwd) {
  const out = execFileSync(process.execPath, ["--input-type=module", "-e", CHILD, ...specifiers], { encoding: "utf8", cwd });
  return JSON.parse(out);
}

/**
 * `targets`: [{ name, specifiers: [package name, ...] }], resolved from the app folder `cwd`.
 * Returns { name: { ms: summary, rssMiB: summary } }.
 */
export function measureColdImports(targets, runs, cwd) {
  const samples = targets.map(() => ({ ms: [], rss: [] }));
  for (let run = 0; run < runs; run++) {
    for (let i = 0; i < targets.length; i++) {
      const index = (run + i) % targets.length;
      const { ms, maxRssKiB } = importOnce(targets[index].specifiers, cwd);
      samples[index].ms.push(ms);
      samples[index].rss.push(maxRssKiB / 1024);
    }
  }
  return Object.fromEntries(targets.map(({ name }, i) => [name, { ms: summary(samples[i].ms), rssMiB: summary(samples[i].rss) }]));
}
