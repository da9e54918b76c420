// The thin wrapper around openapi-fetch: one call through the typed client, and what openapi-fetch returns
// ({ data, error, response }) turned into the data, or into our error for its status, in one place.
import createClient, { type Client } from "openapi-fetch";
import { startCall, type FetchLike } from "./bounded-fetch.js";
import type { Operation } from "../errors/openrouter-oauth-error.js";
import type { paths } from "../generated/openapi.js";
import { checkCallOptions, type CallOptions, type Settings } from "./options.js";
import { checkedData, errorFromResponse, type ErrorBodyReader, type Hint, type StatusClasses } from "./response.js";
import type { Check, ShapeProblem } from "../checks/check.js";

/**
 * The typed openapi-fetch client every operation is sent through. Redirects are answers, never followed. Each
 * operation hands its call its own bounded fetch; `directFetch` serves what is called on the client directly
 * (createOpenRouterOAuth gives `boundedFetch`, as its client is the user's too).
 */
export function createTypedClient(settings: Settings, directFetch?: FetchLike): Client<paths> {
  return createClient<paths>({
    baseUrl: settings.baseUrl,
    headers: settings.headers,
    fetch: directFetch,
    // The bodies carry a code, a verifier or a key: they go to baseUrl and nowhere else.
    redirect: "manual",
  });
}

/** What each call hands openapi-fetch: the call's signal and bounded fetch, and its headers. */
export interface SendInit {
  signal: AbortSignal;
  fetch: FetchLike;
  headers: Record<string, string>;
}

/** What the call of one operation needs besides its request. */
export interface Sending {
  operation: Operation;
  settings: Settings;
  options: CallOptions | null | undefined;
  /** What the request carries that must never be printed: they are masked in any error. */
  secrets: (string | undefined)[];
  /** The check of a 2xx body. */
  shape: Check<ShapeProblem, any>;
  /** What to do after an error status. */
  hint: Hint;
  /** How to read error bodies of the operation's own shape, when they are not OpenRouter's usual one. */
  readError?: ErrorBodyReader;
  /** Classes for statuses beyond the shared ones (RETRY_CLASSES, for the operations that retry). */
  classes?: StatusClasses;
  /** Said when the call failed after its request may have reached the server. */
  ifSent?: string;
  /** What a 2xx whose body breaks the spec may have done all the same. */
  outcome: string;
}

/**
 * Sends one call with `post` (a call of the typed client) and returns its data, or throws our error: the status's
 * class, a ResponseValidationError for a 2xx that breaks the spec, or the timeout, abort or connection failure;
 * an error thrown by the app's middleware is rethrown as it is.
 */
export async function send<Data>(
  { operation, settings, options, secrets, shape, hint, readError, classes, ifSent, outcome }: Sending,
  post: (init: SendInit) => Promise<{ data?: Data; error?: unknown; response: Response }>,
): Promise<Data> {
  const { signal, timeoutMs, headers } = checkCallOptions(operation, options, settings);
  const known = [settings.apiKey, ...secrets];
  const call = startCall({ fetch: settings.fetch, operation, timeoutMs, signal, ifSent, secrets: known });
  try {
    const { data, error, response } = await post({ signal: call.signal, fetch: call.fetch, headers });
    if (!response.ok) throw errorFromResponse(operation, response, error, known, hint, readError, classes);
    // A response made by a middleware never went through the call's fetch.
    const received = call.received ?? { status: response.status, contentType: response.headers.get("content-type"), text: "", cut: false };
    return checkedData<Data>(operation, outcome, received, { data }, shape);
  } catch (cause) {
    // openapi-fetch parses a 2xx body itself: a body that is not JSON surfaces here as its SyntaxError.
    const { received } = call;
    if (cause instanceof SyntaxError && received && received.status >= 200 && received.status < 300) {
      throw checkedData(operation, outcome, received, undefined, shape);
    }
    // The call's fetch makes every failure of its own one of our errors; anything else was thrown by the app's
    // own middleware (oauth.client.use), and reaches the app unchanged.
    throw cause;
  } finally {
    call.end();
  }
}
