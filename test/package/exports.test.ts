// The public API, entry by entry: every name each entry exports (values and types), read from its source as
// TypeScript reads it. A name added to or dropped from an entry fails here until it is listed, so that each change of
// the public API is a deliberate one (and goes into CHANGELOG.md). The rule the lists keep: an entry exports its own
// functions and the types of their signatures, and what the entries share comes from the main entry alone.
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { ENTRIES } from "../../tsup.config.js";

const ROOT = resolve(import.meta.dirname, "../..");

/** The names a module exports: its own `export` declarations, and what its `export ... from` statements pass on. */
function exportsOf(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.ES2022);
  const names: string[] = [];
  for (const statement of source.statements) {
    if (ts.isExportDeclaration(statement)) {
      const from = statement.moduleSpecifier && resolve(dirname(file), (statement.moduleSpecifier as ts.StringLiteral).text.replace(/\.js$/, ".ts"));
      if (!statement.exportClause) names.push(...exportsOf(from!));
      else if (ts.isNamedExports(statement.exportClause)) names.push(...statement.exportClause.elements.map((element) => element.name.text));
      continue;
    }
    const exported = ts.canHaveModifiers(statement) && ts.getModifiers(statement)?.some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword);
    if (!exported) continue;
    if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) names.push((declaration.name as ts.Identifier).text);
    } else if ("name" in statement && statement.name) {
      names.push((statement.name as ts.Identifier).text);
    }
  }
  return names;
}

const entries = Object.fromEntries(
  Object.entries(ENTRIES).map(([name, source]) => [name, exportsOf(resolve(ROOT, source)).sort((a, b) => a.localeCompare(b))]),
);

describe("the public API", () => {
  it("is, for openrouter-oauth, the operations, the sign-in steps, the key's helpers and the errors", () => {
    expect(entries.index).toEqual([
      "APIError", "AuthorizationDeniedError", "AuthorizationRequest", "AuthorizationUrlOptions", "BadRequestResponseError",
      "buildAuthorizationUrl", "CallOptions", "CheckedCallback", "completeSignIn", "components", "computeCodeChallenge",
      "ConflictResponseError", "ConnectionError", "ConnectionErrorReason", "CreateAuthCodeCallOptions", "CreateAuthCodeRequest",
      "CreateAuthCodeResponse", "createOauthToken", "CreateOauthTokenCallOptions", "CreateOauthTokenOptions",
      "CreateOauthTokenRequest", "CreateOauthTokenResponse", "createOpenRouterOAuth", "createPkcePair", "CurrentKey",
      "DEFAULT_AUTH_URL", "DEFAULT_BASE_URL", "ErrorCode", "ErrorsByName", "exchangeAuthCodeForAPIKey", "ExchangeAuthCodeForAPIKeyOptions",
      "ExchangeAuthCodeForAPIKeyRequest", "ExchangeAuthCodeForAPIKeyResponse", "FetchLike", "ForbiddenResponseError",
      "getCurrentKey", "GetCurrentKeyCallOptions", "GetCurrentKeyOptions", "GetCurrentKeyResponse", "InternalServerResponseError",
      "InvalidRequestCode", "InvalidRequestError", "isOpenRouterOAuthError", "keyLinks", "KeyLinks", "listOauthJwks", "ListOauthJwksCallOptions",
      "ListOauthJwksOptions", "ListOauthJwksResponse", "maskKey", "OPENROUTER_ORIGIN", "OpenRouterErrorDetail", "OpenRouterOAuth",
      "OpenRouterOAuthError", "OpenRouterOAuthOptions", "Operation", "operations", "parseCallback", "ParseCallbackOptions", "paths",
      "PkcePair", "RequestAbortedError", "RequestTimeoutError", "ResponseValidationError", "RetriedCallOptions", "RetryOptions",
      "ServiceUnavailableResponseError", "SubjectTokenError", "TooManyRequestsResponseError", "UnauthorizedResponseError",
    ]);
  });

  it("is, for openrouter-oauth/node, login, the loopback listener, the browser and the Node adapter", () => {
    expect(entries.node).toEqual([
      "DEFAULT_LOGIN_TIMEOUT_MS", "FetchHandler", "login", "LoginOptions", "LoginProgress", "LoopbackListener",
      "LoopbackListenerOptions", "NodeAdapterOptions", "openBrowser", "OpenBrowser", "PasteRefusal", "startLoopbackListener",
      "toNodeHandler",
    ]);
  });

  it("is, for openrouter-oauth/server, createSignIn", () => {
    expect(entries.server).toEqual([
      "createSignIn", "FinishedSignIn", "PENDING_SIGN_IN_MS", "SessionOptions", "SignedInSession", "SignIn", "SignInOptions",
      "SignOutOptions", "StartOptions",
    ]);
  });

  it("is, for openrouter-oauth/workload, createWorkloadIdentity and the subject token's sources", () => {
    expect(entries.workload).toEqual([
      "AzureManagedIdentityOptions", "createWorkloadIdentity", "DEFAULT_AZURE_RESOURCE", "Environment", "EnvOptions",
      "fromAzureManagedIdentity", "fromEnv", "fromFile", "fromGitHubActions", "fromGoogleMetadata", "GetAccessTokenOptions",
      "GitHubActionsOptions", "GoogleMetadataOptions", "SourceOptions", "SubjectToken", "SubjectTokenSource", "WorkloadIdentity",
      "WorkloadIdentityOptions",
    ]);
  });

  it("is, for openrouter-oauth/vscode, the editor extension's sign-in, its URI handler and its stored key", () => {
    expect(entries.vscode).toEqual([
      "DEFAULT_SIGN_IN_TIMEOUT_MS", "getKey", "handleUri", "KEY_SECRET", "SignedInWithOpenRouter", "signInWithOpenRouter",
      "SignInWithOpenRouterOptions", "signOut",
    ]);
  });

  it("is, for openrouter-oauth/testing and /testing/node, the fake OpenRouter, the fake issuer and simulateUser", () => {
    expect(entries.testing).toEqual([
      "ACCESS_TOKEN_MAX_SECONDS", "createFakeIssuer", "createFakeOpenRouter", "CREDITS_PER_TOKEN", "FAKE_APP_API_KEY", "FAKE_ISSUER_URL",
      "FAKE_MODELS", "FAKE_USER_ID", "FAKE_WORKSPACE_ID", "FakeFederationPolicy", "FakeIssuer", "FakeIssuerClaims", "FakeIssuerOptions", "FakeKeyBooks", "FakeOpenRouter",
      "FakeOpenRouterOptions", "FakeWorkloadIdentityOptions", "JwkSet", "SimulatedUser", "simulateUser", "SimulateUserOptions",
    ]);
    expect(entries["testing/node"]).toEqual(["ServedFakeOpenRouter", "ServedHandler", "serveFakeOpenRouter", "ServeFakeOpenRouterOptions"]);
  });

  it("is, for openrouter-oauth/extension, the browser extension's two ways to sign in and its callback page's hand-over", () => {
    expect(entries.extension).toEqual([
      "CallbackPageSignInOptions", "EXTENSION_SIGN_IN_TIMEOUT_MS", "ExtensionApi", "ExtensionMessageListener", "ExtensionMessageSender",
      "ExtensionSignInOptions", "SendCallbackOptions", "sendCallbackToExtension", "signInWithCallbackPage", "signInWithWebAuthFlow",
    ]);
  });

  it("has each name in one entry only: what the entries share is the main entry's", () => {
    const seen = new Map<string, string>();
    const twice: string[] = [];
    for (const [entry, names] of Object.entries(entries)) {
      for (const name of names) {
        if (seen.has(name)) twice.push(`${name} in ${seen.get(name)} and ${entry}`);
        seen.set(name, entry);
      }
    }
    expect(twice).toEqual([]);
  });
});
