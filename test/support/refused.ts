// Input checks must refuse before anything is sent. The mock answers every operation with a body with success, so an input
// that slips through makes the call succeed (and the test fail), and every request is counted.
import { expect } from "vitest";
import { InvalidRequestError } from "../../src/index.js";
import { MINTED_KEY, OAUTH_TOKEN_RESPONSE, rejectionOf } from "./fixtures.js";
import { http, sent, server } from "./msw.js";

let calls = 0;

/** Installs handlers that would accept either call; use in beforeEach. */
export function acceptEverything(): void {
  calls = 0;
  server.use(
    http.post("/auth/keys", ({ response }) => {
      calls++;
      return response(200).json({ key: MINTED_KEY, user_id: null });
    }),
    http.post("/auth/keys/code", ({ response }) => {
      calls++;
      return response(200).json({ data: { id: "auth_code_1", app_id: 1, created_at: "2026-08-22T10:00:00Z" } });
    }),
    http.post("/oauth/token", ({ response }) => {
      calls++;
      return response(200).json(OAUTH_TOKEN_RESPONSE);
    }),
  );
}

/**
 * Asserts that `call` fails with an InvalidRequestError blaming `field`, whose message names the field and says
 * what is expected, and that nothing reached the server. A synchronous throw counts as a failure too.
 */
export async function expectRefused(call: () => unknown, field: string | undefined, expectation: string | RegExp): Promise<InvalidRequestError> {
  const err = await rejectionOf(Promise.resolve().then(call));
  expect(err).toBeInstanceOf(InvalidRequestError);
  expect(err.field).toBe(field);
  if (field) expect(err.message).toContain(field);
  expect(err.message).toMatch(expectation);
  expect(calls, "the handler was called").toBe(0);
  expect(sent, "a request was sent").toHaveLength(0);
  return err;
}

/** The number of calls the accepting handlers answered. */
export const handledCalls = () => calls;
