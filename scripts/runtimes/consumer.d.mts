// Types of the part of scripts/runtimes/consumer.mjs the browser tests use.
/** Runs `npm run build` in `root` unless dist/ is newer than its sources. */
export function ensureBuilt(root: string): Promise<void>;
