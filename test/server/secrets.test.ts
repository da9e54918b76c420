// No secret (the sealing secret, a verifier, a code, a minted key, a sealed cookie) is printed by any error the
// server sign-in throws: message, String(err), JSON.stringify(err), util.inspect(err).
import fc from "fast-check";
import { describe, it } from "vitest";
import { settings, PROPERTY_TIMEOUT_MS } from "../properties/support.js";
import { expectNoSecretIn, rejectionOf } from "../support/fixtures.js";
import { APP, CookieJar, startAndDecide, testApp } from "./support.js";

/** Every way this test knows to make finish refuse a callback, applied to a real pending sign-in. */
const FAULTS = ["exchange refused", "exchange 500", "replay", "other state", "no state", "no code", "tampered cookie", "no cookie", "denied", "expired"] as const;

describe("secrets in the server sign-in's errors", () => {
  it("no refusal prints the secret, the verifier, the code, a key or a cookie", { timeout: PROPERTY_TIMEOUT_MS }, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...FAULTS),
        fc.string({ minLength: 32, maxLength: 64 }).filter((s) => s.trim().length >= 32 && !/[;,]/.test(s)),
        async (fault, secret) => {
          let time = Date.now();
          const app = testApp({ secret, now: () => time });
          const jar = new CookieJar();
          const callback = new URL(await startAndDecide(app, jar, fault === "denied" ? "deny" : "approve"));
          const cookie = jar.header();
          const code = callback.searchParams.get("code") ?? "";
          let request = jar.request(callback.href);
          if (fault === "exchange refused") app.fake.failNext("exchangeAuthCodeForAPIKey", 403);
          if (fault === "exchange 500") app.fake.failNext("exchangeAuthCodeForAPIKey", 500);
          // Replayed after the browser took the first answer, which cleared the pending cookie.
          if (fault === "replay") jar.take((await app.signIn.finish(jar.request(callback.href))).response);
          if (fault === "other state") callback.searchParams.set("state", "f".repeat(32));
          if (fault === "no state") callback.searchParams.delete("state");
          if (fault === "no code") callback.searchParams.delete("code");
          if (fault === "expired") time += 11 * 60 * 1000;
          if (fault !== "expired") request = jar.request(callback.href);
          if (fault === "tampered cookie") request = new Request(callback, { headers: { cookie: cookie.replace(/v1\.(.)/, (_, c) => `v1.${c === "A" ? "B" : "A"}`) } });
          if (fault === "no cookie") request = new Request(callback);
          const err = await rejectionOf(app.signIn.finish(request));
          const secrets: Record<string, string> = { secret, cookie: cookie.split("=")[1]! };
          if (code) secrets.code = code;
          for (const [i, sent] of app.exchanged.entries()) secrets[`verifier ${i}`] = sent.code_verifier;
          for (const [i, key] of app.minted.entries()) secrets[`key ${i}`] = key;
          expectNoSecretIn(err, secrets);
        },
      ),
      settings(60),
    );
  });

  it("the refusals of start, signOut and createSignIn print no secret either", async () => {
    const secret = "the-app-sealing-secret-that-must-never-print";
    const app = testApp({ secret });
    const jar = new CookieJar();
    const callback = await startAndDecide(app, jar);
    const { key } = await app.signIn.finish(jar.request(callback));
    const secrets = { secret, key, cookie: jar.header() };
    expectNoSecretIn(await rejectionOf(app.signIn.start(jar.request(`${APP}/start`), { returnTo: `//${key}` })), { secret });
    expectNoSecretIn(await rejectionOf(app.signIn.signOut(jar.request(`${APP}/sign-out`))), secrets);
    expectNoSecretIn(await rejectionOf(Promise.resolve().then(() => testApp({ secret: secret.slice(0, 20) }))), { secret: secret.slice(0, 20) });
  });
});
