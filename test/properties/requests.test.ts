// For any input (wrong types, unknown fields, edge values), a call either refuses it with InvalidRequestError and
// sends nothing, or sends one request whose body the spec accepts, formats included.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createOpenRouterOAuth, exchangeAuthCodeForAPIKey, InvalidRequestError, type FetchLike } from "../../src/index.js";
import { requestErrors, spec, type SpecPath } from "../support/spec.js";
import { BASE_URL, PROPERTY_TIMEOUT_MS, settings, settle, utf8, watchUnhandledRejections } from "./support.js";

const unhandledRejections = watchUnhandledRejections();

const API_KEY = "sk-or-v1-app-key-for-request-properties";
const PKCE_UNIT = fc.constantFrom(..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~");
const pkceValue = fc.string({ unit: PKCE_UNIT, minLength: 43, maxLength: 128 });
const pkceNearMisses = [
  fc.string({ unit: PKCE_UNIT, minLength: 40, maxLength: 42 }),
  fc.string({ unit: PKCE_UNIT, minLength: 129, maxLength: 131 }),
  fc.string({ minLength: 43, maxLength: 60 }),
];
const DAY = 86_400_000;

/** A field: its valid values, and the values that spoil it (arbitraries or constants; anything at all is added). */
const field = (valid: fc.Arbitrary<unknown>, ...spoilers: unknown[]) => ({
  valid,
  spoiled: fc.oneof(
    fc.anything(),
    fc.constantFrom(undefined, null, ""),
    ...spoilers.map((spoiler) => (spoiler instanceof fc.Arbitrary ? spoiler : fc.constant(spoiler))),
  ),
});
type Field = ReturnType<typeof field>;

const exchangeFields = {
  code: field(fc.string({ minLength: 1 })),
  code_verifier: field(pkceValue, ...pkceNearMisses),
  code_challenge_method: field(fc.constantFrom("S256", "plain", null), "s256", "S512"),
};

const createFields = {
  callback_url: field(
    fc.oneof(
      fc.constantFrom("http://localhost:3000/cb", "http://127.0.0.1:51234/cb?x=1", "http://[::1]:8080/", "http://localhost./cb"),
      fc.webUrl({ validSchemes: ["https"], withQueryParameters: true, withFragments: true }),
    ),
    fc.webUrl({ validSchemes: ["http"] }), "http://app.example/cb", "ftp://127.0.0.1/", "/relative", "https://", "localhost:3000",
  ),
  code_challenge: field(pkceValue, ...pkceNearMisses),
  code_challenge_method: field(fc.constantFrom("S256", "plain"), null, "S512"),
  limit: field(fc.oneof(fc.double({ min: 0, noNaN: true, noDefaultInfinity: true }), fc.nat()), fc.double(), fc.integer(), Number.NaN, Infinity, -0, -1, Number.MAX_VALUE),
  expires_at: field(
    fc.oneof(
      fc.integer({ min: DAY, max: 400_000 * DAY }).map((ms) => new Date(Date.now() + ms)),
      fc.integer({ min: DAY, max: 400_000 * DAY }).map((ms) => new Date(Date.now() + ms).toISOString()),
      fc.integer({ min: DAY, max: 4_000 * DAY }).map((ms) => new Date(Date.now() + ms).toISOString().replace(".000Z", "Z")),
    ),
    fc.date(), new Date(Number.NaN), "2031-02-30T00:00:00Z", "2031-04-31T12:00:00Z", "2031-01-01T24:00:00Z", "2031-01-01T23:59:60Z",
    "2031-01-01T00:00Z", "2031-01-01T00:00:00+02:00", "+010000-01-01T00:00:00.000Z", "2031-01-01", "2031-01-01T00:00:00.123456Z",
  ),
  key_label: field(fc.string({ maxLength: 100 }), fc.string({ minLength: 101, maxLength: 110 }), "x".repeat(100), "x".repeat(101), "😀".repeat(50), "😀".repeat(51)),
  usage_limit_type: field(fc.constantFrom("daily", "weekly", "monthly"), "yearly", "Daily"),
  workspace_id: field(fc.oneof(fc.uuid(), fc.uuid().map((id) => id.toUpperCase())), "00000000-0000-0000-0000-00000000000g", "0000000000000000000000000000000"),
};

/**
 * Inputs that are usually valid objects, or valid ones with a few fields spoiled (an edge value or anything at all), sometimes
 * with unknown fields too, and sometimes not objects at all.
 */
const inputArb = (fields: Record<string, Field>, required: string) => {
  const valid = fc.record(
    Object.fromEntries(Object.entries(fields).map(([name, { valid }]) => [name, valid])),
    { requiredKeys: [required] },
  );
  const spoiled = fc.oneof(...Object.entries(fields).map(([name, field]) => fc.tuple(fc.constant(name), field.spoiled)));
  const unknownField = fc.tuple(
    fc.oneof(fc.string(), fc.constantFrom("codeVerifier", "callbackUrl", "__proto__", "constructor", "toJSON")),
    fc.anything(),
  );
  return fc.oneof(
    { weight: 4, arbitrary: valid },
    {
      weight: 5,
      arbitrary: fc.tuple(valid, fc.array(spoiled, { minLength: 1, maxLength: 3 })).map(([input, changes]) => ({ ...input, ...Object.fromEntries(changes) })),
    },
    {
      weight: 1,
      // A null prototype, so that `__proto__` and `constructor` are own fields like any other.
      arbitrary: fc.tuple(valid, unknownField).map(([input, [name, value]]) => Object.assign(Object.create(null), input, { [name]: value })),
    },
    { weight: 1, arbitrary: fc.anything() },
  );
};

const RFC3339_UTC = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(\.\d+)?Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What the spec's formats (which the shared validator leaves as annotations) require of a sent body. */
function formatProblems(path: SpecPath, body: Record<string, unknown>, sentAt: number): string[] {
  const problems: string[] = [];
  const { schemas } = spec.components;
  const known = Object.keys((path === "/auth/keys" ? schemas.ExchangeAuthCodeRequest : schemas.CreateAuthCodeRequest).properties);
  for (const key of Object.keys(body)) if (!known.includes(key)) problems.push(`unknown field ${key} was sent`);
  if (path === "/auth/keys/code") {
    const url = URL.canParse(String(body.callback_url)) ? new URL(String(body.callback_url)) : undefined;
    if (!url || !(url.protocol === "https:" || (url.protocol === "http:" && ["localhost", "127.0.0.1"].includes(url.hostname)))) {
      problems.push(`callback_url ${body.callback_url} is neither https nor loopback http`);
    }
    if (body.workspace_id !== undefined && !UUID.test(String(body.workspace_id))) problems.push("workspace_id is not a UUID");
    if (typeof body.expires_at === "string") {
      const match = RFC3339_UTC.exec(body.expires_at);
      const time = Date.parse(body.expires_at);
      // A real calendar time: the parsed date must show the same fields (no 30 February, no hour 24).
      if (!match || new Date(time).toISOString().slice(0, 19) !== body.expires_at.slice(0, 19)) problems.push(`expires_at ${body.expires_at} is not an RFC 3339 UTC time`);
      else if (time <= sentAt) problems.push("expires_at is in the past");
    }
    if (body.limit !== undefined && !(typeof body.limit === "number" && Number.isFinite(body.limit) && body.limit >= 0)) problems.push("limit is not a finite number >= 0");
  }
  return problems;
}

async function send(path: SpecPath, input: unknown) {
  const sent: Request[] = [];
  const fetch: FetchLike = async (request) => {
    sent.push(request);
    const body = path === "/auth/keys" ? { key: "sk-or-v1-minted", user_id: null } : { data: { id: "code-id", app_id: 1, created_at: "2026-01-01T00:00:00Z" } };
    return new Response(utf8(JSON.stringify(body)), { headers: { "content-type": "application/json" } });
  };
  const startedAt = Date.now();
  const outcome =
    path === "/auth/keys"
      ? await settle(exchangeAuthCodeForAPIKey(input as never, { fetch, baseUrl: BASE_URL }))
      : await settle(createOpenRouterOAuth({ apiKey: API_KEY, fetch, baseUrl: BASE_URL }).createAuthCode(input as never));
  return { ...outcome, sent, startedAt };
}

describe("any input", () => {
  it.each([
    ["exchangeAuthCodeForAPIKey", "/auth/keys", exchangeFields],
    ["createAuthCode", "/auth/keys/code", createFields],
  ] as const)("to %s is refused with nothing sent, or sent as a body the spec accepts", async (_, path, fields) => {
    await fc.assert(
      fc.asyncProperty(inputArb(fields, path === "/auth/keys" ? "code" : "callback_url"), async (input) => {
        const { error, sent, startedAt } = await send(path, input);
        if (error !== undefined) {
          expect(error).toBeInstanceOf(InvalidRequestError);
          expect(sent).toHaveLength(0);
          return;
        }
        expect(sent).toHaveLength(1);
        const request = sent[0]!;
        expect(request.headers.get("content-type")).toBe("application/json");
        expect(request.headers.get("authorization")).toBe(path === "/auth/keys" ? null : `Bearer ${API_KEY}`);
        const body = JSON.parse(await request.text());
        expect(requestErrors(path, body)).toEqual([]);
        expect(formatProblems(path, body, startedAt)).toEqual([]);
      }),
      settings(2500),
    );
    expect(await unhandledRejections()).toEqual([]);
  }, PROPERTY_TIMEOUT_MS);
});
