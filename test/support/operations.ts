// The operations, each called the way a user calls it, for tests that run the same scenario against each.
import { createOpenRouterOAuth, type CallOptions, type OpenRouterOAuthOptions } from "../../src/index.js";
import { CLIENT_OPTIONS, CREATE_INPUT, EXCHANGE_INPUT } from "./fixtures.js";

export interface OperationUnderTest {
  operation: "exchangeAuthCodeForAPIKey" | "createAuthCode" | "getCurrentKey";
  path: "/auth/keys" | "/auth/keys/code" | "/key";
  call(options?: CallOptions, clientOptions?: OpenRouterOAuthOptions): Promise<unknown>;
}

export const EXCHANGE: OperationUnderTest = {
  operation: "exchangeAuthCodeForAPIKey",
  path: "/auth/keys",
  call: (options, clientOptions = CLIENT_OPTIONS) => createOpenRouterOAuth(clientOptions).exchangeAuthCodeForAPIKey(EXCHANGE_INPUT, options),
};

export const CREATE_AUTH_CODE: OperationUnderTest = {
  operation: "createAuthCode",
  path: "/auth/keys/code",
  call: (options, clientOptions = CLIENT_OPTIONS) => createOpenRouterOAuth(clientOptions).createAuthCode(CREATE_INPUT, options),
};

export const GET_CURRENT_KEY: OperationUnderTest = {
  operation: "getCurrentKey",
  path: "/key",
  call: (options, clientOptions = CLIENT_OPTIONS) => createOpenRouterOAuth(clientOptions).getCurrentKey(options),
};

/** For `describe.each`: the two OAuth operations, each under its own name. */
export const BOTH = [EXCHANGE, CREATE_AUTH_CODE].map((op) => [op.operation, op] as const);
/** For `describe.each`: every operation, GET /key included. */
export const EVERY = [EXCHANGE, CREATE_AUTH_CODE, GET_CURRENT_KEY].map((op) => [op.operation, op] as const);
