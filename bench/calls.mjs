// Per-call cost, every contestant in this one process, side by side. Each round runs one batch per contestant,
// in an order rotated by one each round, so that drift (turbo, GC, a noisy neighbour) hits all of them alike.
// Prints one JSON object: { memory: {name: {wall, cpu}}, loopback: {...} }, each a list of samples in
// microseconds per call, one a round, in round order (so that clients can be compared round by round): wall-clock
// time, and this process's CPU time (user + system), which other processes do not inflate by taking turns.
// Run by bench/run.mjs as: node bench/calls.mjs <our entry, by package name> <rounds> <memory batch> <loopback batch> <warm-up rounds>
import { spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { contestants, memoryFetch, MINTED_KEY } from "./exchange-call.mjs";
import { rotatedSamples } from "./stats.mjs";

const [ourEntry, rounds, memoryBatch, loopbackBatch, warmupRounds] = process.argv.slice(2).map((arg, i) => (i ? Number(arg) : arg));

const modules = {
  createClient: (await import("openapi-fetch")).default,
  ours: await import(ourEntry),
  sdk: await import("@openrouter/sdk"),
  sdkCore: await import("@openrouter/sdk/core.js"),
  sdkExchange: await import("@openrouter/sdk/funcs/oAuthExchangeAuthCodeForAPIKey.js"),
};

function measure(fetch, baseUrl, batch) {
  const calls = contestants(modules).map(({ name, setup }) => ({ name, call: setup(fetch, baseUrl) }));
  return rotatedSamples(calls, { rounds, warmupRounds, batch, expected: MINTED_KEY });
}

async function startServer() {
  const child = spawn(process.execPath, [fileURLToPath(new URL("server.mjs", import.meta.url))], { stdio: ["pipe", "pipe", "inherit"] });
  const [line] = await once(createInterface({ input: child.stdout }), "line");
  return { baseUrl: `http://127.0.0.1:${JSON.parse(line).port}/api/v1`, stop: () => child.stdin.end() };
}

const memory = await measure(memoryFetch, "https://openrouter.ai/api/v1", memoryBatch);
const server = await startServer();
let loopback;
try {
  loopback = await measure(undefined, server.baseUrl, loopbackBatch);
} finally {
  server.stop();
}
process.stdout.write(`${JSON.stringify({ memory, loopback })}\n`);
// undici keeps idle sockets open for a few seconds; the results are out, so leave now.
process.exit(0);
