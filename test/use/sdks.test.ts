// The key at work: signed in through the browser flow against the served fake, then used by the SDKs apps call
// models with (the AI SDK's OpenRouter provider, openai, @openrouter/sdk), each for real from node_modules; and a
// workload's token through each. A revoked key and a spent one meet each SDK's own error, and GET /key's books
// agree with the calls made.
import { createOpenRouter } from "@openrouter/ai-sdk-provider";
import { OpenRouter } from "@openrouter/sdk";
import { PaymentRequiredResponseError, UnauthorizedResponseError } from "@openrouter/sdk/models/errors";
import { APICallError, generateText, streamText } from "ai";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildAuthorizationUrl, completeSignIn, createPkcePair, getCurrentKey, parseCallback, UnauthorizedResponseError as KeyRefused } from "../../src/index.js";
import { createFakeIssuer, createFakeOpenRouter, CREDITS_PER_TOKEN, FAKE_MODELS, simulateUser, type FakeOpenRouter } from "../../src/testing/index.js";
import { serveFakeOpenRouter, type ServedFakeOpenRouter } from "../../src/testing/node/index.js";
import { createWorkloadIdentity } from "../../src/workload/index.js";
import { rejectionOf } from "../support/fixtures.js";

const MODEL = FAKE_MODELS[0];
const CALLBACK = "http://127.0.0.1:9/callback"; // never loaded: simulateUser is told not to follow
const issuer = createFakeIssuer();
const policy = { id: "4b2f7d1e-8c3a-4e5f-9a6b-1c2d3e4f5a6b", issuer, subject: "repo:acme/app:ref:refs/heads/main", audience: "https://openrouter.ai" };

let fake: FakeOpenRouter;
let served: ServedFakeOpenRouter;

beforeAll(async () => {
  fake = createFakeOpenRouter({ workloadIdentity: { issuers: [issuer], policies: [policy] } });
  served = await serveFakeOpenRouter(fake);
});
afterAll(async () => {
  await served?.close();
});

/** A user signs in through the browser flow against the served fake: the key the app receives. */
async function signIn(limit?: number): Promise<string> {
  const pair = await createPkcePair();
  const auth = buildAuthorizationUrl({ callbackUrl: CALLBACK, codeChallenge: pair.code_challenge, authUrl: served.authUrl, ...(limit === undefined ? {} : { limit }) });
  const { redirectedTo } = await simulateUser(auth.url, "approve", { follow: false });
  const { key } = await completeSignIn(parseCallback(redirectedTo!, { expectedState: auth.state }), pair.code_verifier, { baseUrl: served.baseUrl });
  return key;
}

/** A text's tokens by the fake's rule: a token per word. */
const words = (text: string) => text.split(/\s+/).filter(Boolean).length;
/** The credits a one-question call costs: its prompt's tokens and its answer's, each at CREDITS_PER_TOKEN. */
const costOf = (question: string) => (words(question) + words(`Echo: ${question}`)) * CREDITS_PER_TOKEN;
const booksOf = async (apiKey: string) => (await getCurrentKey({ apiKey, baseUrl: served.baseUrl })).data;

const aiSdk = (apiKey: string, fetch?: typeof globalThis.fetch) => createOpenRouter({ apiKey, baseURL: served.baseUrl, ...(fetch ? { fetch } : {}) });
const openai = (apiKey: string, fetch?: typeof globalThis.fetch) => new OpenAI({ apiKey, baseURL: served.baseUrl, maxRetries: 0, ...(fetch ? { fetch } : {}) });
const official = (apiKey: string) => new OpenRouter({ apiKey, serverURL: served.baseUrl, retryConfig: { strategy: "none" } });

type Sent = Awaited<ReturnType<OpenRouter["chat"]["send"]>>;
/** The official SDK's answer as a completion: it types chat.send's answer as a completion or a stream. */
function completion(sent: Sent) {
  if (!("choices" in sent)) throw new Error("expected a completion, not a stream");
  return sent;
}
/** The official SDK's answer as a stream. */
function stream(sent: Sent) {
  if ("choices" in sent) throw new Error("expected a stream, not a completion");
  return sent;
}

async function streamedText(result: { textStream: AsyncIterable<string> }) {
  let text = "";
  for await (const part of result.textStream) text += part;
  return text;
}

describe("a signed-in user's key, in each SDK, against the served fake", () => {
  it("answers generateText and streamText through the AI SDK's OpenRouter provider with the echo", async () => {
    const key = await signIn();
    const model = aiSdk(key).chat(MODEL);
    const { text, usage } = await generateText({ model, prompt: "hello from the AI SDK", maxRetries: 0 });
    expect(text).toBe("Echo: hello from the AI SDK");
    expect(usage.inputTokens).toBe(words("hello from the AI SDK"));
    expect(usage.outputTokens).toBe(words("Echo: hello from the AI SDK"));
    expect(await streamedText(streamText({ model, prompt: "streamed words", maxRetries: 0 }))).toBe("Echo: streamed words");
  });

  it("answers openai's chat.completions.create, streaming and not, with the echo", async () => {
    const client = openai(await signIn());
    const messages = [{ role: "user" as const, content: "hello from openai" }];
    const completion = await client.chat.completions.create({ model: MODEL, messages });
    expect(completion.choices[0]!.message.content).toBe("Echo: hello from openai");
    expect(completion.usage).toMatchObject({ prompt_tokens: 3, completion_tokens: 4, total_tokens: 7 });
    let streamed = "";
    for await (const chunk of await client.chat.completions.create({ model: MODEL, messages, stream: true })) streamed += chunk.choices[0]?.delta.content ?? "";
    expect(streamed).toBe("Echo: hello from openai");
    // Two answered calls, each at the same price.
    expect((await booksOf(client.apiKey)).usage).toBe(2 * costOf("hello from openai"));
  });

  it("answers the official SDK's chat.send, streaming and not, with the echo", async () => {
    const client = official(await signIn());
    const messages = [{ role: "user" as const, content: "hello from the SDK" }];
    const result = await client.chat.send({ chatRequest: { model: MODEL, messages } });
    expect(completion(result).choices[0]!.message.content).toBe("Echo: hello from the SDK");
    let streamed = "";
    for await (const chunk of stream(await client.chat.send({ chatRequest: { model: MODEL, messages, stream: true } }))) streamed += chunk.choices[0]?.delta.content ?? "";
    expect(streamed).toBe("Echo: hello from the SDK");
    const listed = await client.models.list();
    expect(listed.result.data.map((model) => model.id)).toEqual([...FAKE_MODELS]);
  });
});

describe("a workload's token, in each SDK", () => {
  const workload = () =>
    createWorkloadIdentity({
      federationPolicyId: policy.id,
      subjectToken: () => issuer.sign({ sub: policy.subject, aud: policy.audience }),
      baseUrl: served.baseUrl,
    });

  it("reaches the AI SDK through wi.fetch, given a placeholder key", async () => {
    const wi = workload();
    const { text } = await generateText({ model: aiSdk("placeholder", wi.fetch).chat(MODEL), prompt: "from a workload", maxRetries: 0 });
    expect(text).toBe("Echo: from a workload");
  });

  it("reaches openai as its apiKey function, and the official SDK as its apiKey", async () => {
    const wi = workload();
    const viaOpenAI = await new OpenAI({ apiKey: wi.getAccessToken, baseURL: served.baseUrl, maxRetries: 0 }).chat.completions.create({
      model: MODEL,
      messages: [{ role: "user", content: "openai workload" }],
    });
    expect(viaOpenAI.choices[0]!.message.content).toBe("Echo: openai workload");
    const viaOfficial = await new OpenRouter({ apiKey: wi.getAccessToken, serverURL: served.baseUrl }).chat.send({
      chatRequest: { model: MODEL, messages: [{ role: "user", content: "sdk workload" }] },
    });
    expect(completion(viaOfficial).choices[0]!.message.content).toBe("Echo: sdk workload");
  });

  it("replaces an Authorization a client set with the token, so a placeholder key is never sent", async () => {
    const seen: (string | null)[] = [];
    const watched = { fetch: (request: Request) => (seen.push(request.headers.get("authorization")), fake.fetch(request)) };
    const watching = await serveFakeOpenRouter(watched);
    try {
      const client = createWorkloadIdentity({ federationPolicyId: policy.id, subjectToken: () => issuer.sign({ sub: policy.subject, aud: policy.audience }), baseUrl: watching.baseUrl });
      await generateText({ model: createOpenRouter({ apiKey: "placeholder", baseURL: watching.baseUrl, fetch: client.fetch }).chat(MODEL), prompt: "hi", maxRetries: 0 });
      const token = await client.getAccessToken();
      expect(seen.at(-1)).toBe(`Bearer ${token}`);
      expect(seen).not.toContain("Bearer placeholder");
    } finally {
      await watching.close();
    }
  });
});

describe("a revoked key and a spent key", () => {
  it("meets each SDK's own 401 error once revoked, and GET /key refuses it too", async () => {
    const key = await signIn();
    fake.revokeKey(key);
    const fromAi = await rejectionOf(generateText({ model: aiSdk(key).chat(MODEL), prompt: "hi", maxRetries: 0 }));
    expect(APICallError.isInstance(fromAi)).toBe(true);
    expect((fromAi as APICallError).statusCode).toBe(401);
    const fromOpenAI = await rejectionOf(openai(key).chat.completions.create({ model: MODEL, messages: [{ role: "user", content: "hi" }] }));
    expect(fromOpenAI).toBeInstanceOf(OpenAI.AuthenticationError);
    expect((fromOpenAI as InstanceType<typeof OpenAI.AuthenticationError>).status).toBe(401);
    const fromOfficial = await rejectionOf(official(key).chat.send({ chatRequest: { model: MODEL, messages: [{ role: "user", content: "hi" }] } }));
    expect(fromOfficial).toBeInstanceOf(UnauthorizedResponseError);
    expect((fromOfficial as UnauthorizedResponseError).error.code).toBe(401);
    expect(await rejectionOf(booksOf(key))).toBeInstanceOf(KeyRefused);
    // The books still list it, revoked, with nothing spent.
    expect(fake.keys().filter((books) => books.revoked)).toEqual([expect.objectContaining({ kind: "minted", usage: 0, requests: 0 })]);
  });

  it("is answered once, then meets each SDK's own 402 error, with GET /key's books matching the calls", async () => {
    // The first call costs more than the limit; the key is refused on the next.
    const limit = CREDITS_PER_TOKEN;
    const keys = [await signIn(limit), await signIn(limit), await signIn(limit)];
    const question = "spend it";
    await generateText({ model: aiSdk(keys[0]!).chat(MODEL), prompt: question, maxRetries: 0 });
    await openai(keys[1]!).chat.completions.create({ model: MODEL, messages: [{ role: "user", content: question }] });
    await official(keys[2]!).chat.send({ chatRequest: { model: MODEL, messages: [{ role: "user", content: question }] } });

    const fromAi = await rejectionOf(generateText({ model: aiSdk(keys[0]!).chat(MODEL), prompt: question, maxRetries: 0 }));
    expect(APICallError.isInstance(fromAi)).toBe(true);
    expect((fromAi as APICallError).statusCode).toBe(402);
    const fromOpenAI = await rejectionOf(openai(keys[1]!).chat.completions.create({ model: MODEL, messages: [{ role: "user", content: question }] }));
    expect(fromOpenAI).toBeInstanceOf(OpenAI.APIError);
    expect((fromOpenAI as InstanceType<typeof OpenAI.APIError>).status).toBe(402);
    const fromOfficial = await rejectionOf(official(keys[2]!).chat.send({ chatRequest: { model: MODEL, messages: [{ role: "user", content: question }] } }));
    expect(fromOfficial).toBeInstanceOf(PaymentRequiredResponseError);
    expect((fromOfficial as PaymentRequiredResponseError).error.code).toBe(402);

    for (const key of keys) {
      const books = await booksOf(key);
      expect(books.usage).toBe(costOf(question));
      expect(books.usage_daily).toBe(costOf(question));
      expect(books.usage_weekly).toBe(costOf(question));
      expect(books.usage_monthly).toBe(costOf(question));
      expect(books.limit).toBe(limit);
      expect(books.limit_remaining).toBe(0);
      const listed = fake.keys().find((entry) => entry.label === books.label)!;
      expect(listed).toMatchObject({ kind: "minted", limit, usage: costOf(question), requests: 1, revoked: false });
    }
  });
});
