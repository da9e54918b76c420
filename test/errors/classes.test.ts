// Every error class: its name is its class's name (what a log shows, and what survives minification), and its
// prototype chain is the one users catch by.
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import * as entry from "../../src/index.js";
import {
  APIError,
  AuthorizationDeniedError,
  BadRequestResponseError,
  ConflictResponseError,
  ConnectionError,
  ForbiddenResponseError,
  InternalServerResponseError,
  InvalidRequestError,
  OpenRouterOAuthError,
  RequestAbortedError,
  RequestTimeoutError,
  ResponseValidationError,
  ServiceUnavailableResponseError,
  SubjectTokenError,
  TooManyRequestsResponseError,
  UnauthorizedResponseError,
} from "../../src/index.js";

const details = (status: number) => ({ operation: "createAuthCode" as const, status, headers: {} });

/** [class, expected name, an instance, its ancestors below Error]. */
const CLASSES: [Function, string, Error, Function[]][] = [
  [OpenRouterOAuthError, "OpenRouterOAuthError", new OpenRouterOAuthError("m"), []],
  [APIError, "APIError", new APIError("m", details(418)), [OpenRouterOAuthError]],
  [BadRequestResponseError, "BadRequestResponseError", new BadRequestResponseError("m", details(400)), [APIError, OpenRouterOAuthError]],
  [UnauthorizedResponseError, "UnauthorizedResponseError", new UnauthorizedResponseError("m", details(401)), [APIError, OpenRouterOAuthError]],
  [ForbiddenResponseError, "ForbiddenResponseError", new ForbiddenResponseError("m", details(403)), [APIError, OpenRouterOAuthError]],
  [ConflictResponseError, "ConflictResponseError", new ConflictResponseError("m", details(409)), [APIError, OpenRouterOAuthError]],
  [TooManyRequestsResponseError, "TooManyRequestsResponseError", new TooManyRequestsResponseError("m", details(429)), [APIError, OpenRouterOAuthError]],
  [InternalServerResponseError, "InternalServerResponseError", new InternalServerResponseError("m", details(500)), [APIError, OpenRouterOAuthError]],
  [ServiceUnavailableResponseError, "ServiceUnavailableResponseError", new ServiceUnavailableResponseError("m", details(503)), [APIError, OpenRouterOAuthError]],
  [ConnectionError, "ConnectionError", new ConnectionError("m"), [OpenRouterOAuthError]],
  [RequestTimeoutError, "RequestTimeoutError", new RequestTimeoutError("m"), [OpenRouterOAuthError]],
  [RequestAbortedError, "RequestAbortedError", new RequestAbortedError("m"), [OpenRouterOAuthError]],
  [ResponseValidationError, "ResponseValidationError", new ResponseValidationError("m", { body: {} }), [OpenRouterOAuthError]],
  [InvalidRequestError, "InvalidRequestError", new InvalidRequestError("m"), [OpenRouterOAuthError]],
  [AuthorizationDeniedError, "AuthorizationDeniedError", new AuthorizationDeniedError("access_denied"), [OpenRouterOAuthError]],
  [SubjectTokenError, "SubjectTokenError", new SubjectTokenError("m", { source: "GitHub Actions" }), [OpenRouterOAuthError]],
];

const exportedErrorClasses = (Object.values(entry) as unknown[]).filter(
  (value): value is Function => typeof value === "function" && value.prototype instanceof Error,
);

describe("the error classes", () => {
  it("cover every error class the package exports", () => {
    expect(exportedErrorClasses.filter((cls) => !CLASSES.some(([c]) => c === cls)).map((c) => c.name)).toEqual([]);
  });

  describe.each(CLASSES.map(([cls, name, instance, ancestors]) => [name, cls, instance, ancestors] as const))(
    "%s",
    (name, cls, instance, ancestors) => {
      it("has name equal to its class", () => {
        expect(instance.name).toBe(name);
        expect(cls.name).toBe(name);
        expect(String(instance)).toBe(`${name}: ${instance.message}`);
      });

      it("is an instance of its class, its ancestors and Error", () => {
        for (const ancestor of [cls, ...ancestors, Error]) expect(instance).toBeInstanceOf(ancestor);
      });

      it("is an instance of no other error class of the package", () => {
        const others = CLASSES.map(([c]) => c).filter((c) => c !== cls && !ancestors.includes(c));
        for (const other of others) expect(instance).not.toBeInstanceOf(other);
      });
    },
  );

  it("puts the reason and description of a refused authorization into AuthorizationDeniedError", () => {
    const err = new AuthorizationDeniedError("access_denied", "The user declined");
    expect(err).toMatchObject({ error: "access_denied", description: "The user declined" });
    expect(err.message).toContain("(access_denied: The user declined)");
  });

  it("keeps the cause it was given", () => {
    const cause = new TypeError("fetch failed");
    expect(new ConnectionError("m", { cause }).cause).toBe(cause);
  });

  it("has no cause property at all when none was given", () => {
    expect("cause" in new ConnectionError("m")).toBe(false);
  });

  it("keeps the raw response of an APIError reachable but never printed", () => {
    const response = new Response("{}", { status: 418, headers: { "x-echo": "raw-header-value" } });
    const err = new APIError("m", { ...details(418), response });
    expect(err.response).toBe(response);
    expect(Object.getOwnPropertyNames(err)).not.toContain("response");
    expect(inspect(err, { showHidden: true, depth: Infinity })).not.toContain("raw-header-value");
  });

  it("keeps the body of a ResponseValidationError reachable but never printed", () => {
    const err = new ResponseValidationError("m", { body: { token: "raw-body-value" } });
    expect(err.body).toEqual({ token: "raw-body-value" });
    expect(Object.getOwnPropertyNames(err)).not.toContain("body");
    expect(inspect(err, { showHidden: true, depth: Infinity })).not.toContain("raw-body-value");
  });
});
