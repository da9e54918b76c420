// An operation described once, as data (its row), and the one function that sends any row through openapi-fetch's
// typed client. Each row lives in its own file, so that a bundle carries only the rows it calls: the exchange
// alone carries no other operation's rules, shapes, error classes or retries.
import createClient, { type Client } from "openapi-fetch";
import { InvalidRequestError } from "../errors/invalid-request-error.js";
import type { Operation } from "../errors/openrouter-oauth-error.js";
import type { paths } from "../generated/openapi.js";
import { CALL_OPTIONS, checkCallOptions, checkClientOptions, CLIENT_OPTIONS, refuseUnknownOptions, type CallOptions, type OpenRouterOAuthOptions, type Settings } from "../transport/options.js";
import { startCall, type FetchLike } from "../transport/bounded-fetch.js";
import { checkedData, errorFromResponse, type ErrorBodyReader, type Hint } from "../transport/response.js";
import type { Check, ShapeProblem } from "../checks/check.js";
import type { RetriedCallOptions, RetryOptions, RetryPolicy } from "../transport/retry.js";
import { checkRequest, type RequestRules } from "./request-rules.js";

/** Why an operation is never retried: a call that asks for retries is refused with it. */
export interface NeverRetried {
  never: string;
  classes?: undefined;
}

/** One operation: what it sends, how it checks what comes back, and what it says. `Req` is what the caller gives. */
export interface Row<Req, Res, Retry extends RetryPolicy | NeverRetried = RetryPolicy | NeverRetried> {
  name: Operation;
  method: "GET" | "POST";
  path: keyof paths;
  /** The rules of the caller's request; none for an operation without a body. */
  rules?: RequestRules;
  /** What the caller's request becomes before its rules are checked. */
  prepare?: (request: Req) => unknown;
  /** Fields the operation fills in itself, under the caller's. */
  fill?: object;
  /** How the body is encoded, when not as JSON (openapi-fetch's default), and the headers that say so. */
  bodySerializer?: (body: Record<string, string>) => string;
  headers?: Record<string, string>;
  /** The request's fields that are secrets: masked in any error. */
  secrets: readonly string[];
  /** Whether the client's API key goes with it: never, always (`noKey` is said without one), or when it has one. */
  auth: "none" | "apiKey" | "optional";
  noKey?: string;
  /** The spec's shape, then the operation's own checks, which may read the body as that shape. */
  shape: Check<ShapeProblem, any>;
  /** How to read error bodies of the operation's own shape, when they are not OpenRouter's usual one. */
  readError?: ErrorBodyReader;
  /** What to do after an error status. */
  hint: Hint;
  /** Its retry policy, or why it is never retried. */
  retry: Retry;
  /** Said when a call failed after its request may have reached the server. */
  ifSent?: string;
  /** What a 2xx whose body breaks the spec may have done all the same. */
  outcome: string;
  /** What the checked data becomes before it is returned. */
  result?: (data: Res) => Res;
}

/** Where a call goes: the typed client, its checked settings, and the client's retries when it has any. */
export interface Via {
  client: Client<paths>;
  settings: Settings;
  retry?: Required<RetryOptions> | undefined;
}

/**
 * The typed openapi-fetch client every row is sent through. Redirects are answers, never followed. Each call hands
 * openapi-fetch its own bounded fetch; `directFetch` serves what is called on the client directly
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

/** openapi-fetch's `client.request`, for any row's method and path. */
type AnyRequest = (method: string, path: string, init: object) => Promise<{ data?: unknown; error?: unknown; response: Response }>;

/**
 * Sends `row` with `request` (checked first: nothing is sent for a request that breaks its rules) and the call's
 * options, retried as its row and the retries asked for say. Returns the data, or throws our error: the status's
 * class, a ResponseValidationError for a 2xx that breaks the spec, or the timeout, abort or connection failure; an
 * error thrown by the app's middleware is rethrown as it is.
 */
export async function perform<Req, Res>(row: Row<Req, Res>, { client, settings, retry: clientRetry }: Via, request: Req, options: RetriedCallOptions | null | undefined): Promise<Res> {
  const { name: operation, rules, auth, retry, shape, outcome } = row;
  const never = "never" in retry;
  if (never && options?.retry !== undefined) {
    throw new InvalidRequestError(`${operation}: retry is refused, since ${retry.never}.`, { operation, field: "retry" });
  }
  const body: Record<string, string> | undefined = rules && { ...row.fill, ...checkRequest(operation, rules, row.prepare?.(request) ?? request) };
  const { apiKey } = settings;
  if (auth === "apiKey" && !apiKey) throw new InvalidRequestError(row.noKey!, { operation, field: "apiKey" });
  const secrets = [apiKey, ...row.secrets.map((field) => body?.[field])];
  const ownHeaders = {
    ...row.headers,
    // "none": no API key goes with it, whatever the client's headers say.
    authorization: auth === "none" ? null : apiKey ? `Bearer ${apiKey}` : undefined,
  };
  const attempt = async (callOptions: CallOptions | null | undefined) => {
    const checked = checkCallOptions(operation, callOptions, settings);
    const call = startCall({ ...checked, fetch: settings.fetch, operation, ifSent: row.ifSent, secrets });
    try {
      const { data, error, response } = await (client.request as AnyRequest)(row.method, row.path, {
        body,
        bodySerializer: row.bodySerializer,
        signal: call.signal,
        fetch: call.fetch,
        headers: { ...checked.headers, ...ownHeaders },
      });
      if (!response.ok) throw errorFromResponse(operation, response, error, secrets, row.hint, row.readError, retry.classes);
      // A response made by a middleware never went through the call's fetch.
      const received = call.received ?? { status: response.status, contentType: response.headers.get("content-type"), text: "", cut: false };
      return checkedData<Res>(operation, outcome, received, { data }, shape);
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
  };
  const data = never ? await attempt(options) : await retry.send(operation, options, clientRetry, settings.timeoutMs, attempt);
  return row.result?.(data) ?? data;
}

/**
 * Sends `row` on its own, with the client options and the call options in one object (each check reads its own;
 * a retry among them is a call option). Async, so that a bad option rejects the promise instead of throwing.
 */
export async function performAlone<Req, Res>(row: Row<Req, Res>, request: Req, options: (OpenRouterOAuthOptions & RetriedCallOptions) | null | undefined): Promise<Res> {
  refuseUnknownOptions(options, { ...CLIENT_OPTIONS, ...CALL_OPTIONS }, row.name, row.name);
  // The client's checks, app categories included; a key given to an operation that sends none is only masked.
  const settings = checkClientOptions(options, row.name);
  return perform(row, { client: createTypedClient(settings), settings }, request, options);
}
