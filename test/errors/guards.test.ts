// isOpenRouterOAuthError recognises the package's errors wherever they were made: in this module, in a second
// copy of the package, in another realm. It tells the classes apart by name, and APIError covers its subclasses.
import { describe, expect, it } from "vitest";
import {
  APIError,
  ConnectionError,
  ForbiddenResponseError,
  InvalidRequestError,
  isOpenRouterOAuthError,
  UnauthorizedResponseError,
} from "../../src/index.js";
import { errorsInAnotherRealm, errorsInThisRealm } from "../support/error-copies.js";

const details = (status: number) => ({ operation: "exchangeAuthCodeForAPIKey" as const, status, headers: {} });

describe("isOpenRouterOAuthError", () => {
  it("accepts an error of the package", () => {
    expect(isOpenRouterOAuthError(new ConnectionError("m"))).toBe(true);
  });

  it.each([
    ["a plain Error", new Error("m")],
    ["an Error named like one of ours", Object.assign(new Error("m"), { name: "ConnectionError" })],
    ["an object shaped like an APIError", { name: "APIError", message: "m", status: 500 }],
    ["null", null],
    ["a string", "ConnectionError"],
    ["undefined", undefined],
  ])("refuses %s", (_, value) => {
    expect(isOpenRouterOAuthError(value)).toBe(false);
    expect(isOpenRouterOAuthError(value, "ConnectionError")).toBe(false);
    expect(isOpenRouterOAuthError(value, "APIError")).toBe(false);
  });

  it("accepts an error of the named class", () => {
    expect(isOpenRouterOAuthError(new ForbiddenResponseError("m", details(403)), "ForbiddenResponseError")).toBe(true);
  });

  it("refuses an error of another class than the one named", () => {
    expect(isOpenRouterOAuthError(new ForbiddenResponseError("m", details(403)), "UnauthorizedResponseError")).toBe(false);
    expect(isOpenRouterOAuthError(new ConnectionError("m"), "RequestTimeoutError")).toBe(false);
  });

  it("accepts every subclass of APIError as an APIError", () => {
    expect(isOpenRouterOAuthError(new ForbiddenResponseError("m", details(403)), "APIError")).toBe(true);
    expect(isOpenRouterOAuthError(new UnauthorizedResponseError("m", details(401)), "APIError")).toBe(true);
    expect(isOpenRouterOAuthError(new APIError("m", details(502)), "APIError")).toBe(true);
  });

  it("refuses an error without a status as an APIError", () => {
    expect(isOpenRouterOAuthError(new ConnectionError("m"), "APIError")).toBe(false);
    expect(isOpenRouterOAuthError(new InvalidRequestError("m"), "APIError")).toBe(false);
  });

  it("accepts every error of the package as an OpenRouterOAuthError", () => {
    expect(isOpenRouterOAuthError(new InvalidRequestError("m"), "OpenRouterOAuthError")).toBe(true);
  });

  describe("with a second copy of the package in the same realm", () => {
    const copy = errorsInThisRealm();
    const forbidden = new copy.ForbiddenResponseError("m", details(403));

    it("is a copy that instanceof does not recognise", () => {
      expect(forbidden).toBeInstanceOf(Error);
      expect(forbidden).not.toBeInstanceOf(ForbiddenResponseError);
    });

    it("accepts its errors and tells their classes apart", () => {
      expect(isOpenRouterOAuthError(forbidden)).toBe(true);
      expect(isOpenRouterOAuthError(forbidden, "ForbiddenResponseError")).toBe(true);
      expect(isOpenRouterOAuthError(forbidden, "APIError")).toBe(true);
      expect(isOpenRouterOAuthError(forbidden, "ConflictResponseError")).toBe(false);
      expect(isOpenRouterOAuthError(new copy.ConnectionError("m"), "APIError")).toBe(false);
    });

    it("is used by the copy's own guard to accept this copy's errors", () => {
      expect(copy.isOpenRouterOAuthError(new ConnectionError("m"), "ConnectionError")).toBe(true);
    });
  });

  describe("with errors made in another realm", () => {
    const { run } = errorsInAnotherRealm();
    const forbidden = run("new errorsCopy.ForbiddenResponseError('m', { operation: 'createAuthCode', status: 403, headers: {} })");
    const timeout = run("new errorsCopy.RequestTimeoutError('m')");

    it("has errors that are not even instances of this realm's Error", () => {
      expect(forbidden instanceof Error).toBe(false);
    });

    it("accepts them and tells their classes apart", () => {
      expect(isOpenRouterOAuthError(forbidden)).toBe(true);
      expect(isOpenRouterOAuthError(forbidden, "ForbiddenResponseError")).toBe(true);
      expect(isOpenRouterOAuthError(forbidden, "APIError")).toBe(true);
      expect(isOpenRouterOAuthError(timeout, "RequestTimeoutError")).toBe(true);
      expect(isOpenRouterOAuthError(timeout, "APIError")).toBe(false);
      expect(isOpenRouterOAuthError(timeout, "ConnectionError")).toBe(false);
    });

    it("refuses that realm's plain errors", () => {
      expect(isOpenRouterOAuthError(run("Object.assign(new Error('m'), { name: 'RequestTimeoutError' })"))).toBe(false);
    });
  });
});
