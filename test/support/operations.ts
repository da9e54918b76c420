// The operations, and every way a user calls each: the one fixture through which the tests call them, so that a
// scenario run against each operation (or each caller) covers them all.
import {
  createOpenRouterOAuth,
  exchangeAuthCodeForAPIKey,
  getCurrentKey,
  type CallOptions,
  type OpenRouterOAuthOptions,
} from "../../src/index.js";
import { CLIENT_OPTIONS, CREATE_INPUT, EXCHANGE_INPUT } from "./fixtures.js";

/** One way a user calls an operation: given the client options, it makes the call. */
export interface Caller {
  name: string;
  call(clientOptions: OpenRouterOAuthOptions, options?: CallOptions): Promise<unknown>;
}

export interface OperationUnderTest {
  operation: "exchangeAuthCodeForAPIKey" | "createAuthCode" | "getCurrentKey";
  /** Its operationId in the spec. */
  operationId: "exchangeAuthCodeForAPIKey" | "createAuthKeysCode" | "getCurrentKey";
  path: "/auth/keys" | "/auth/keys/code" | "/key";
  /** The JSON body it sends; none for a GET. */
  input: object | undefined;
  /** Every way a user calls it: the client's method first, then the standalone function where there is one. */
  callers: Caller[];
  /** The client's method, with the fixtures' client options unless others are given. */
  call(options?: CallOptions, clientOptions?: OpenRouterOAuthOptions): Promise<unknown>;
}

function operationUnderTest(operation: Omit<OperationUnderTest, "call">): OperationUnderTest {
  return { ...operation, call: (options, clientOptions = CLIENT_OPTIONS) => operation.callers[0]!.call(clientOptions, options) };
}

export const EXCHANGE = operationUnderTest({
  operation: "exchangeAuthCodeForAPIKey",
  operationId: "exchangeAuthCodeForAPIKey",
  path: "/auth/keys",
  input: EXCHANGE_INPUT,
  callers: [
    {
      name: "createOpenRouterOAuth(...).exchangeAuthCodeForAPIKey",
      call: (clientOptions, options) => createOpenRouterOAuth(clientOptions).exchangeAuthCodeForAPIKey(EXCHANGE_INPUT, options),
    },
    { name: "the standalone exchangeAuthCodeForAPIKey", call: (clientOptions, options) => exchangeAuthCodeForAPIKey(EXCHANGE_INPUT, { ...clientOptions, ...options }) },
  ],
});

export const CREATE_AUTH_CODE = operationUnderTest({
  operation: "createAuthCode",
  operationId: "createAuthKeysCode",
  path: "/auth/keys/code",
  input: CREATE_INPUT,
  callers: [
    { name: "createOpenRouterOAuth(...).createAuthCode", call: (clientOptions, options) => createOpenRouterOAuth(clientOptions).createAuthCode(CREATE_INPUT, options) },
  ],
});

export const GET_CURRENT_KEY = operationUnderTest({
  operation: "getCurrentKey",
  operationId: "getCurrentKey",
  path: "/key",
  input: undefined,
  callers: [
    { name: "createOpenRouterOAuth(...).getCurrentKey", call: (clientOptions, options) => createOpenRouterOAuth(clientOptions).getCurrentKey(options) },
    { name: "the standalone getCurrentKey", call: (clientOptions, options) => getCurrentKey({ ...clientOptions, ...options, apiKey: clientOptions.apiKey! }) },
  ],
});

/** For `describe.each`: the two OAuth operations, each under its own name. */
export const BOTH = [EXCHANGE, CREATE_AUTH_CODE].map((op) => [op.operation, op] as const);
/** For `describe.each`: every operation, GET /key included. */
export const EVERY = [EXCHANGE, CREATE_AUTH_CODE, GET_CURRENT_KEY].map((op) => [op.operation, op] as const);
/** Each operation by its operationId in the spec. */
export const BY_OPERATION_ID = Object.fromEntries(EVERY.map(([, op]) => [op.operationId, op])) as Record<OperationUnderTest["operationId"], OperationUnderTest>;
