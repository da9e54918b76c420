// `npm run bench`: bundle sizes, cold imports and per-call cost, written to BENCHMARKS.md.
// `npm run bench -- --quick` takes fewer samples and prints the report instead of writing it (for trying changes).
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { version as esbuildVersion } from "esbuild";
import { bundleAll, ROOT } from "./bundles.mjs";
import { measureColdImports } from "./cold-import.mjs";
import { installInApp } from "./app-folder.mjs";
import { renderReport } from "./report.mjs";

const quick = process.argv.includes("--quick");
// Bounded so that the whole run stays within a few minutes on 2 cores (the SDK's imports dominate).
const settings = quick
  ? { importRuns: 3, warmupRounds: 3, rounds: 5, memoryBatch: 100, loopbackBatch: 30, signInBatch: 50 }
  : { importRuns: 15, warmupRounds: 3, rounds: 40, memoryBatch: 200, loopbackBatch: 60, signInBatch: 100 };
// A held token costs next to nothing: big batches, so that a sample is well above the timer's resolution.
settings.tokenBatch = quick ? 10_000 : 50_000;

const started = performance.now();
const step = (text) => process.stderr.write(`bench: ${text}\n`);
const versionOf = (name) => JSON.parse(readFileSync(join(ROOT, "node_modules", name, "package.json"), "utf8")).version;
const git = (...args) => execFileSync("git", args, { cwd: ROOT, encoding: "utf8" }).trim();

const machine = {
  cpu: os.cpus()[0]?.model.trim() ?? "unknown",
  cores: os.availableParallelism(),
  memoryGiB: (os.totalmem() / 2 ** 30).toFixed(1),
  os: `${os.type()} ${os.release()} ${os.arch()}`,
};
const loadAverage = () => os.loadavg().map((n) => n.toFixed(2)).join(", ");
machine.loadBefore = loadAverage();
const dirty = git("status", "--porcelain", "--", "src") ? ", with uncommitted changes in src/" : "";
const versions = {
  node: process.version,
  ours: `${JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).version} (commit ${git("rev-parse", "--short", "HEAD")}${dirty})`,
  openapiFetch: versionOf("openapi-fetch"),
  sdk: versionOf("@openrouter/sdk"),
  zod: versionOf("zod"),
  esbuild: esbuildVersion,
};

step("bundling the browser entries");
const bundles = await bundleAll();

step(`cold imports (${settings.importRuns} fresh processes per entry)`);
const app = await installInApp();
const imports = measureColdImports(
  [
    { name: "node, nothing imported", specifiers: ["data:text/javascript,"] },
    { name: "openapi-fetch", specifiers: ["openapi-fetch"] },
    { name: "openrouter-oauth", specifiers: ["openrouter-oauth"] },
    { name: "@openrouter/sdk (package entry)", specifiers: ["@openrouter/sdk"] },
    {
      name: "@openrouter/sdk (core.js + the exchange function)",
      specifiers: ["@openrouter/sdk/core.js", "@openrouter/sdk/funcs/oAuthExchangeAuthCodeForAPIKey.js"],
    },
  ],
  settings.importRuns,
  app,
);

step(`per-call cost (${settings.rounds} rounds, in memory then over loopback)`);
const callsOut = execFileSync(
  process.execPath,
  [join(ROOT, "bench", "calls.mjs"), "openrouter-oauth", String(settings.rounds), String(settings.memoryBatch), String(settings.loopbackBatch), String(settings.warmupRounds)],
  { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] },
);
const calls = JSON.parse(callsOut);

step(`server sign-in cost (${settings.rounds} rounds of ${settings.signInBatch} sign-ins)`);
const signInOut = execFileSync(
  process.execPath,
  [join(ROOT, "bench", "sign-in-flow.mjs"), "openrouter-oauth/server", String(settings.rounds), String(settings.signInBatch), String(settings.warmupRounds)],
  { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] },
);
const signIn = JSON.parse(signInOut);

step(`workload token cost (${settings.rounds} rounds of ${settings.tokenBatch} calls)`);
const tokenOut = execFileSync(
  process.execPath,
  [join(ROOT, "bench", "workload-token.mjs"), "openrouter-oauth/workload", String(settings.rounds), String(settings.tokenBatch), String(settings.warmupRounds)],
  { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] },
);
const workloadToken = JSON.parse(tokenOut);
machine.loadAfter = loadAverage();

const report = renderReport({
  machine,
  versions,
  settings,
  bundles,
  imports,
  calls,
  signIn,
  workloadToken,
  date: new Date().toISOString().slice(0, 10),
  durationS: (performance.now() - started) / 1000,
});
if (quick) {
  process.stdout.write(report);
} else {
  writeFileSync(join(ROOT, "BENCHMARKS.md"), report);
  step("wrote BENCHMARKS.md");
}
