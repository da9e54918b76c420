// Turns the bench's measurements into BENCHMARKS.md. Every number in the file comes from the run it describes.
import { paired, summary as summarise } from "./stats.mjs";

const OURS = "openrouter-oauth";
const NODE_ALONE = "node, nothing imported";

const bytes = (n) => n.toLocaleString("en-US");
const us = (n) => (n >= 100 ? n.toFixed(0) : n.toFixed(1));
const ms = us;
const times = (n) => `${n.toFixed(n >= 10 ? 0 : n >= 1.95 ? 1 : 2)}x`;
const signed = (n) => `${n >= 0 ? "+" : "−"}${us(Math.abs(n))}`;

/** A markdown table; `align` has one letter per column, l or r (numbers go right). */
const table = (head, align, rows) =>
  [`| ${head.join(" | ")} |`, `|${[...align].map((a) => (a === "r" ? "---:" : "---")).join("|")}|`, ...rows.map((row) => `| ${row.join(" | ")} |`)]
    .join("\n");

/** Our bundle of the same group as `entry` (what the SDK's line is compared with). */
const oursFor = (bundles, entry) => bundles.find((b) => b.entry.package === OURS && b.entry.group === entry.group);

function sizeTable(bundles) {
  const rows = bundles.map(({ entry, minified, gzipped, gzippedOwn, gzippedWithoutMessages }) => {
    const ours = oursFor(bundles, entry);
    const budget = entry.budget === undefined ? "" : `${bytes(entry.budget)}: ${gzipped <= entry.budget ? "within" : `**over by ${bytes(gzipped - entry.budget)}**`}`;
    return [
      entry.group,
      `\`${entry.package}\``,
      entry.imports,
      bytes(minified),
      bytes(gzipped),
      gzippedOwn === undefined ? "" : bytes(gzippedOwn),
      bytes(gzippedWithoutMessages),
      ours && ours.entry !== entry ? times(gzipped / ours.gzipped) : "",
      budget,
    ];
  });
  return table(
    ["What the app does", "Package", "It imports", "Minified (B)", "Gzipped (B)", "Ours without openapi-fetch (B)", "Gzipped without messages (B)", "Gzipped, times ours", "Budget (B gzipped)"],
    "lllrrrrrl",
    rows,
  );
}

function importTable(imports) {
  const node = imports[NODE_ALONE];
  const ours = imports[OURS];
  const rows = Object.entries(imports).map(([name, { ms: time, rssMiB }]) => [
    name,
    ms(time.median),
    `${ms(time.p25)}–${ms(time.p75)}`,
    name === NODE_ALONE || name === OURS ? "" : times(time.median / ours.ms.median),
    rssMiB.median.toFixed(1),
    name === NODE_ALONE ? "" : `+${(rssMiB.median - node.rssMiB.median).toFixed(1)}`,
  ]);
  return table(["Entry", "Import (ms, median)", "p25–p75 (ms)", "Times ours", "Peak RSS (MiB, median)", "RSS over bare node (MiB)"], "lrrrrr", rows);
}

const ratio = (a, b) => a / b;
const difference = (a, b) => a - b;
const withSpread = (format, { median, p25, p75 }) => `${format(median)} (${format(p25)} to ${format(p75)})`;

/**
 * One table of per-call times; `clock` is "cpu" or "wall". The comparisons are made round by round (see
 * stats.mjs `paired`) and given as median (p25 to p75).
 */
function callTable(results, clock) {
  const bare = results["bare fetch"][clock];
  const openapiFetch = results["openapi-fetch"][clock];
  const rows = Object.entries(results).map(([name, { [clock]: samples }]) => {
    const { median, p25, p75 } = summarise(samples);
    return [
      name,
      us(median),
      `${us(p25)}–${us(p75)}`,
      name === "bare fetch" ? "" : withSpread(times, paired(samples, bare, ratio)),
      name === "bare fetch" ? "" : withSpread(signed, paired(samples, bare, difference)),
      name === "bare fetch" || name === "openapi-fetch" ? "" : withSpread(signed, paired(samples, openapiFetch, difference)),
      name === "bare fetch" || name === "openapi-fetch" ? "" : withSpread(times, paired(samples, openapiFetch, ratio)),
    ];
  });
  return table(
    ["Client", "Median (µs/call)", "p25–p75 (µs)", "Times bare fetch", "Over bare fetch (µs)", "Over openapi-fetch (µs)", "Times openapi-fetch"],
    "lrrrrrr",
    rows,
  );
}

const EXCHANGE_ALONE = "exchange alone (exchangeAuthCodeForAPIKey)";

/** The server sign-in's table: each measure, and what a sign-in adds to the exchange alone, round by round. */
function signInTable(results) {
  const alone = results[EXCHANGE_ALONE];
  const rows = Object.entries(results).map(([name, { cpu, wall }]) => {
    const { median, p25, p75 } = summarise(cpu);
    const isSignIn = name.startsWith("start + finish");
    return [
      name,
      us(median),
      `${us(p25)}–${us(p75)}`,
      us(summarise(wall).median),
      isSignIn ? withSpread(signed, paired(cpu, alone.cpu, difference)) : "",
    ];
  });
  return table(["Per call", "CPU (µs, median)", "p25–p75 (µs)", "Wall (µs, median)", "Over the exchange alone, CPU (µs)"], "lrrrr", rows);
}

/** A held workload token against a plain string key, as an SDK reads either before each request. */
function workloadTokenTable(results) {
  const [plain, cached] = Object.values(results);
  const rows = Object.entries(results).map(([name, { cpu, wall }], i) => {
    const { median, p25, p75 } = summarise(cpu);
    return [name, nanoseconds(median), `${nanoseconds(p25)}–${nanoseconds(p75)}`, nanoseconds(summarise(wall).median), i ? nanoseconds(paired(cached.cpu, plain.cpu, difference).median) : ""];
  });
  return table(["Per request", "CPU (ns, median)", "p25–p75 (ns)", "Wall (ns, median)", "Over the string key, CPU (ns)"], "lrrrr", rows);
}

const nanoseconds = (microseconds) => String(Math.round(microseconds * 1000));

/** The headline: the SDK against us on each measure, as ratios. */
function summary({ bundles, imports, calls, signIn, workloadToken }) {
  const byId = (id) => bundles.find((b) => b.entry.id === id);
  const sdkImport = imports["@openrouter/sdk (core.js + the exchange function)"];
  const memory = calls.memory;
  const lines = [
    ["exchange alone", "exchange", "sdk-exchange"],
    ["whole browser flow", "flow", "sdk-flow"],
  ].map(([what, ours, sdk]) => `- Bundle, ${what}: ${bytes(byId(ours).gzipped)} B gzipped, ${times(byId(sdk).gzipped / byId(ours).gzipped)} smaller than the SDK's ${bytes(byId(sdk).gzipped)} B.`);
  const own = (id) => bytes(byId(id).gzippedOwn);
  lines.push(
    `- Our own bytes on top of openapi-fetch (${bytes(byId("openapi-fetch").gzipped)} B gzipped alone): the exchange ${own("exchange")} B, ` +
      `the browser flow ${own("flow")} B, the client with every operation ${own("client")} B; the size table also gives each bundle without its messages.`,
    `- Against openapi-fetch making the same POST (in memory, CPU time, median of per-round ratios): ours ` +
      `${times(paired(memory["ours: createOpenRouterOAuth"].cpu, memory["openapi-fetch"].cpu, ratio).median)} through the client, ` +
      `${times(paired(memory["ours: exchangeAuthCodeForAPIKey"].cpu, memory["openapi-fetch"].cpu, ratio).median)} through the standalone exchange ` +
      `(aim: 1.15x); cold import ${times(imports[OURS].ms.median / imports["openapi-fetch"].ms.median)} openapi-fetch's (aim: 1.5x).`,
    `- Cold import: ${ms(imports[OURS].ms.median)} ms, ${times(sdkImport.ms.median / imports[OURS].ms.median)} faster than the SDK's leanest import (${ms(sdkImport.ms.median)} ms); ` +
      `peak RSS +${(imports[OURS].rssMiB.median - imports[NODE_ALONE].rssMiB.median).toFixed(1)} MiB over bare node, against +${(sdkImport.rssMiB.median - imports[NODE_ALONE].rssMiB.median).toFixed(1)} MiB.`,
    `- Per call, in memory (CPU time, median of per-round differences): ours adds ` +
      `${signed(paired(memory["ours: createOpenRouterOAuth"].cpu, memory["openapi-fetch"].cpu, difference).median)} µs to openapi-fetch, ` +
      `the SDK ${signed(paired(memory["SDK: new OpenRouter().oAuth"].cpu, memory["openapi-fetch"].cpu, difference).median)} µs.`,
  );
  const signInOwn = paired(signIn["start + finish, session on"].cpu, signIn[EXCHANGE_ALONE].cpu, difference).median;
  lines.push(
    `- Server sign-in (openrouter-oauth/server), the exchange excluded: ${us(signInOwn)} µs of CPU per sign-in (start + finish, session on); ` +
      `keyOf on a signed-in request ${us(summarise(signIn["keyOf (a signed-in request)"].cpu).median)} µs.`,
  );
  const [plainKey, heldToken] = Object.values(workloadToken);
  lines.push(`- A held workload token (openrouter-oauth/workload): getAccessToken() adds ${nanoseconds(paired(heldToken.cpu, plainKey.cpu, difference).median)} ns of CPU per request over a plain string key.`);
  return lines.join("\n");
}

export function renderReport({ machine, versions, settings, bundles, imports, calls, signIn, workloadToken, date, durationS }) {
  return `# Benchmarks

<!-- Generated by \`npm run bench\` (bench/run.mjs) from a real run. Do not edit: rerun the command and commit. -->

Measured on ${date} by \`npm run bench\` in ${Math.round(durationS)} s. To reproduce: \`npm ci && npm run bench\`.
The budgets are checked in CI by \`npm run size\` (scripts/size-budget.mjs), which bundles the same entries with
the same code (bench/bundles.mjs).

${summary({ bundles, imports, calls, signIn, workloadToken })}

## Machine and versions

${table(["What", "Value"], "ll", [
    ["CPU", `${machine.cpu}, ${machine.cores} cores`],
    ["Memory", `${machine.memoryGiB} GiB`],
    ["OS", machine.os],
    ["Load average (1, 5, 15 min) at the start and at the end", `${machine.loadBefore}; ${machine.loadAfter}`],
    ["Node", versions.node],
    [OURS, versions.ours],
    ["openapi-fetch", versions.openapiFetch],
    ["@openrouter/sdk", `${versions.sdk} (with zod ${versions.zod})`],
    ["esbuild", versions.esbuild],
  ])}

## Bundle size

Each line is the entry module of a browser app that imports just what it calls from one package, bundled by
esbuild (\`bundle, minify, format esm, platform browser, target es2022\`) and gzipped at level 9. Our lines are
bundled from \`src/\` of this commit. The SDK has no callback parser, so its flow line does less than ours.

${sizeTable(bundles)}

## Cold import

Time to \`import()\` the entry by its package name in a fresh \`node\` process, from an app folder that has the
packages in its node_modules, timed inside that process, and the process's peak RSS when done: median of
${settings.importRuns} processes per entry, the entries' processes interleaved. Ours is the package's ESM entry
as \`npm run build\` makes it (dist/index.js, which imports openapi-fetch by name).

${importTable(imports)}

## Per call

The same exchange (\`POST /auth/keys\` with a code and a verifier, answered 200 with \`{key, user_id}\`) made by
each client, all in one process. A sample is the mean time per call over a batch of sequential awaited calls.
Each round takes one sample of every client, in an order rotated by one each round, so that machine noise falls
on all alike; ${settings.warmupRounds} warm-up rounds are dropped, then ${settings.rounds} rounds are kept. The
tables give the median and quartiles of those samples, and compare clients round by round (a client's sample
against bare fetch's or openapi-fetch's in the same round, which cancels most of the machine's drift): median of
those per-round ratios or differences, with their quartiles in brackets. The SDK runs with its defaults, its retry policy included
(it never fires here: every answer is a 200).

### (a) In-memory fetch: client overhead

A fetch stand-in does what fetch does first (it builds a \`Request\` from what it is given), reads and checks the
body, and returns a canned \`Response\`; batches of ${settings.memoryBatch} calls. Everything above bare fetch is
the client's own work. Timed in the process's CPU time (user + system), which other processes on the machine do
not inflate:

${callTable(calls.memory, "cpu")}

The same calls in wall-clock time:

${callTable(calls.memory, "wall")}

### (b) Loopback HTTP server in a separate process

The real global fetch (undici, keep-alive) against a Node HTTP server on 127.0.0.1 in its own process, which reads
and checks the body; batches of ${settings.loopbackBatch} calls, timed in wall-clock time (the round trip as the
caller waits for it):

${callTable(calls.loopback, "wall")}

The client process's CPU time for the same calls (the server's work is in its own process and not counted):

${callTable(calls.loopback, "cpu")}

## Server sign-in

What \`openrouter-oauth/server\` costs per sign-in on its own: \`start\` (a PKCE pair, a state, the authorization
URL, the sealed cookie) and \`finish\` (opening the cookie, the checks, the redirect, with \`session\` the sealed
session cookie), with the exchange answered at once by the in-memory fetch of (a). Beside it, the exchange alone
through the same fetch; the last column is a sign-in's CPU time over it, round by round, which is what the server
flow adds. \`keyOf\` is what every signed-in request pays to open its session cookie. Batches of
${settings.signInBatch} calls, ${settings.rounds} rounds after ${settings.warmupRounds} warm-up rounds, rotated as above.

${signInTable(signIn)}

## Workload token

What a workload's access token costs per request once it is held: an SDK given \`apiKey: wi.getAccessToken\`
(openrouter-oauth/workload) calls it before every request, where one given a string reads the string. Both are
resolved as an SDK does (a string as it is, a function awaited); the token's one exchange was answered in memory
before timing. Batches of ${settings.tokenBatch} calls, ${settings.rounds} rounds after ${settings.warmupRounds}
warm-up rounds, rotated as above; in nanoseconds.

${workloadTokenTable(workloadToken)}
`;
}
