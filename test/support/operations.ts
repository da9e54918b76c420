// The two operations, each called the way a user calls it, for tests that run the same scenario against both.
import { createOpenRouterOAuth, type CallOptions, type OpenRouterOAuthOptions } from "../../src/index.js";
import { CLIENT_OPTIONS, CREATE_INPUT, EXCHANGE_INPUT } from "./fixtures.js";

export interface OperationUnderTest {
  operation: "exchangeAuthCodeForAPIKey" | "createAuthCode";
  path: "/auth/keys" | "/auth/keys/code";
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

/** For `describe.each`: each operation under its own name. */
export const BOTH = [EXCHANGE, CREATE_AUTH_CODE].map((op) => [op.operation, op] as const);
