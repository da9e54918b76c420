// Types of build.mjs, for the browser tests.
export function bundle(
  entry: string,
  options?: { external?: string[]; platform?: "node" | "browser" | "neutral"; conditions?: string[]; outfile?: string },
): Promise<string>;
