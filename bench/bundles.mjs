// The user-facing entries as a browser app would bundle them, and their sizes: minified, then gzipped.
// Shared by the bench (BENCHMARKS.md) and the CI budget (scripts/size-budget.mjs), so both measure the same thing.
import { gzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";
import { tokenizer } from "acorn";
import { build } from "esbuild";

export const ROOT = fileURLToPath(new URL("..", import.meta.url));
const OURS = JSON.stringify(fileURLToPath(new URL("../src/index.ts", import.meta.url)));
const SERVER = JSON.stringify(fileURLToPath(new URL("../src/server/index.ts", import.meta.url)));
const WORKLOAD = JSON.stringify(fileURLToPath(new URL("../src/workload/index.ts", import.meta.url)));
const EXTENSION = JSON.stringify(fileURLToPath(new URL("../src/extension/index.ts", import.meta.url)));
const SDK = "@openrouter/sdk";

/**
 * Each entry is the module a browser app would write: it imports just what it calls and re-exports it, so the
 * bundler keeps exactly that and shakes the rest out. `budget` is in gzipped bytes, a ceiling a little over what
 * the entry measures, so that growth is a decision rather than an accident; `group` pairs like with like.
 */
export const ENTRIES = [
  {
    id: "exchange",
    group: "The exchange alone",
    package: "openrouter-oauth",
    imports: "exchangeAuthCodeForAPIKey",
    code: `export { exchangeAuthCodeForAPIKey } from ${OURS};`,
    budget: 8080,
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
    group: "The client, every operation",
    package: "openrouter-oauth",
    imports: "createOpenRouterOAuth",
    code: `export { createOpenRouterOAuth } from ${OURS};`,
    budget: 11650,
  },
  {
    id: "sdk-client",
    group: "The client, every operation",
    package: SDK,
    imports: "OpenRouterCore + the five operations' functions",
    code: `export { OpenRouterCore } from "${SDK}/core.js";
export { oAuthExchangeAuthCodeForAPIKey } from "${SDK}/funcs/oAuthExchangeAuthCodeForAPIKey.js";
export { oAuthCreateAuthCode } from "${SDK}/funcs/oAuthCreateAuthCode.js";
export { apiKeysGetCurrentKeyMetadata } from "${SDK}/funcs/apiKeysGetCurrentKeyMetadata.js";
export { oAuthCreateOauthToken } from "${SDK}/funcs/oAuthCreateOauthToken.js";
export { oAuthListOauthJwks } from "${SDK}/funcs/oAuthListOauthJwks.js";`,
  },
  {
    id: "sdk-class",
    group: "The client, every operation",
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
    budget: 9980,
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
    // A Worker or edge function signing users in: what openrouter-oauth/server adds to its bundle.
    id: "server",
    group: "Server sign-in (a Worker)",
    package: "openrouter-oauth/server",
    imports: "createSignIn",
    code: `export { createSignIn } from ${SERVER};`,
    budget: 13790,
  },
  {
    // A Worker or a CI script calling OpenRouter without a key: the token source and GitHub Actions' JWT.
    id: "workload",
    group: "Workload identity (a Worker)",
    package: "openrouter-oauth/workload",
    imports: "createWorkloadIdentity + fromGitHubActions",
    code: `export { createWorkloadIdentity, fromGitHubActions } from ${WORKLOAD};`,
    budget: 12020,
  },
  {
    // A browser extension's service worker signing in either way, and its callback page handing the URL back.
    id: "extension",
    group: "Browser extension sign-in",
    package: "openrouter-oauth/extension",
    imports: "signInWithWebAuthFlow + signInWithCallbackPage + sendCallbackToExtension",
    code: `export { signInWithWebAuthFlow, signInWithCallbackPage, sendCallbackToExtension } from ${EXTENSION};`,
    budget: 11830,
  },
  {
    id: "openapi-fetch",
    group: "Reference",
    package: "openapi-fetch",
    imports: "createClient",
    code: `export { default as createClient } from "openapi-fetch";`,
  },
];

export const OUR_ENTRIES = ENTRIES.filter((entry) => entry.package.startsWith("openrouter-oauth"));

const gzip = (text) => gzipSync(text, { level: 9 }).byteLength;

/**
 * The bundle with every string literal longer than 12 characters (error messages, mostly) cut to one character:
 * how much of a bundle is what it says to people rather than what it does.
 */
function withoutMessages(code) {
  let kept = "";
  let from = 0;
  for (const token of tokenizer(code, { ecmaVersion: "latest", sourceType: "module" })) {
    const literal = token.type.label === "string" || token.type.label === "template";
    if (!literal || token.end - token.start <= 12) continue;
    kept += code.slice(from, token.start) + (token.type.label === "string" ? '"x"' : "x");
    from = token.end;
  }
  return kept + code.slice(from);
}

/**
 * Bundles one entry for the browser (ESM, minified) and returns its code, bytes, gzipped bytes (level 9, as
 * CDNs and size tools compress static assets) and, with `bySource`, where those bytes come from.
 */
export async function bundle(entry, { bySource = false } = {}) {
  const result = await buildEntry(entry, { sourcemap: bySource ? "external" : false });
  const output = result.outputFiles.find((file) => file.path.endsWith(".js"));
  const code = output.text;
  const sizes = { entry, code, minified: output.contents.byteLength, gzipped: gzip(code), gzippedWithoutMessages: gzip(withoutMessages(code)) };
  if (entry.package !== "openapi-fetch" && entry.package !== SDK) {
    // Our own bytes: the same bundle with openapi-fetch left out.
    const alone = await buildEntry(entry, { external: ["openapi-fetch"] });
    sizes.gzippedOwn = gzip(alone.outputFiles.find((file) => file.path.endsWith(".js")).text);
  }
  if (!bySource) return sizes;
  const map = JSON.parse(result.outputFiles.find((file) => file.path.endsWith(".map")).text);
  return { ...sizes, bySource: bytesBySource(code, map) };
}

function buildEntry(entry, options) {
  return build({
    stdin: { contents: entry.code, resolveDir: ROOT, loader: "ts", sourcefile: `${entry.id}.entry.ts` },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    write: false,
    outdir: "out", // names the output files; nothing is written
    legalComments: "none",
    logLevel: "silent",
    ...options,
  });
}

/**
 * Each source file's share of a bundle: its minified characters, and its gzipped bytes counted as what the
 * gzipped bundle would lose without them (so a file that only repeats what others say costs little).
 */
function bytesBySource(code, map) {
  const ranges = map.sources.map(() => []);
  const lines = code.split("\n");
  let lineStart = 0;
  let source = 0;
  map.mappings.split(";").forEach((line, index) => {
    let column = 0;
    const segments = line ? line.split(",").map(decodeVlq) : [];
    segments.forEach((segment, i) => {
      column += segment[0];
      if (segment.length > 1) source += segment[1];
      const end = i + 1 < segments.length ? column + segments[i + 1][0] : lines[index].length;
      if (segment.length > 1) ranges[source].push([lineStart + column, lineStart + end]);
    });
    lineStart += (lines[index]?.length ?? 0) + 1;
  });
  const total = gzip(code);
  return map.sources
    .map((name, i) => {
      const kept = [...code];
      for (const [from, to] of ranges[i]) kept.fill("", from, to);
      const minified = ranges[i].reduce((sum, [from, to]) => sum + to - from, 0);
      return { source: name.replace(/^(\.\.\/)+/, ""), minified, gzipped: total - gzip(kept.join("")) };
    })
    .sort((a, b) => b.gzipped - a.gzipped);
}

// Source map "mappings" are base64 VLQ: 5 bits a digit, continuation bit 32, sign in the lowest bit.
const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
function decodeVlq(segment) {
  const values = [];
  let value = 0;
  let shift = 0;
  for (const char of segment) {
    const digit = BASE64.indexOf(char);
    value += (digit & 31) << shift;
    shift += 5;
    if (!(digit & 32)) {
      values.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return values;
}

/** Bundles the given entries one after another (esbuild is fast; sequential keeps the numbers readable). */
export async function bundleAll(entries = ENTRIES, options) {
  const results = [];
  for (const entry of entries) results.push(await bundle(entry, options));
  return results;
}
