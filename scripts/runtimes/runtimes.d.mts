// Types of scripts/runtimes/runtimes.mjs, for the browser tests that run the server example on each runtime.
export interface Runtime {
  id: "node" | "node22" | "node24" | "bun" | "deno";
  name: string;
  binary?: string;
  npm?: string;
  file?: string;
}

export const CACHE_DIR: string;
export const RUNTIMES: Runtime[];
export function versionOf(binary: string): Promise<string | undefined>;
/** Each runtime with the path of its binary, fetched into the cache first when missing. */
export function withBinaries<R extends Runtime>(runtimes: R[]): Promise<(R & { binary: string })[]>;
