// What the CLI says (cli-words.ts) and how it guesses a remote session (remote-session.ts), tested in-process:
// every failure is one sentence in the user's words, never a function name. The spawned tests show the same
// sentences reach the terminal.
import { describe, expect, it } from "vitest";
import {
  APIError,
  AuthorizationDeniedError,
  ConnectionError,
  ForbiddenResponseError,
  InternalServerResponseError,
  InvalidRequestError,
  RequestAbortedError,
  RequestTimeoutError,
  ResponseValidationError,
  SubjectTokenError,
  UnauthorizedResponseError,
} from "../../src/index.js";
import { sayPasteRefused, sayWhy } from "../../src/cli/words.js";
import { remoteSession, type SessionProbe } from "../../src/cli/remote-session.js";
import type { PasteRefusal } from "../../src/node/index.js";

const apiError = (Class: typeof APIError, operation: "exchangeAuthCodeForAPIKey" | "getCurrentKey" | "createAuthCode", status: number) =>
  new Class(`${operation} failed with HTTP ${status}.`, { operation, status, headers: {} });

/** An error of the token exchange, as createOauthToken makes it from an RFC 6749 body. */
const tokenError = (status: number, oauthError?: string) =>
  new APIError(`createOauthToken failed with HTTP ${status}.`, { operation: "createOauthToken", status, headers: {}, oauthError });

/** One sentence: a capital, one full stop at the end, and no function or option-object names. */
function expectOneSentence(text: string) {
  expect(text).toMatch(/^[A-Z].*[.]$/);
  expect(text.slice(0, -1)).not.toMatch(/\.\s/);
  expect(text).not.toMatch(/exchangeAuthCodeForAPIKey|getCurrentKey|createAuthCode|startLoopbackListener|buildAuthorizationUrl|login:|parseCallback/);
}

describe("sayWhy", () => {
  it.each([
    ["a denial", new AuthorizationDeniedError("access_denied", "The user denied access."), {}, "You declined on OpenRouter; no key was created."],
    ["another refusal", new AuthorizationDeniedError("server_error"), {}, "OpenRouter did not authorize the sign-in (server_error); no key was created."],
    ["a port in use", new InvalidRequestError("startLoopbackListener: port 8484 on 127.0.0.1 is already in use.", { field: "port", code: "port_in_use" }), { port: 8484 },
      "Port 8484 is in use; try another --port, or leave it out."],
    ["a port that needs privileges", new InvalidRequestError("startLoopbackListener: port 80 on 127.0.0.1 needs privileges this process lacks.", { field: "port", code: "port_not_permitted" }), { port: 80 },
      "Port 80 needs privileges you do not have; try another --port, or leave it out."],
    ["a port that cannot be listened on", new InvalidRequestError("x", { field: "port", code: "port_unavailable" }), { port: 8484 },
      "Port 8484 cannot be listened on; try another --port, or leave it out."],
    ["the end of standard input before a code", new InvalidRequestError("x", { field: "stdin" }), {}, "Standard input ended before a code was pasted."],
    ["an input the CLI should have checked", new InvalidRequestError("createOauthToken: scope must be inference.", { field: "scope" }), {},
      "Something unexpected went wrong (InvalidRequestError: invalid_request, scope); please report it."],
    ["an unknown key", apiError(UnauthorizedResponseError, "getCurrentKey", 401), {}, "OpenRouter does not know this key: it may be mistyped, revoked or expired."],
    ["a 500 on the exchange", apiError(InternalServerResponseError, "exchangeAuthCodeForAPIKey", 500), {},
      "OpenRouter failed while creating the key (HTTP 500), so no key can be trusted to exist; run login again."],
    ["a 503 elsewhere", apiError(APIError, "getCurrentKey", 503), {}, "OpenRouter answered with an error (HTTP 503); try again later."],
    ["a connection failure", new ConnectionError("getCurrentKey failed: no complete response.", { operation: "getCurrentKey" }), { host: "openrouter.ai" },
      "Could not reach OpenRouter at openrouter.ai; check your network and try again."],
    ["an exchange cut off after it may have arrived", new ConnectionError("x", { operation: "exchangeAuthCodeForAPIKey" }), { host: "openrouter.ai" },
      "The connection to OpenRouter at openrouter.ai broke while creating the key; run login again."],
    ["an exchange that never left", new ConnectionError("x", { operation: "exchangeAuthCodeForAPIKey", notSent: true }), { host: "openrouter.ai" },
      "Could not reach OpenRouter at openrouter.ai; check your network and try again."],
    ["a refused connection to a --base-url", new ConnectionError("x", { reason: "refused", notSent: true }), { host: "127.0.0.1:9", baseUrlGiven: true },
      "OpenRouter at 127.0.0.1:9 refused the connection (nothing listens there); check --base-url."],
    ["a refused connection to OpenRouter's own URL", new ConnectionError("x", { reason: "refused", notSent: true }), { host: "openrouter.ai" },
      "OpenRouter at openrouter.ai refused the connection (nothing listens there); check your network and try again."],
    ["a refused exchange after the consent", new ConnectionError("x", { operation: "exchangeAuthCodeForAPIKey", reason: "refused", notSent: true }),
      { host: "127.0.0.1:3", baseUrlGiven: true }, "OpenRouter at 127.0.0.1:3 refused the connection (nothing listens there); check --base-url."],
    ["a host name that does not resolve", new ConnectionError("x", { reason: "dns", notSent: true }), { host: "openrouter.invalid", baseUrlGiven: true },
      "Could not find OpenRouter at openrouter.invalid: its host name does not resolve (DNS); check --base-url."],
    ["a port fetch will not connect to", new ConnectionError("x", { reason: "blocked-port", notSent: true }), { host: "127.0.0.1:9", baseUrlGiven: true },
      "Could not reach OpenRouter at 127.0.0.1:9: fetch refuses to connect to that port, as browsers do; check --base-url."],
    ["an unreachable host", new ConnectionError("x", { reason: "unreachable", notSent: true }), { host: "openrouter.ai" },
      "Could not reach OpenRouter at openrouter.ai: the network or the host is unreachable; check your network and try again."],
    ["a connection that took too long", new ConnectionError("x", { reason: "timeout" }), { host: "openrouter.ai" },
      "OpenRouter at openrouter.ai did not answer in time; check your network and try again."],
    ["a failed TLS handshake with a --base-url", new ConnectionError("x", { reason: "tls" }), { host: "127.0.0.1:8080", baseUrlGiven: true },
      "The secure connection to OpenRouter at 127.0.0.1:8080 failed (TLS: a certificate not trusted, or no TLS there); check --base-url."],
    ["a failed TLS handshake with OpenRouter", new ConnectionError("x", { reason: "tls" }), { host: "openrouter.ai" },
      "The secure connection to OpenRouter at openrouter.ai failed (TLS: a certificate not trusted, or no TLS there); check your network."],
    ["a reset connection", new ConnectionError("x", { operation: "getCurrentKey", reason: "reset" }), { host: "openrouter.ai" },
      "The connection to OpenRouter at openrouter.ai was closed or reset; try again."],
    ["an exchange reset after it may have arrived", new ConnectionError("x", { operation: "exchangeAuthCodeForAPIKey", reason: "reset" }), { host: "openrouter.ai" },
      "The connection to OpenRouter at openrouter.ai was cut while creating the key; run login again."],
    ["a sign-in nobody finished", new RequestTimeoutError("No sign-in callback arrived within 2 minutes."), { timeoutMs: 120_000 },
      "Nobody finished signing in within 120 s; run login again."],
    ["a slow OpenRouter", new RequestTimeoutError("getCurrentKey timed out.", { operation: "getCurrentKey" }), {}, "OpenRouter did not answer in time; try again."],
    ["an interruption", new RequestAbortedError("The sign-in was aborted."), {}, "Sign-in cancelled."],
    ["an odd answer to the exchange", new ResponseValidationError("x", { operation: "exchangeAuthCodeForAPIKey" }), {},
      "OpenRouter's answer was not what this tool expects, but a key may have been created: check your keys at https://openrouter.ai/settings/keys."],
    ["something not ours", new TypeError("boom"), {}, "Something unexpected went wrong (TypeError); please report it."],
    ["a refused JWT", tokenError(400, "invalid_grant"), {},
      "OpenRouter refused the JWT (invalid_grant): its issuer, subject or audience matches no federation policy, or it has expired."],
    ["a refused scope", tokenError(400, "invalid_scope"), {}, "OpenRouter refused the scope asked for (invalid_scope)."],
    ["a malformed exchange", tokenError(400, "invalid_request"), {}, "OpenRouter refused the exchange as malformed (invalid_request): check --federation-policy."],
    ["an unsupported grant", tokenError(400, "unsupported_grant_type"), {}, "OpenRouter refused the exchange (HTTP 400: unsupported_grant_type)."],
    ["a busy token endpoint", tokenError(429), {}, "OpenRouter refused the exchange (HTTP 429); try again later."],
    ["a subject token that could not be had", new SubjectTokenError("The environment variable JWT is not set.", { source: "the environment variable JWT" }), {},
      "The environment variable JWT is not set."],
  ])("says %s in one sentence", (_, error, context, sentence) => {
    const said = sayWhy(error, context);
    expect(said).toBe(sentence);
    expectOneSentence(said);
  });

  // Every sentence is chosen by class and code (and fields), never by the words of a message: the same error with
  // another message, even one that reads like another cause, says the same.
  it.each([
    ["a port in use", { field: "port", code: "port_in_use" }, "needs privileges this process lacks"],
    ["a port that needs privileges", { field: "port", code: "port_not_permitted" }, "is already in use"],
    ["a port that cannot be listened on", { field: "port", code: "port_unavailable" }, "is already in use"],
    ["a refusal of the CLI's input", { field: "scope" }, "needs privileges"],
  ] as const)("chooses the sentence for %s by its code, whatever the message says", (_, options, words) => {
    const context = { port: 8484 };
    const said = sayWhy(new InvalidRequestError(`startLoopbackListener: port 8484 on 127.0.0.1 ${words}.`, options), context);
    expect(sayWhy(new InvalidRequestError("reworded entirely", options), context)).toBe(said);
    expect(said).not.toContain(words);
  });

  it("tells the ports' causes apart by code alone, with the same field and the same message", () => {
    const sentences = (["port_in_use", "port_not_permitted", "port_unavailable"] as const).map((code) =>
      sayWhy(new InvalidRequestError("the same words", { field: "port", code }), { port: 80 }));
    expect(new Set(sentences).size).toBe(3);
  });

  it("says no library message it was not built to quote", () => {
    for (const error of [
      new InvalidRequestError("login: something only a developer reads.", { field: "readCode" }),
      new RequestTimeoutError("getCurrentKey: something only a developer reads.", { operation: "getCurrentKey" }),
      new ConnectionError("getCurrentKey: something only a developer reads.", { reason: "dns" }),
      new ResponseValidationError("getCurrentKey: something only a developer reads.", { operation: "getCurrentKey" }),
    ]) {
      expect(sayWhy(error)).not.toContain("only a developer reads");
    }
  });

  it("says the refused code in the words the issue gives", () => {
    expect(sayWhy(apiError(ForbiddenResponseError, "exchangeAuthCodeForAPIKey", 403))).toBe(
      "OpenRouter refused the code (it was used, expired, or came from another sign-in). Run login again.",
    );
  });
});

describe("sayPasteRefused", () => {
  it.each(["empty", "unreadable", "other-sign-in", "no-code", "refused"] satisfies PasteRefusal[])("says %s in one sentence", (reason) => {
    expectOneSentence(sayPasteRefused(reason, true));
    expectOneSentence(sayPasteRefused(reason, false));
  });
});

describe("remoteSession", () => {
  const nothing = { exists: () => false, read: () => "" };
  it.each<[string, Partial<SessionProbe>, string | undefined]>([
    ["SSH_CONNECTION", { env: { SSH_CONNECTION: "1 2 3 4" }, ...nothing }, "an SSH session"],
    ["SSH_TTY", { env: { SSH_TTY: "/dev/pts/1" }, ...nothing }, "an SSH session"],
    ["Codespaces", { env: { CODESPACES: "true" }, ...nothing }, "a GitHub Codespace"],
    ["/.dockerenv", { env: {}, exists: (path: string) => path === "/.dockerenv", read: () => "" }, "a container"],
    ["/run/.containerenv (Podman)", { env: {}, exists: (path: string) => path === "/run/.containerenv", read: () => "" }, "a container"],
    ["$container", { env: { container: "podman" }, ...nothing }, "a container"],
    ["WSL without a desktop", { env: { WSL_DISTRO_NAME: "Ubuntu" }, ...nothing }, "WSL without a desktop"],
    ["WSL told by /proc/version", { env: {}, exists: () => false, read: () => "Linux version 5.15.0-microsoft-standard-WSL2" }, "WSL without a desktop"],
    ["WSL with a desktop", { env: { WSL_DISTRO_NAME: "Ubuntu", DISPLAY: ":0" }, ...nothing }, undefined],
    ["a plain local terminal", { env: { DISPLAY: ":0" }, ...nothing }, undefined],
    ["SSH, told it is local", { env: { SSH_CONNECTION: "1 2 3 4", OPENROUTER_OAUTH_SESSION: "local" }, ...nothing }, undefined],
    ["a local terminal, told it is remote", { env: { OPENROUTER_OAUTH_SESSION: "remote" }, ...nothing }, "a remote session (OPENROUTER_OAUTH_SESSION=remote)"],
  ])("recognises %s", (_, probe, expected) => {
    expect(remoteSession(probe)).toBe(expected);
  });
});
