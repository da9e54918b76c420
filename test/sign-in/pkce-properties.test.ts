// PKCE and the callback for any input: verifiers within RFC 7636, challenges that are the S256 hash and never the
// verifier, and a callback parser that accepts its own state only.
import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AuthorizationDeniedError, computeCodeChallenge, createPkcePair, InvalidRequestError, parseCallback } from "../../src/index.js";
import { PROPERTY_TIMEOUT_MS, settings } from "../properties/support.js";
import { thrownBy } from "../support/fixtures.js";

const VERIFIER = /^[A-Za-z0-9._~-]{43,128}$/;
const PKCE_UNIT = fc.constantFrom(..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~");

/** RFC 7636 4.2, computed by node:crypto rather than by the code under test. */
const s256 = (verifier: string) => createHash("sha256").update(verifier, "ascii").digest("base64url");

describe("PKCE for any input", () => {
  it("makes verifiers of 43 to 128 characters of the RFC 7636 alphabet, each with its S256 challenge", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constant(null), async () => {
        const { code_verifier, code_challenge, code_challenge_method } = await createPkcePair();
        expect(code_verifier).toMatch(VERIFIER);
        expect(code_challenge).toBe(s256(code_verifier));
        expect(code_challenge).not.toBe(code_verifier);
        expect(code_challenge_method).toBe("S256");
      }),
      settings(2000),
    );
  }, PROPERTY_TIMEOUT_MS);

  it("computes the S256 challenge of every valid verifier, never the verifier itself", async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: PKCE_UNIT, minLength: 43, maxLength: 128 }), async (verifier) => {
        const challenge = await computeCodeChallenge(verifier);
        expect(challenge).toBe(s256(verifier));
        expect(challenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
        expect(challenge).not.toBe(verifier);
      }),
      settings(3000),
    );
  }, PROPERTY_TIMEOUT_MS);

  it("refuses every verifier outside RFC 7636 with InvalidRequestError", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.string({ maxLength: 140 }), fc.string({ unit: PKCE_UNIT, maxLength: 42 }), fc.string({ unit: PKCE_UNIT, minLength: 129, maxLength: 200 }), fc.anything()).filter(
          (value) => !(typeof value === "string" && VERIFIER.test(value)),
        ),
        async (verifier) => {
          const error = await computeCodeChallenge(verifier as string).catch((caught: unknown) => caught);
          expect(error).toBeInstanceOf(InvalidRequestError);
          expect((error as InvalidRequestError).field).toBe("code_verifier");
        },
      ),
      settings(3000),
    );
  }, PROPERTY_TIMEOUT_MS);
});

describe("parseCallback for any state", () => {
  // Any well-formed text: what a browser can carry in a query string and give back unchanged.
  const stateArb = fc.string({ unit: "binary", maxLength: 40 });
  // What an app expects: buildAuthorizationUrl never makes an empty state, and parseCallback refuses to expect one.
  const expectedArb = fc.string({ unit: "binary", minLength: 1, maxLength: 40 });
  const callbackWith = (params: [string, string][]) => `https://app.example/callback?${new URLSearchParams(params)}`;

  it("refuses every state other than the expected one, even beside a valid code or an error, and takes a denial without one", () => {
    fc.assert(
      fc.property(
        expectedArb,
        fc.option(stateArb, { nil: undefined }),
        fc.constantFrom<[string, string][]>([["code", "a-real-code"]], [["error", "access_denied"]], []),
        fc.boolean(),
        (expected, received, rest, stateFirst) => {
          fc.pre(received !== expected);
          const state: [string, string][] = received === undefined ? [] : [["state", received]];
          const url = callbackWith(stateFirst ? [...state, ...rest] : [...rest, ...state]);
          let thrown: unknown;
          try {
            parseCallback(url, { expectedState: expected });
          } catch (error) {
            thrown = error;
          }
          if (received === undefined && rest[0]?.[0] === "error") {
            // OpenRouter returns no state with a denial: it is reported as one (and mints nothing).
            expect(thrown).toBeInstanceOf(AuthorizationDeniedError);
          } else {
            expect(thrown).toBeInstanceOf(InvalidRequestError);
            expect((thrown as InvalidRequestError).field).toBe("state");
          }
        },
      ),
      settings(5000),
    );
  });

  it("refuses a callback whose first state is not the expected one, whatever states follow", () => {
    fc.assert(
      fc.property(expectedArb, stateArb, (expected, first) => {
        fc.pre(first !== expected);
        const url = callbackWith([["state", first], ["state", expected], ["code", "c"]]);
        expect(thrownBy(() => parseCallback(url, { expectedState: expected }), InvalidRequestError).field).toBe("state");
      }),
      settings(3000),
    );
  });

  it("accepts the expected state with its code, whatever text the state is", () => {
    fc.assert(
      fc.property(expectedArb, fc.string({ unit: "binary", minLength: 1, maxLength: 60 }), (expected, code) => {
        expect(parseCallback(callbackWith([["code", code], ["state", expected]]), { expectedState: expected })).toMatchObject({ code, state: expected });
      }),
      settings(3000),
    );
  });
});
