// The user-facing entries as a browser app would bundle them, and their sizes: minified, then gzipped.
// Shared by the bench (BENCHMARKS.md) and the CI budget (scripts/size-budget.mjs), so both measure the same thing.
import { gzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

export const ROOT = fileURLToPath(new URL("..", import.meta.url));
const OURS = JSON.stringify(fileURLToPath(new URL("../src/index.ts", import.meta.url)));
const SDK = "@openrouter/sdk";

/**
 * Each entry is the module a browser app would write: it imports just what it calls and re-exports it, so the
 * bundler keeps exactly that and shakes the rest out. `budget` is in gzipped bytes; `group` pairs like with like.
 */
export const ENTRIES = [
  {
    id: "exchange",
    group: "The exchange alone",
    package: "openrouter-oauth",
    imports: "exchangeAuthCodeForAPIKey",
    code: `export { exchangeAuthCodeForAPIKey } from ${OURS};`,
    budget: 4608,
  },
  {
    id: "sdk-exchange",
    group: "The exchange alone",
    package: SDK,
    imports: "OpenRouterCore + oAuthExchangeAuthCodeForAPIKey",
    code: `export { OpenRouterCore } from "${SDK}/core.js";
export { oAuthExchangeAuthCodeForAPIKey } from "${SDK}/funcs/oAuthExchangeAuthCodeForAPIKey.js";`,
  },
  {
    id: "client",
    group: "Both operations",
    package: "openrouter-oauth",
    imports: "createOpenRouterOAuth",
    code: `export { createOpenRouterOAuth } from ${OURS};`,
  },
  {
    id: "sdk-client",
    group: "Both operations",
    package: SDK,
    imports: "OpenRouterCore + oAuthExchangeAuthCodeForAPIKey + oAuthCreateAuthCode",
    code: `export { OpenRouterCore } from "${SDK}/core.js";
export { oAuthExchangeAuthCodeForAPIKey } from "${SDK}/funcs/oAuthExchangeAuthCodeForAPIKey.js";
export { oAuthCreateAuthCode } from "${SDK}/funcs/oAuthCreateAuthCode.js";`,
  },
  {
    id: "sdk-class",
    group: "Both operations",
    package: SDK,
    imports: "OpenRouter (the class; `sdk.oAuth`)",
    code: `export { OpenRouter } from "${SDK}";`,
  },
  {
    id: "flow",
    group: "The whole browser flow",
    package: "openrouter-oauth",
    imports: "createPkcePair + buildAuthorizationUrl + parseCallback + completeSignIn",
    code: `export { createPkcePair, buildAuthorizationUrl, parseCallback, completeSignIn } from ${OURS};`,
    budget: 5120,
  },
  {
    id: "sdk-flow",
    group: "The whole browser flow",
    package: SDK,
    imports: "OpenRouterCore + oAuthCreateSHA256CodeChallenge + oAuthCreateAuthorizationUrl + oAuthExchangeAuthCodeForAPIKey (no callback parser)",
    code: `export { OpenRouterCore } from "${SDK}/core.js";
export { oAuthCreateSHA256CodeChallenge } from "${SDK}/funcs/oAuthCreateSHA256CodeChallenge.js";
export { oAuthCreateAuthorizationUrl } from "${SDK}/funcs/oAuthCreateAuthorizationUrl.js";
export { oAuthExchangeAuthCodeForAPIKey } from "${SDK}/funcs/oAuthExchangeAuthCodeForAPIKey.js";`,
  },
  {
    id: "openapi-fetch",
    group: "Reference",
    package: "openapi-fetch",
    imports: "createClient",
    code: `export { default as createClient } from "openapi-fetch";`,
  },
];

export const OUR_ENTRIES = ENTRIES.filter((entry) => entry.package === "openrouter-oauth");

/** Bundles one entry for the browser (ESM, minified) and returns its bytes, gzipped bytes and esbuild metafile. */
export async function bundle(entry) {
  const result = await build({
    stdin: { contents: entry.code, resolveDir: ROOT, loader: "ts", sourcefile: `${entry.id}.entry.ts` },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    write: false,
    metafile: true,
    legalComments: "none",
    logLevel: "silent",
  });
  const code = result.outputFiles[0].contents;
  return {
    entry,
    code: Buffer.from(code).toString("utf8"),
    minified: code.byteLength,
    // Level 9, as CDNs and size tools compress static assets.
    gzipped: gzipSync(code, { level: 9 }).byteLength,
    metafile: result.metafile,
  };
}

/** Bundles the given entries one after another (esbuild is fast; sequential keeps the numbers readable). */
export async function bundleAll(entries = ENTRIES) {
  const results = [];
  for (const entry of entries) results.push(await bundle(entry));
  return results;
}
