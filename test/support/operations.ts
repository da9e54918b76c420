// The operations, and every way a user calls each: the one fixture through which the tests call them, so that a
// scenario run against each operation (or each caller) covers them all.
import {
  createOauthToken,
  createOpenRouterOAuth,
  exchangeAuthCodeForAPIKey,
  getCurrentKey,
  listOauthJwks,
  type CallOptions,
  type OpenRouterOAuthOptions,
} from "../../src/index.js";
import { CLIENT_OPTIONS, CREATE_INPUT, EXCHANGE_INPUT, OAUTH_TOKEN_FORM, OAUTH_TOKEN_INPUT } from "./fixtures.js";

/** One way a user calls an operation: given the client options, it makes the call. */
export interface Caller {
  name: string;
  call(clientOptions: OpenRouterOAuthOptions, options?: CallOptions): Promise<unknown>;
}

export interface OperationUnderTest {
  operation: "exchangeAuthCodeForAPIKey" | "createAuthCode" | "getCurrentKey" | "createOauthToken" | "listOauthJwks";
  /** Its operationId in the spec. */
  operationId: "exchangeAuthCodeForAPIKey" | "createAuthKeysCode" | "getCurrentKey" | "createOauthToken" | "listOauthJwks";
  path: "/auth/keys" | "/auth/keys/code" | "/key" | "/oauth/token" | "/oauth/jwks";
  /** The body it sends (a form's fields as an object); none for a GET. */
  input: object | undefined;
  /** How the body goes: JSON unless said. */
  form?: true;
  /** Whether the client's apiKey goes with it as a bearer token. */
  sendsApiKey: boolean;
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
  sendsApiKey: false,
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
  sendsApiKey: true,
  callers: [
    { name: "createOpenRouterOAuth(...).createAuthCode", call: (clientOptions, options) => createOpenRouterOAuth(clientOptions).createAuthCode(CREATE_INPUT, options) },
  ],
});

export const GET_CURRENT_KEY = operationUnderTest({
  operation: "getCurrentKey",
  operationId: "getCurrentKey",
  path: "/key",
  input: undefined,
  sendsApiKey: true,
  callers: [
    { name: "createOpenRouterOAuth(...).getCurrentKey", call: (clientOptions, options) => createOpenRouterOAuth(clientOptions).getCurrentKey(options) },
    { name: "the standalone getCurrentKey", call: (clientOptions, options) => getCurrentKey({ ...clientOptions, ...options, apiKey: clientOptions.apiKey! }) },
  ],
});

export const CREATE_OAUTH_TOKEN = operationUnderTest({
  operation: "createOauthToken",
  operationId: "createOauthToken",
  path: "/oauth/token",
  input: OAUTH_TOKEN_FORM,
  form: true,
  sendsApiKey: false,
  callers: [
    {
      name: "createOpenRouterOAuth(...).createOauthToken",
      call: (clientOptions, options) => createOpenRouterOAuth(clientOptions).createOauthToken(OAUTH_TOKEN_INPUT, options),
    },
    { name: "the standalone createOauthToken", call: (clientOptions, options) => createOauthToken(OAUTH_TOKEN_INPUT, { ...clientOptions, ...options }) },
  ],
});

export const LIST_OAUTH_JWKS = operationUnderTest({
  operation: "listOauthJwks",
  operationId: "listOauthJwks",
  path: "/oauth/jwks",
  input: undefined,
  sendsApiKey: true,
  callers: [
    { name: "createOpenRouterOAuth(...).listOauthJwks", call: (clientOptions, options) => createOpenRouterOAuth(clientOptions).listOauthJwks(options) },
    { name: "the standalone listOauthJwks", call: (clientOptions, options) => listOauthJwks({ ...clientOptions, ...options }) },
  ],
});

/** For `describe.each`: the two OAuth operations, each under its own name. */
export const BOTH = [EXCHANGE, CREATE_AUTH_CODE].map((op) => [op.operation, op] as const);
/** For `describe.each`: every operation, GET /key and the workload operations included. */
export const EVERY = [EXCHANGE, CREATE_AUTH_CODE, GET_CURRENT_KEY, CREATE_OAUTH_TOKEN, LIST_OAUTH_JWKS].map((op) => [op.operation, op] as const);
/** Each operation by its operationId in the spec. */
export const BY_OPERATION_ID = Object.fromEntries(EVERY.map(([, op]) => [op.operationId, op])) as Record<OperationUnderTest["operationId"], OperationUnderTest>;
