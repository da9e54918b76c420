// For any client options and call options (wrong types, unknown fields, edge values): creating the client either
// works or throws InvalidRequestError, and a call settles with data or an error of ours, never a raw one; an
// InvalidRequestError means that nothing was sent.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createOpenRouterOAuth, exchangeAuthCodeForAPIKey, InvalidRequestError, OpenRouterOAuthError } from "../../src/index.js";
import { BASE_URL, PROPERTY_TIMEOUT_MS, settings, settle, watchUnhandledRejections } from "../properties/support.js";

const unhandledRejections = watchUnhandledRejections();

// Whatever the options say, no request may leave this process: the global fetch is an in-memory one too.
let sent = 0;
const inMemoryFetch = async () => {
  sent++;
  return Response.json({ key: "sk-or-v1-minted", user_id: null, data: { id: "code", app_id: 1, created_at: "now" } });
};
beforeAll(() => void vi.stubGlobal("fetch", inMemoryFetch));
afterAll(() => void vi.unstubAllGlobals());

const value = <T>(plausible: fc.Arbitrary<T>) => fc.oneof({ weight: 3, arbitrary: plausible }, { weight: 1, arbitrary: fc.anything() });

const clientOptionsArb = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record(
      {
        apiKey: value(fc.constantFrom("sk-or-v1-app", "", "has space", "sk-\u00e9")),
        baseUrl: value(fc.constantFrom(BASE_URL, "http://127.0.0.1:1/api", "not a url", "ftp://x", "https://")),
        fetch: fc.oneof(fc.constant(inMemoryFetch), fc.anything()),
        timeoutMs: value(fc.constantFrom(1, 1000, 0, -1, 2 ** 31, Number.NaN, Infinity)),
        headers: value(fc.constantFrom({ "x-a": "b" }, [["x-a", "b"]], { "bad header": "x" }, { "x-a": "line\nbreak" })),
        httpReferer: value(fc.constantFrom("https://app.example", "", "\u00ff\u0100")),
        appTitle: value(fc.constantFrom("My app", "", "\n")),
        appCategories: value(fc.constantFrom(["cli-agent", "cloud-agent"], [], ["a,b"], [""], "cli-agent", ["\u00e9"])),
        retry: value(fc.constantFrom({ attempts: 2 }, { attempts: 0 }, { attempts: 3, maxDelayMs: 5 }, false)),
      },
      { requiredKeys: [] },
    ),
  },
  { weight: 1, arbitrary: fc.anything() },
);

const callOptionsArb = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record(
      {
        signal: value(fc.constantFrom(undefined, new AbortController().signal, AbortSignal.abort(), null, "signal", {})),
        timeoutMs: value(fc.constantFrom(1000, 0, -5, Number.NaN)),
        headers: value(fc.constantFrom({ "x-b": "c" }, { "x-b": "\r\n" }, 42)),
        retry: value(fc.constantFrom(undefined, { attempts: 2 }, false, { attempts: 99 })),
      },
      { requiredKeys: [] },
    ),
  },
  { weight: 1, arbitrary: fc.anything() },
);

/** How an operation settled; it must return a promise, never throw synchronously. */
async function run(operation: () => Promise<unknown>) {
  const before = sent;
  let pending: Promise<unknown> | undefined;
  expect(() => (pending = operation())).not.toThrow();
  return { ...(await settle(pending!)), sent: sent - before };
}

function expectOurs({ error, sent }: { error?: unknown; sent: number }) {
  if (error === undefined) return;
  expect(error).toBeInstanceOf(OpenRouterOAuthError);
  if (error instanceof InvalidRequestError) expect(sent).toBe(0);
}

describe("any options", () => {
  it("given to createOpenRouterOAuth either make a client or throw InvalidRequestError", () => {
    fc.assert(
      fc.property(clientOptionsArb, (options) => {
        try {
          createOpenRouterOAuth(options as never);
        } catch (error) {
          expect(error).toBeInstanceOf(InvalidRequestError);
        }
      }),
      settings(3000),
    );
  });

  it("given to either method settle the call with data or an error of ours", async () => {
    await fc.assert(
      fc.asyncProperty(clientOptionsArb, callOptionsArb, fc.boolean(), async (options, callOptions, exchange) => {
        let client: ReturnType<typeof createOpenRouterOAuth>;
        try {
          client = createOpenRouterOAuth(options as never);
        } catch {
          return; // the property above covers a refused client
        }
        const outcome = await run(() =>
          exchange
            ? client.exchangeAuthCodeForAPIKey({ code: "c" }, callOptions as never)
            : client.createAuthCode({ callback_url: "https://app.example/cb" }, callOptions as never),
        );
        expectOurs(outcome);
      }),
      settings(2000),
    );
    expect(await unhandledRejections()).toEqual([]);
  }, PROPERTY_TIMEOUT_MS);

  it("given to the standalone exchange settle the call with data or an error of ours", async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(clientOptionsArb, callOptionsArb), async (options) => {
        expectOurs(await run(() => exchangeAuthCodeForAPIKey({ code: "c" }, options as never)));
      }),
      settings(2000),
    );
    expect(await unhandledRejections()).toEqual([]);
  }, PROPERTY_TIMEOUT_MS);
});
