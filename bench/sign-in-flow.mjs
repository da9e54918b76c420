// The server sign-in's own cost (openrouter-oauth/server): start and finish of one sign-in, with a fetch that
// answers the exchange at once (bench/exchange-call.mjs's memoryFetch), beside the exchange alone through the same
// fetch, so that the difference is what createSignIn adds: the PKCE pair, the state, sealing and opening the
// cookie, the checks. Also what every signed-in request pays: keyOf opening the session cookie.
// Prints one JSON object: {name: {wall, cpu}}, samples in µs per call, one a round, rounds rotated as in calls.mjs.
// Run by bench/run.mjs as: node bench/sign-in-flow.mjs <server entry> <rounds> <batch> <warm-up rounds>
import { EXPECTED_CODE, memoryFetch, MINTED_KEY, VERIFIER } from "./exchange-call.mjs";
import { timeBatch } from "./stats.mjs";

const [entry, rounds, batch, warmupRounds] = process.argv.slice(2).map((arg, i) => (i ? Number(arg) : arg));
const { createSignIn, exchangeAuthCodeForAPIKey } = await import(entry);

const APP = "https://app.bench";
const BASE_URL = "https://openrouter.bench/api/v1";
const SECRET = "a-sealing-secret-for-the-bench-0123456789";

function signInWith(session) {
  const signIn = createSignIn({ secret: SECRET, callbackUrl: `${APP}/callback`, session, baseUrl: BASE_URL, fetch: memoryFetch });
  return async () => {
    const started = await signIn.start(new Request(`${APP}/start`), { returnTo: "/" });
    const callback = new URL(new URL(started.headers.get("location")).searchParams.get("callback_url"));
    callback.searchParams.set("code", EXPECTED_CODE);
    const cookie = started.headers.getSetCookie()[0].split(";")[0];
    return (await signIn.finish(new Request(callback, { headers: { cookie } }))).key;
  };
}

async function keyOfCall() {
  const signIn = createSignIn({ secret: SECRET, callbackUrl: `${APP}/callback`, session: true, baseUrl: BASE_URL, fetch: memoryFetch });
  const started = await signIn.start(new Request(`${APP}/start`));
  const callback = new URL(new URL(started.headers.get("location")).searchParams.get("callback_url"));
  callback.searchParams.set("code", EXPECTED_CODE);
  const { response } = await signIn.finish(new Request(callback, { headers: { cookie: started.headers.getSetCookie()[0].split(";")[0] } }));
  const cookie = response.headers.getSetCookie()[1].split(";")[0];
  return () => signIn.keyOf(new Request(`${APP}/`, { headers: { cookie } }));
}

const calls = [
  {
    name: "exchange alone (exchangeAuthCodeForAPIKey)",
    call: () =>
      exchangeAuthCodeForAPIKey({ code: EXPECTED_CODE, code_verifier: VERIFIER, code_challenge_method: "S256" }, { baseUrl: BASE_URL, fetch: memoryFetch })
        .then((result) => result.key),
  },
  { name: "start + finish, session off", call: signInWith(false) },
  { name: "start + finish, session on", call: signInWith(true) },
  { name: "keyOf (a signed-in request)", call: await keyOfCall() },
].map((contestant) => ({ ...contestant, wall: [], cpu: [] }));

// Each must really do its work before it is timed.
for (const { name, call } of calls) {
  if ((await call()) !== MINTED_KEY) throw new Error(`${name} did not return the canned key`);
}
for (let round = 0; round < warmupRounds + rounds; round++) {
  for (let i = 0; i < calls.length; i++) {
    const contestant = calls[(round + i) % calls.length];
    const { wall, cpu } = await timeBatch(contestant.call, batch);
    if (round >= warmupRounds) {
      contestant.wall.push(wall);
      contestant.cpu.push(cpu);
    }
  }
}
process.stdout.write(`${JSON.stringify(Object.fromEntries(calls.map(({ name, wall, cpu }) => [name, { wall, cpu }])))}\n`);
