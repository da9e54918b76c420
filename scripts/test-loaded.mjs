// `npm run test:loaded [-- RUNS]`: `npm test` RUNS times in a row (3 unless given) while two CPU hogs keep two
// cores busy, as on a shared CI runner; it fails if any run fails. The suite must not depend on how fast the machine
// is. The hogs are killed however this ends: done, failed, Ctrl-C.
import { spawn } from "node:child_process";
import { performance } from "node:perf_hooks";

const HOGS = 2;
// Busy for ever, yet gone if this script is killed outright: it checks its parent every few hundred million turns.
const HOG = "const parent = process.ppid; for (let i = 1; ; i++) if (i % 3e8 === 0 && process.ppid !== parent) process.exit();";

const given = process.argv[2];
const runs = given === undefined ? 3 : Number(given);
if (!Number.isInteger(runs) || runs < 1 || process.argv.length > 3) {
  console.error("test:loaded: give the number of runs as a whole number above 0, like: npm run test:loaded -- 3");
  process.exit(2);
}

const hogs = [];
let running; // the npm test under way
const stopHogs = () => {
  for (const hog of hogs) hog.kill("SIGKILL");
};
process.on("exit", stopHogs);
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(signal, () => {
    running?.kill(signal);
    console.error(`\ntest:loaded: stopped by ${signal}; the CPU hogs are killed.`);
    process.exit(130);
  });
}

/** Runs `npm test` once, its output shown as it comes; resolves with whether it passed. */
function npmTest() {
  // The npm that runs this script, when it does: no PATH lookup, and the same on every platform.
  const [file, args] = process.env.npm_execpath ? [process.execPath, [process.env.npm_execpath, "test"]] : ["npm", ["test"]];
  return new Promise((resolve) => {
    running = spawn(file, args, { stdio: "inherit", shell: !process.env.npm_execpath && process.platform === "win32" });
    running.once("error", (error) => {
      console.error(`test:loaded: npm test could not start (${error.message}).`);
      resolve(false);
    });
    running.once("exit", (code) => resolve(code === 0));
  });
}

for (let i = 0; i < HOGS; i++) hogs.push(spawn(process.execPath, ["-e", HOG], { stdio: "ignore" }));
console.log(`test:loaded: ${HOGS} CPU hogs running; npm test ${runs} time${runs === 1 ? "" : "s"}.`);

const results = [];
for (let run = 1; run <= runs; run++) {
  const started = performance.now();
  const passed = await npmTest();
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  results.push(`run ${run} of ${runs}: ${passed ? "passed" : "FAILED"} in ${seconds} s`);
  console.log(`\ntest:loaded: ${results.at(-1)}\n`);
}
stopHogs();

const failed = results.filter((line) => line.includes("FAILED")).length;
console.log(`test:loaded, beside ${HOGS} CPU hogs:\n  ${results.join("\n  ")}`);
console.log(failed ? `test:loaded: ${failed} of ${runs} runs failed.` : `test:loaded: all ${runs} runs passed.`);
process.exitCode = failed ? 1 : 0;
