// Asking a model with the signed-in user's key, through the AI SDK and its OpenRouter provider, as the browser and
// server examples do: the answer as it streams, and what a refusal means to the user.
import { createOpenRouter } from "@openrouter/ai-sdk-provider";
import { APICallError, streamText } from "ai";

/** The model the example asks. */
export const MODEL = "openai/gpt-4o-mini";

/** The answer to `question`, piece by piece, asked with `key` of the OpenRouter at `baseURL`; throws what stopped it. */
export async function* askModel(question: string, key: string, baseURL: string): AsyncIterable<string> {
  const openrouter = createOpenRouter({ apiKey: key, baseURL });
  // The error comes as the stream's error part, thrown below; onError only keeps the AI SDK from logging it too.
  const result = streamText({ model: openrouter(MODEL), prompt: question, onError: () => {} });
  for await (const part of result.fullStream) {
    if (part.type === "text-delta") yield part.text;
    if (part.type === "error") throw part.error;
  }
}

/** What a failed question tells the user, in one sentence: 401 and 402 need them, not a retry. */
export function askProblem(error: unknown): string {
  const status = APICallError.isInstance(error) ? error.statusCode : undefined;
  if (status === 401) return "OpenRouter no longer accepts your key, so sign in again to get a new one.";
  if (status === 402) return "Your key has spent what it may, so raise its limit or add credits on OpenRouter.";
  return "The model could not answer, so please try again.";
}
