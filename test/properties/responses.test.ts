// Whatever comes back (any status, headers and body, or no response at all), either operation settles with
// data or with the error of ours that the response calls for: never a raw error, never an unhandled rejection.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { APIError, ConnectionError, isOpenRouterOAuthError, OpenRouterOAuthError, ResponseValidationError } from "../../src/index.js";
import { responseErrors } from "../support/spec.js";
import {
  BODY_LIMIT,
  call,
  OPERATIONS,
  pathOf,
  PROPERTY_TIMEOUT_MS,
  replyArb,
  settings,
  watchUnhandledRejections,
  type Operation,
  type Reply,
} from "./support.js";
import { classFor } from "../support/statuses.js";

const unhandledRejections = watchUnhandledRejections();


const is2xx = (status: number) => status >= 200 && status <= 299;

/** The parsed body when the client must hand it back as data; undefined when it must refuse it. */
function acceptableData(operation: Operation, reply: Reply): unknown {
  if (reply.kind !== "response" || !is2xx(reply.status) || [204, 205].includes(reply.status)) return undefined;
  const headers = new Headers(reply.headers);
  // A declared empty body is empty, whatever bytes follow it.
  if (headers.get("content-length") === "0" && !headers.get("transfer-encoding")?.includes("chunked")) return undefined;
  if (reply.body.byteLength > BODY_LIMIT) return undefined;
  let body: any;
  try {
    body = JSON.parse(new TextDecoder().decode(reply.body));
  } catch {
    return undefined;
  }
  if (responseErrors(pathOf(operation), 200, body).length) return undefined;
  // Stricter than the schema on purpose: an empty code is useless to the caller, and a key must be printable ASCII
  // without spaces, so that it can go into a header, a .env file or a terminal as it is.
  if (operation === "createAuthCode" ? body.data.id === "" : !/^[\x21-\x7e]+$/.test(body.key)) return undefined;
  return body;
}

const responses = (filter: (reply: Reply) => boolean) => replyArb.filter(filter);

describe("any response", () => {
  it("settles with data or an error of ours, never a raw error, and sends exactly one request", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...OPERATIONS), replyArb, async (operation, reply) => {
        const { error, requests } = await call(operation, reply);
        expect(requests).toBe(1);
        if (error !== undefined) {
          expect(error).toBeInstanceOf(OpenRouterOAuthError);
          expect(isOpenRouterOAuthError(error)).toBe(true);
        }
      }),
      settings(2000),
    );
    expect(await unhandledRejections()).toEqual([]);
  }, PROPERTY_TIMEOUT_MS);

  it("maps every status outside 2xx to its error class, carrying the status", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...OPERATIONS),
        responses((reply) => reply.kind === "response" && !is2xx(reply.status)),
        async (operation, reply) => {
          const { error } = await call(operation, reply);
          const { status } = reply as Extract<Reply, { kind: "response" }>;
          expect(error).toBeInstanceOf(APIError);
          expect((error as APIError).name).toBe(classFor(status, operation === "createAuthCode" ? operation : "exchangeAuthCodeForAPIKey").name);
          expect((error as APIError).status).toBe(status);
          expect(isOpenRouterOAuthError(error, "APIError")).toBe(true);
        },
      ),
      settings(2000),
    );
    expect(await unhandledRejections()).toEqual([]);
  }, PROPERTY_TIMEOUT_MS);

  it("returns a 2xx body exactly when it has the spec's shape and fits the bound, and refuses it otherwise", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...OPERATIONS),
        responses((reply) => reply.kind === "response" && is2xx(reply.status)),
        async (operation, reply) => {
          const { data, error } = await call(operation, reply);
          const expected = acceptableData(operation, reply);
          if (expected === undefined) {
            expect(error).toBeInstanceOf(ResponseValidationError);
            expect((error as Error).message).toMatch(/the body (is|has)/);
          } else {
            expect(error).toBeUndefined();
            expect(data).toEqual(expected);
          }
        },
      ),
      settings(2000),
    );
    expect(await unhandledRejections()).toEqual([]);
  }, PROPERTY_TIMEOUT_MS);

  it("reports a failed fetch, a body that breaks off or something that is not a Response as ConnectionError", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...OPERATIONS),
        responses((reply) => reply.kind !== "response"),
        async (operation, reply) => {
          const { error } = await call(operation, reply);
          expect(error).toBeInstanceOf(ConnectionError);
          if (operation !== "createAuthCode") expect((error as Error).message).toMatch(/The code may already have been used/);
        },
      ),
      settings(1000),
    );
    expect(await unhandledRejections()).toEqual([]);
  }, PROPERTY_TIMEOUT_MS);
});
