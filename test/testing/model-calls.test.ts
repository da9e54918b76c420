// The fake's model calls in-process, on a clock the test moves: the echo and its usage, held to the shapes
// generated from openapi/openrouter-models.yaml; who may call; 402 once a limit is spent (and again after a daily
// reset); revokeKey; and the books of GET /key and fake.keys().
import { describe, expect, it } from "vitest";
import { getModels_response, sendChatCompletionRequest_event, sendChatCompletionRequest_response } from "../../src/generated/models-response-shapes.js";
import { getCurrentKey, InvalidRequestError, type CurrentKey } from "../../src/index.js";
import { createFakeOpenRouter, CREDITS_PER_TOKEN, FAKE_APP_API_KEY, FAKE_MODELS } from "../../src/testing/index.js";
import { thrownBy } from "../support/fixtures.js";

const ORIGIN = "https://openrouter.ai";
const DAY_MS = 86_400_000;

function fakeWithClock() {
  const clock = { now: Date.UTC(2030, 0, 1, 12) }; // a Tuesday, noon UTC
  const fake = createFakeOpenRouter({ now: () => clock.now });
  return { fake, clock };
}

const chat = (fake: ReturnType<typeof createFakeOpenRouter>, key: string | undefined, body: unknown) =>
  fake.fetch(`${ORIGIN}/api/v1/chat/completions`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(key === undefined ? {} : { authorization: `Bearer ${key}` }) },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
const ask = (text: string, more: Record<string, unknown> = {}) => ({ model: FAKE_MODELS[1], messages: [{ role: "system", content: "be brief" }, { role: "user", content: text }], ...more });
const books = async (fake: ReturnType<typeof createFakeOpenRouter>, apiKey: string): Promise<CurrentKey> => (await getCurrentKey({ apiKey, fetch: fake.fetch })).data;

describe("the fake's POST /chat/completions", () => {
  it("echoes the last user message, with a token per word, in the generated shape", async () => {
    const { fake } = fakeWithClock();
    const response = await chat(fake, FAKE_APP_API_KEY, { messages: [{ role: "user", content: "first" }, { role: "assistant", content: "Echo: first" }, { role: "user", content: "second  question" }] });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(sendChatCompletionRequest_response(body)).toBeUndefined();
    expect(body.model).toBe(FAKE_MODELS[0]); // the first model when none is named
    expect(body.choices[0].message).toEqual({ role: "assistant", content: "Echo: second  question" });
    // Prompt: 1 + 2 + 2 words; answer: 3.
    expect(body.usage).toEqual({ prompt_tokens: 5, completion_tokens: 3, total_tokens: 8, cost: 8 * CREDITS_PER_TOKEN });
  });

  it("streams server-sent events in the generated shape, ending in data: [DONE], the usage last", async () => {
    const { fake } = fakeWithClock();
    const response = await chat(fake, FAKE_APP_API_KEY, ask("stream this", { stream: true }));
    expect(response.headers.get("content-type")).toBe("text/event-stream");
    const events = (await response.text()).split("\n\n").filter(Boolean).map((event) => event.replace(/^data: /, ""));
    expect(events.at(-1)).toBe("[DONE]");
    const chunks = events.slice(0, -1).map((data) => JSON.parse(data));
    for (const chunk of chunks) expect(sendChatCompletionRequest_event(chunk)).toBeUndefined();
    expect(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? "").join("")).toBe("Echo: stream this");
    expect(chunks.at(-1).usage.total_tokens).toBe(2 + 2 + 3);
  });

  it("answers 401 in OpenRouter's shape to no bearer and to a key it does not know", async () => {
    const { fake } = fakeWithClock();
    for (const key of [undefined, "sk-or-v1-unknown"]) {
      const response = await chat(fake, key, ask("hi"));
      expect(response.status).toBe(401);
      expect((await response.json()).error.code).toBe(401);
    }
  });

  it("answers 400 to a body its generated rules refuse, and to a model it does not list, charging nothing", async () => {
    const { fake } = fakeWithClock();
    for (const body of ["{", { messages: "hi" }, { messages: [{ content: "no role" }] }, { model: "nobody/none", messages: [] }, { messages: [], stream: "yes" }]) {
      const response = await chat(fake, FAKE_APP_API_KEY, body);
      expect(response.status).toBe(400);
      expect((await response.json()).error.code).toBe(400);
    }
    expect((await books(fake, FAKE_APP_API_KEY)).usage).toBe(0);
  });

  it("answers 405 to another method, and a preflight with 204", async () => {
    const { fake } = fakeWithClock();
    expect((await fake.fetch(`${ORIGIN}/api/v1/chat/completions`)).status).toBe(405);
    const preflight = await fake.fetch(`${ORIGIN}/api/v1/chat/completions`, { method: "OPTIONS" });
    expect(preflight.status).toBe(204);
  });
});

describe("the fake's GET /models", () => {
  it("lists its models in the generated shape, priced per token", async () => {
    const { fake } = fakeWithClock();
    const body = await (await fake.fetch(`${ORIGIN}/api/v1/models`)).json();
    expect(getModels_response(body)).toBeUndefined();
    expect(body.data.map((model: { id: string }) => model.id)).toEqual([...FAKE_MODELS]);
    expect(body.data[0].pricing).toEqual({ prompt: String(CREDITS_PER_TOKEN), completion: String(CREDITS_PER_TOKEN) });
  });
});

describe("the fake's books", () => {
  it("moves usage, its periods and limit_remaining, and refuses with 402 once the limit is reached", async () => {
    const { fake, clock } = fakeWithClock();
    // An app key has no limit; its usage periods start over at UTC midnight, Monday and the 1st.
    await chat(fake, FAKE_APP_API_KEY, ask("one two")); // prompt 2 + 2, answer 3: 7 tokens
    clock.now += DAY_MS; // Wednesday
    await chat(fake, FAKE_APP_API_KEY, ask("three")); // prompt 2 + 1, answer 2: 5 tokens
    const app = await books(fake, FAKE_APP_API_KEY);
    expect(app).toMatchObject({ usage: 12 * CREDITS_PER_TOKEN, usage_daily: 5 * CREDITS_PER_TOKEN, usage_weekly: 12 * CREDITS_PER_TOKEN, usage_monthly: 12 * CREDITS_PER_TOKEN, limit_remaining: null });
    clock.now += 5 * DAY_MS; // the next Monday
    expect(await books(fake, FAKE_APP_API_KEY)).toMatchObject({ usage: 12 * CREDITS_PER_TOKEN, usage_daily: 0, usage_weekly: 0, usage_monthly: 12 * CREDITS_PER_TOKEN });
    expect(fake.keys()).toEqual([{ label: app.label, kind: "app", limit: null, usage: 12 * CREDITS_PER_TOKEN, requests: 2, revoked: false }]);
  });

  it("refuses a key whose limit is spent with 402 before any answer, and again until a daily limit starts over", async () => {
    const { fake, clock } = fakeWithClock();
    // An app mints a key with a daily limit of 10 tokens' worth.
    const { key } = await mintWithLimit(fake, 10 * CREDITS_PER_TOKEN, "daily");
    expect((await chat(fake, key, ask("spend"))).status).toBe(200); // 5 tokens: 5 remain
    expect((await books(fake, key)).limit_remaining).toBeCloseTo(5 * CREDITS_PER_TOKEN, 12);
    expect((await chat(fake, key, ask("more"))).status).toBe(200); // 10 tokens: spent
    const refused = await chat(fake, key, ask("again"));
    expect(refused.status).toBe(402);
    expect((await refused.json()).error.code).toBe(402);
    expect((await books(fake, key)).limit_remaining).toBe(0);
    clock.now += DAY_MS;
    expect((await chat(fake, key, ask("tomorrow"))).status).toBe(200);
    expect(fake.keys().find((entry) => entry.kind === "minted")).toMatchObject({ requests: 3, usage: 15 * CREDITS_PER_TOKEN });
  });

  it("revokeKey: the key gets 401 everywhere, stays in the books, and an unknown key is an InvalidRequestError", async () => {
    const { fake } = fakeWithClock();
    fake.revokeKey(FAKE_APP_API_KEY);
    expect((await chat(fake, FAKE_APP_API_KEY, ask("hi"))).status).toBe(401);
    expect((await fake.fetch(`${ORIGIN}/api/v1/key`, { headers: { authorization: `Bearer ${FAKE_APP_API_KEY}` } })).status).toBe(401);
    const code = await fake.fetch(`${ORIGIN}/api/v1/auth/keys/code`, {
      method: "POST",
      headers: { authorization: `Bearer ${FAKE_APP_API_KEY}`, "content-type": "application/json" },
      body: JSON.stringify({ callback_url: "https://app.example/cb" }),
    });
    expect(code.status).toBe(401);
    expect(fake.keys()[0]).toMatchObject({ kind: "app", revoked: true });
    expect(thrownBy(() => fake.revokeKey("sk-or-v1-never-minted"), InvalidRequestError).field).toBe("key");
    expect(thrownBy(() => fake.revokeKey(42 as never), InvalidRequestError).field).toBe("key");
  });
});

/** A key minted through createAuthCode with a limit and its reset. */
async function mintWithLimit(fake: ReturnType<typeof createFakeOpenRouter>, limit: number, reset: string) {
  const post = (path: string, body: unknown, key?: string) =>
    fake.fetch(`${ORIGIN}/api/v1${path}`, { method: "POST", headers: { "content-type": "application/json", ...(key ? { authorization: `Bearer ${key}` } : {}) }, body: JSON.stringify(body) });
  const code = (await (await post("/auth/keys/code", { callback_url: "https://app.example/cb", limit, usage_limit_type: reset }, FAKE_APP_API_KEY)).json()).data.id;
  return (await (await post("/auth/keys", { code })).json()) as { key: string };
}
