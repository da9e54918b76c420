import type { components } from "./generated/openapi.js";
import { InvalidRequestError } from "./errors/invalid-request-error.js";
import { isObject, type ShapeCheck } from "./response.js";
import { createTransport, type CallOptions, type OpenRouterOAuthOptions, type Transport } from "./transport.js";

export type GetCurrentKeyResponse = components["schemas"]["CurrentKeyResponse"];
/** What OpenRouter says about a key: its label, limit, spending and expiry. */
export type CurrentKey = components["schemas"]["CurrentKey"];

/** The standalone getCurrentKey's options: the key to ask about, the client options and the call options. */
export type GetCurrentKeyOptions = Omit<OpenRouterOAuthOptions, "apiKey" | "retry"> & CallOptions & { apiKey: string };

const operation = "getCurrentKey";

const NUMBERS = ["usage", "usage_daily", "usage_weekly", "usage_monthly", "byok_usage", "byok_usage_daily", "byok_usage_weekly", "byok_usage_monthly"];
const BOOLEANS = ["include_byok_in_limit", "is_free_tier", "is_management_key"];
const numberOrNull = (value: unknown) => value === null || typeof value === "number";
const stringOrNull = (value: unknown) => value === null || typeof value === "string";

// The deprecated fields (is_provisioning_key, rate_limit) are not required of an answer: OpenRouter may drop them.
const shape: ShapeCheck = (body) => {
  if (!isObject(body) || !isObject(body.data)) return "has no data object";
  const data = body.data;
  if (typeof data.label !== "string") return "has no data.label";
  for (const field of ["limit", "limit_remaining"]) if (!numberOrNull(data[field])) return `has a data.${field} that is neither a number nor null`;
  for (const field of ["limit_reset", "creator_user_id"]) if (!stringOrNull(data[field])) return `has a data.${field} that is neither a string nor null`;
  for (const field of NUMBERS) if (typeof data[field] !== "number") return `has no number data.${field}`;
  for (const field of BOOLEANS) if (typeof data[field] !== "boolean") return `has no boolean data.${field}`;
  if (data.expires_at !== undefined && !stringOrNull(data.expires_at)) return "has a data.expires_at that is neither a string nor null";
  return undefined;
};

/** GET /key through an existing transport: describes the transport's own API key. */
export async function getCurrentKeyVia(transport: Transport, options?: CallOptions): Promise<GetCurrentKeyResponse> {
  if (!transport.apiKey) {
    throw new InvalidRequestError("getCurrentKey needs the key to describe: pass apiKey.", { operation, field: "apiKey" });
  }
  return transport.send<GetCurrentKeyResponse>(operation, "/key", undefined, [], shape, options);
}

/**
 * GET /key on its own, for any key, such as the one a sign-in just returned. Takes the key, the client options
 * and the call options together. Async, so that a bad option rejects the promise instead of throwing.
 */
export const getCurrentKey = async (options: GetCurrentKeyOptions): Promise<GetCurrentKeyResponse> => {
  const { signal, timeoutMs, headers, ...clientOptions } = (options ?? {}) as GetCurrentKeyOptions;
  if ((clientOptions as { retry?: unknown }).retry !== undefined) {
    throw new InvalidRequestError("getCurrentKey: retry is not supported here; call it again instead.", { operation, field: "retry" });
  }
  return getCurrentKeyVia(createTransport(clientOptions), { signal, timeoutMs, headers });
};
