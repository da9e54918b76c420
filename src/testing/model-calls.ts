// The fake's model calls: POST /chat/completions (streamed or not) and GET /models, in OpenRouter's shapes, as
// openapi/openrouter-models.yaml describes them. The answer echoes the last user message, so a test knows it in
// advance; each answered call is priced by its tokens and added to the key's books.
import type { components } from "../generated/models-openapi.js";
import { sendChatCompletionRequest } from "../generated/models-request-rules.js";
import { requestProblem } from "../operations/request-rules.js";
import { bearerOf, failure, json, jsonObject } from "./answers.js";
import { CREDITS_PER_TOKEN, type createKeyStore } from "./minted-keys.js";

type ChatResult = components["schemas"]["ChatResult"];
type ChatStreamChunk = components["schemas"]["ChatStreamChunk"];
type Model = components["schemas"]["Model"];
type Message = components["schemas"]["ChatRequest"]["messages"][number];

/** The models the fake lists and answers as; a chat call without `model` gets the first. */
export const FAKE_MODELS = ["openai/gpt-4o-mini", "anthropic/claude-sonnet-4", "google/gemini-2.5-flash"] as const;

const RULES = { ...sendChatCompletionRequest, extra: {} };

/** A text's tokens, by the fake's rule: one per word (a run of characters other than white space). */
export const tokensOf = (text: string) => text.split(/\s+/).filter(Boolean).length;

/** The fake's answer to a conversation: `Echo: ` and the text of its last user message. */
export function echoOf(messages: readonly Message[]): string {
  let last = "";
  for (const message of messages) if (message.role === "user") last = message.content ?? "";
  return `Echo: ${last}`;
}

const describeModel = (id: string, created: number): Model => ({
  id,
  canonical_slug: id,
  name: `${id} (fake: echoes the last user message)`,
  created,
  context_length: 128_000,
  architecture: { input_modalities: ["text"], output_modalities: ["text"], modality: "text->text" },
  pricing: { prompt: String(CREDITS_PER_TOKEN), completion: String(CREDITS_PER_TOKEN) },
  top_provider: { is_moderated: false },
  per_request_limits: null,
  default_parameters: null,
  supported_parameters: ["max_tokens", "temperature"],
  supported_voices: null,
  links: { details: `https://openrouter.ai/${id}` },
});

const sse = (data: unknown) => `data: ${JSON.stringify(data)}\n\n`;

/** The model routes on `keys` and the fake's clock. */
export function createModelCalls(keys: ReturnType<typeof createKeyStore>, now: () => number) {
  let completions = 0;

  async function chat(request: Request): Promise<Response> {
    const key = bearerOf(request);
    if (!key) return failure(401, "No auth credentials found");
    if (!keys.isValid(key, now())) return failure(401, "User not found");
    // Refused before any answer, as OpenRouter refuses a key whose limit is reached.
    if (keys.isSpent(key, now())) return failure(402, "This key's credit limit is reached: raise the limit in its settings, or add credits");
    const body = await jsonObject(request);
    if (!body) return failure(400, "The request body must be a JSON object");
    const problem = requestProblem(RULES, body, true);
    if (problem) return failure(400, problem.message);
    const { model = FAKE_MODELS[0], messages, stream } = body as unknown as components["schemas"]["ChatRequest"];
    if (!(FAKE_MODELS as readonly string[]).includes(model)) return failure(400, `${model} is not a valid model ID; GET /models lists the fake's`);

    const text = echoOf(messages);
    const prompt = messages.reduce((sum, message) => sum + tokensOf(message.content ?? ""), 0);
    const completion = tokensOf(text);
    const usage = { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion, cost: (prompt + completion) * CREDITS_PER_TOKEN };
    keys.spend(key, usage.total_tokens, now());
    const head = { id: `gen-fake-${++completions}`, created: Math.floor(now() / 1000), model };
    if (!stream) {
      const result: ChatResult = {
        ...head,
        object: "chat.completion",
        system_fingerprint: null,
        choices: [{ index: 0, finish_reason: "stop", message: { role: "assistant", content: text } }],
        usage,
      };
      return json(200, result);
    }
    const chunk = (choices: ChatStreamChunk["choices"], more?: Partial<ChatStreamChunk>): ChatStreamChunk => ({ ...head, object: "chat.completion.chunk", choices, ...more });
    const events = [
      chunk([{ index: 0, delta: { role: "assistant", content: text }, finish_reason: null }]),
      chunk([{ index: 0, delta: {}, finish_reason: "stop" }]),
      // The usage comes last, with no choice, as OpenRouter sends it.
      chunk([], { usage }),
    ];
    const sent = `${events.map(sse).join("")}data: [DONE]\n\n`;
    return new Response(sent, { status: 200, headers: { "content-type": "text/event-stream", "cache-control": "no-store" } });
  }

  async function models(): Promise<Response> {
    const created = Math.floor(now() / 1000);
    return json(200, { data: FAKE_MODELS.map((id) => describeModel(id, created)), links: { next: null }, total_count: FAKE_MODELS.length });
  }

  return { chat, models };
}
