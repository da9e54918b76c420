// The runtime matrix: the packed package, installed as a user would, runs the one smoke script on every runtime in
// runtimes.mjs, through import and require, against the fake OpenRouter served here on loopback. Prints a table,
// and exits non-zero if any run fails.
//   node scripts/runtimes/run.mjs [runtime id...]      (ids: node node22 node24 bun deno; all when none)
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { ensureBuilt, installConsumer } from "./consumer.mjs";
import { attempt } from "./process.mjs";
import { RUNTIMES, versionOf, withBinaries } from "./runtimes.mjs";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const MODULE_SYSTEMS = [
  { moduleSystem: "import", script: "smoke.mjs" },
  { moduleSystem: "require", script: "smoke.cjs" },
];
const RUN_TIMEOUT_MS = 60_000;

function selectRuntimes(ids) {
  const unknown = ids.filter((id) => !RUNTIMES.some((r) => r.id === id));
  if (unknown.length) throw new Error(`unknown runtime ${unknown.join(", ")}; known: ${RUNTIMES.map((r) => r.id).join(" ")}`);
  return ids.length ? RUNTIMES.filter((r) => ids.includes(r.id)) : RUNTIMES;
}

/** What went wrong with one smoke run, or undefined when it passed. */
function failure(result, expected, callsMade) {
  if (result.timedOut) return `timed out after ${RUN_TIMEOUT_MS} ms`;
  if (result.code !== 0) {
    const lines = `${result.stderr}\n${result.stdout}`.split("\n").map((line) => line.trim());
    const why = lines.find((line) => line.startsWith("smoke failed: ")) ?? lines.find((line) => /error/i.test(line)) ?? `exit code ${result.code}`;
    return why.replace(/^smoke failed: /, "").slice(0, 100);
  }
  const report = result.stdout.match(/^smoke ok (.*)$/m);
  if (!report) return "the smoke script did not report success";
  const seen = JSON.parse(report[1]);
  for (const field of ["runtime", "version", "moduleSystem"]) {
    if (seen[field] !== expected[field]) return `ran as ${seen[field]}, not ${expected[field]}`;
  }
  // Two codes minted and three exchanges (the client's, its refused replay, the server sign-in's; the server's
  // replay is refused before it is sent): the runtime really talked to the fake.
  if (callsMade.createAuthCode !== 2 || callsMade.exchangeAuthCodeForAPIKey !== 3) return "the fake OpenRouter did not see the expected calls";
}

function printTable(rows) {
  const header = ["runtime", "version", "module system", "result", "time"];
  const cells = rows.map((r) => [r.name, r.version ?? "?", r.moduleSystem, r.problem ? `FAIL: ${r.problem}` : "ok", `${Math.round(r.ms)} ms`]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c) => c.map((cell, i) => cell.padEnd(widths[i])).join("  ").trimEnd();
  console.log(["", line(header), line(widths.map((w) => "-".repeat(w))), ...cells.map(line), ""].join("\n"));
}

/** A loopback port that was free a moment ago and that nothing listens on now. */
function closedPort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

async function main() {
  const runtimes = selectRuntimes(process.argv.slice(2));
  await ensureBuilt(ROOT);
  const work = await mkdtemp(join(tmpdir(), "openrouter-oauth-runtimes-"));
  let server;
  try {
    const [tarball, ready] = await Promise.all([installConsumer(ROOT, work), withBinaries(runtimes)]);
    console.log(`installed ${tarball} into ${work}`);
    const { createFakeOpenRouter, serveFakeOpenRouter, FAKE_APP_API_KEY } = await import(pathToFileURL(join(work, "testing.mjs")).href);
    const fake = createFakeOpenRouter();
    server = await serveFakeOpenRouter(fake, { host: "127.0.0.1" });
    const smokeEnv = {
      SMOKE_BASE_URL: server.baseUrl,
      SMOKE_AUTH_URL: server.authUrl,
      SMOKE_APP_API_KEY: FAKE_APP_API_KEY,
      // A loopback port where nothing listens: every runtime must tell that the request never left.
      SMOKE_CLOSED_URL: `http://127.0.0.1:${await closedPort()}/api/v1`,
    };

    const rows = [];
    for (const runtime of ready) {
      const version = await versionOf(runtime.binary).catch(() => undefined);
      const pinned = runtime.npm?.split("@").pop();
      for (const { moduleSystem, script } of MODULE_SYSTEMS) {
        const row = { name: runtime.name, version, moduleSystem, ms: 0 };
        rows.push(row);
        if (pinned && version !== pinned) {
          row.problem = `${runtime.binary} reports ${version}, not the pinned ${pinned}`;
          continue;
        }
        const env = { ...process.env, ...runtime.env?.(work), ...smokeEnv, NO_COLOR: "1" };
        delete env.NODE_OPTIONS; // the runner's flags are not the smoke's
        const before = { ...fake.calls };
        const args = runtime.args(script, { envNames: Object.keys(smokeEnv), origin: server.origin });
        const result = await attempt(runtime.binary, args, { cwd: work, env, timeoutMs: RUN_TIMEOUT_MS });
        const callsMade = Object.fromEntries(Object.entries(fake.calls).map(([op, n]) => [op, n - before[op]]));
        const expected = { runtime: runtime.id.replace(/\d+$/, ""), version, moduleSystem };
        row.ms = result.ms;
        row.problem = failure(result, expected, callsMade);
        if (row.problem) row.output = `${result.stdout}${result.stderr}`;
      }
    }

    printTable(rows);
    for (const row of rows.filter((r) => r.output)) console.log(`--- ${row.name} ${row.moduleSystem}:\n${row.output}`);
    const failed = rows.filter((r) => r.problem).length;
    console.log(`${rows.length - failed} passed, ${failed} failed`);
    process.exitCode = failed ? 1 : 0;
  } finally {
    await server?.close();
    await rm(work, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error.message ?? error);
  process.exitCode = 1;
});
