// The server sign-in's own cost (openrouter-oauth/server): start and finish of one sign-in, with a fetch that
// answers the exchange at once (bench/exchange-call.mjs's memoryFetch), beside the exchange alone through the same
// fetch, so that the difference is what createSignIn adds: the PKCE pair, the state, sealing and opening the
// cookie, the checks. Also what every signed-in request pays: keyOf opening the session cookie.
// Prints one JSON object: {name: {wall, cpu}}, samples in µs per call, one a round, rounds rotated as in calls.mjs.
// Run by bench/run.mjs as: node bench/sign-in-flow.mjs <server entry> <rounds> <batch> <warm-up rounds>
import { EXPECTED_CODE, memoryFetch, MINTED_KEY, REQUEST } from "./exchange-call.mjs";
import { rotatedSamples } from "./stats.mjs";

const [entry, rounds, batch, warmupRounds] = process.argv.slice(2).map((arg, i) => (i ? Number(arg) : arg));
const { createSignIn } = await import(entry);
// The exchange alone, to compare with: the main entry's.
const { exchangeAuthCodeForAPIKey } = await import("openrouter-oauth");

const APP = "https://app.bench";
const BASE_URL = "https://openrouter.bench/api/v1";
const SECRET = "a-sealing-secret-for-the-bench-0123456789";

const signInFor = (session) => createSignIn({ secret: SECRET, callbackUrl: `${APP}/callback`, session, baseUrl: BASE_URL, fetch: memoryFetch });

/** One whole sign-in: start, the callback OpenRouter would send back, and finish with the sign-in's cookie. */
async function signInOnce(signIn) {
  const started = await signIn.start(new Request(`${APP}/start`), { returnTo: "/" });
  const callback = new URL(new URL(started.headers.get("location")).searchParams.get("callback_url"));
  callback.searchParams.set("code", EXPECTED_CODE);
  const cookie = started.headers.getSetCookie()[0].split(";")[0];
  return signIn.finish(new Request(callback, { headers: { cookie } }));
}

function signInWith(session) {
  const signIn = signInFor(session);
  return async () => (await signInOnce(signIn)).key;
}

async function keyOfCall() {
  const signIn = signInFor(true);
  const { response } = await signInOnce(signIn);
  const cookie = response.headers.getSetCookie()[1].split(";")[0];
  return () => signIn.keyOf(new Request(`${APP}/`, { headers: { cookie } }));
}

const calls = [
  {
    name: "exchange alone (exchangeAuthCodeForAPIKey)",
    call: () =>
      exchangeAuthCodeForAPIKey(REQUEST, { baseUrl: BASE_URL, fetch: memoryFetch })
        .then((result) => result.key),
  },
  { name: "start + finish, session off", call: signInWith(false) },
  { name: "start + finish, session on", call: signInWith(true) },
  { name: "keyOf (a signed-in request)", call: await keyOfCall() },
];

const samples = await rotatedSamples(calls, { rounds, warmupRounds, batch, expected: MINTED_KEY });
process.stdout.write(`${JSON.stringify(samples)}\n`);
