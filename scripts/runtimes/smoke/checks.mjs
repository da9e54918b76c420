// The one smoke test every runtime runs on the installed package, through import (smoke.mjs) and require
// (smoke.cjs) alike. It uses only what all of them share (fetch, Web Crypto, URL, process.env), so a failure
// means the package, not this script, does not work there. scripts/runtimes/run.mjs serves the fake OpenRouter and
// names it in SMOKE_BASE_URL, SMOKE_AUTH_URL and SMOKE_APP_API_KEY.

const RFC7636_VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
const RFC7636_CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
const CALLBACK_URL = "http://127.0.0.1:3000/callback";

function check(ok, what) {
  if (!ok) throw new Error(what);
}
const same = (actual, expected, what) => check(actual === expected, `${what}: expected ${expected}, got ${actual}`);

/** The runtime this runs on, as it reports itself. */
function runtime() {
  if (globalThis.Deno) return { runtime: "deno", version: globalThis.Deno.version.deno };
  if (globalThis.Bun) return { runtime: "bun", version: globalThis.Bun.version };
  return { runtime: "node", version: globalThis.process.versions.node };
}

function fakeOpenRouter() {
  const { SMOKE_BASE_URL: baseUrl, SMOKE_AUTH_URL: authUrl, SMOKE_APP_API_KEY: appKey, SMOKE_CLOSED_URL: closedUrl } = globalThis.process.env;
  check(baseUrl && authUrl && appKey && closedUrl, "SMOKE_BASE_URL, SMOKE_AUTH_URL, SMOKE_APP_API_KEY and SMOKE_CLOSED_URL are unset: run me through npm run test:runtimes");
  return { baseUrl, authUrl, appKey, closedUrl };
}

/** Runs the smoke and reports it on one line for the runner: "smoke ok {...}", or "smoke failed: why" and exit code 1. */
export async function runSmoke(library, how) {
  try {
    // Which runtime really ran, and how the package was loaded: the runner checks both.
    console.log(`smoke ok ${JSON.stringify(await smoke(library, how))}`);
  } catch (error) {
    const what = error?.name === "Error" ? error.message : `${error?.name}: ${error?.message}`;
    console.error(`smoke failed: ${what}\n${error?.stack ?? ""}`);
    globalThis.process.exitCode = 1;
  }
}

/**
 * `library` is the package as loaded; `moduleSystem` says how ("import" or "require") and `entry` is the file the
 * runtime resolved it to, so that each way is proven to load its own build. Throws at the first check that fails.
 */
export async function smoke(library, { moduleSystem, entry, server }) {
  const { computeCodeChallenge, createPkcePair, buildAuthorizationUrl, createOpenRouterOAuth, exchangeAuthCodeForAPIKey } = library;
  const { ConnectionError, ForbiddenResponseError, OpenRouterOAuthError } = library;
  const { baseUrl, authUrl, appKey, closedUrl } = fakeOpenRouter();
  const build = moduleSystem === "require" ? "dist/index.cjs" : "dist/index.js";
  check(String(entry).endsWith(`/openrouter-oauth/${build}`), `${moduleSystem} loaded ${entry}, not the package's ${build}`);

  same(await computeCodeChallenge(RFC7636_VERIFIER), RFC7636_CHALLENGE, "the RFC 7636 Appendix B challenge");
  const pair = await createPkcePair();
  same(await computeCodeChallenge(pair.code_verifier), pair.code_challenge, "a fresh pair's challenge");

  const authorization = buildAuthorizationUrl({ callbackUrl: CALLBACK_URL, codeChallenge: pair.code_challenge, authUrl, state: "smoke" });
  const sent = new URL(authorization.url);
  same(`${sent.origin}${sent.pathname}`, authUrl, "the authorization page");
  same(sent.searchParams.get("code_challenge"), pair.code_challenge, "the authorization URL's code_challenge");
  same(sent.searchParams.get("code_challenge_method"), "S256", "the authorization URL's code_challenge_method");
  same(sent.searchParams.get("callback_url"), `${CALLBACK_URL}?state=smoke`, "the authorization URL's callback_url");

  // The app mints a code for this pair with its key (createAuthCode), then the exchange trades it for a key.
  const app = createOpenRouterOAuth({ apiKey: appKey, baseUrl });
  const { data } = await app.createAuthCode({
    callback_url: authorization.callbackUrl,
    code_challenge: pair.code_challenge,
    code_challenge_method: "S256",
  });
  const exchange = { code: data.id, code_verifier: pair.code_verifier, code_challenge_method: "S256" };
  const { key } = await exchangeAuthCodeForAPIKey(exchange, { baseUrl });
  check(/^sk-or-v1-[0-9a-f]{64}$/.test(key), "the exchange returned no sk-or-v1- key");

  // The code is single-use: the second exchange is refused with our class for 403, recognised by instanceof.
  const replay = await app.exchangeAuthCodeForAPIKey(exchange).then(
    () => undefined,
    (error) => error,
  );
  check(replay instanceof ForbiddenResponseError, `a replayed code gave ${replay?.name ?? "a key"}, not a ForbiddenResponseError`);
  check(replay instanceof OpenRouterOAuthError, "ForbiddenResponseError is not an OpenRouterOAuthError");
  const printed = `${String(replay)} ${JSON.stringify(replay)}`;
  for (const secret of [data.id, pair.code_verifier, key, appKey]) check(!printed.includes(secret), "the error shows a secret");

  // Nothing listens there: each runtime says so in its own way, and the error tells that nothing was sent.
  const refused = await exchangeAuthCodeForAPIKey(exchange, { baseUrl: closedUrl }).then(
    () => undefined,
    (error) => error,
  );
  check(refused instanceof ConnectionError, `a refused connection gave ${refused?.name ?? "a key"}, not a ConnectionError`);
  same(refused.notSent, true, "a refused connection's notSent");

  await serverSignIn(library, server, { baseUrl, authUrl, app });
  return { ...runtime(), moduleSystem };
}

/**
 * openrouter-oauth/server, loaded the same way: start, a code minted for its challenge and callback (as the consent
 * page would), finish with the sign-in's cookie, and a session keyOf opens; its errors are the main entry's classes.
 */
async function serverSignIn(library, server, { baseUrl, authUrl, app }) {
  const signIn = server.createSignIn({ secret: "a-smoke-test-sealing-secret-of-32-chars+", callbackUrl: CALLBACK_URL, session: true, authUrl, baseUrl });
  const started = await signIn.start(new Request("http://127.0.0.1:3000/start"), { returnTo: "/home" });
  same(started.status, 302, "server start's status");
  const sent = new URL(started.headers.get("location"));
  const callbackUrl = sent.searchParams.get("callback_url");
  const { data } = await app.createAuthCode({ callback_url: callbackUrl, code_challenge: sent.searchParams.get("code_challenge"), code_challenge_method: "S256" });
  const cookie = started.headers.getSetCookie()[0].split(";")[0];
  const finished = await signIn.finish(new Request(`${callbackUrl}&code=${data.id}`, { headers: { cookie } }));
  check(/^sk-or-v1-[0-9a-f]{64}$/.test(finished.key), "server finish returned no sk-or-v1- key");
  same(finished.returnTo, "/home", "server finish's returnTo");
  const session = finished.response.headers.getSetCookie()[1].split(";")[0];
  same(await signIn.keyOf(new Request("http://127.0.0.1:3000/", { headers: { cookie: session } })), finished.key, "server keyOf");
  // Loaded again after the browser took the answer, which cleared the pending cookie and left the session's.
  const replay = await signIn.finish(new Request(`${callbackUrl}&code=${data.id}`, { headers: { cookie: session } })).then(() => undefined, (error) => error);
  check(replay instanceof library.InvalidRequestError, `a replayed server callback gave ${replay?.name ?? "a key"}, not the main entry's InvalidRequestError`);
}
