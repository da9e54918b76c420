// Types of build.mjs, for the browser tests.
export function bundleExample(runtime: "node" | "deno" | "bun"): Promise<string>;
