// Whatever a callback URL carries, finish exchanges only a code that came back with this browser's own state.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PROPERTY_TIMEOUT_MS, settings } from "../properties/support.js";
import { rejectionOf } from "../support/fixtures.js";
import { AuthorizationDeniedError, InvalidRequestError } from "../../src/index.js";
import { CookieJar, startAndDecide, testApp } from "./support.js";

describe("finish against hostile callbacks", () => {
  it("refuses, without an exchange, every callback whose state is not the sign-in's own", { timeout: PROPERTY_TIMEOUT_MS }, async () => {
    const query = fc.record(
      {
        state: fc.oneof(fc.string(), fc.stringMatching(/^[0-9a-f]{32}$/), fc.constant("")),
        keepStatePrefix: fc.boolean(),
        code: fc.string(),
        error: fc.string(),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(query, async ({ state, keepStatePrefix, code, error }) => {
        const app = testApp();
        const jar = new CookieJar();
        const real = new URL(await startAndDecide(app, jar));
        const realState = real.searchParams.get("state")!;
        const callback = new URL(real.origin + real.pathname);
        let sent = state;
        if (sent !== undefined && keepStatePrefix) sent = realState.slice(0, 16) + sent;
        fc.pre(sent !== realState);
        if (sent !== undefined) callback.searchParams.set("state", sent);
        if (code !== undefined) callback.searchParams.set("code", code || real.searchParams.get("code")!);
        if (error !== undefined) callback.searchParams.set("error", error);
        const err = await rejectionOf(app.signIn.finish(jar.request(callback.href)));
        if (sent === undefined && error) {
          // A denial without a state, as OpenRouter sends one: reported as such, and it mints nothing.
          expect(err).toBeInstanceOf(AuthorizationDeniedError);
        } else {
          expect(err).toBeInstanceOf(InvalidRequestError);
          expect(["cookie", "state"]).toContain(err.field);
        }
        expect(app.fake.calls.exchangeAuthCodeForAPIKey).toBe(0);
        // The real sign-in is untouched and still completes.
        expect((await app.signIn.finish(jar.request(real.href))).key).toBe(app.minted[0]);
      }),
      settings(60),
    );
  });

  it("with the sign-in's own state, an error is a denial quoted as one clean line, and nothing is exchanged", { timeout: PROPERTY_TIMEOUT_MS }, async () => {
    const text = (minLength: number) => fc.string({ minLength, unit: fc.oneof(fc.constantFrom("\r", "\n", "\u001b", "\u009b", "\u202e", "<", ">"), fc.string({ unit: "binary", minLength: 1, maxLength: 1 })) });
    await fc.assert(
      fc.asyncProperty(text(1), fc.option(text(0)), async (error, description) => {
        const app = testApp();
        const jar = new CookieJar();
        const callback = new URL(await startAndDecide(app, jar));
        callback.searchParams.set("error", error);
        if (description !== null) callback.searchParams.set("error_description", description);
        const err = await rejectionOf(app.signIn.finish(jar.request(callback.href)));
        expect(err).toBeInstanceOf(AuthorizationDeniedError);
        expect(err.error).toBe(callback.searchParams.get("error"));
        expect(err.description).toBe(callback.searchParams.get("error_description") ?? undefined);
        expect(err.message).not.toMatch(/[\p{Cc}\p{Cf}<>]/u);
        expect(app.fake.calls.exchangeAuthCodeForAPIKey).toBe(0);
      }),
      settings(40),
    );
  });
});
