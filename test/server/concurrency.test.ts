// 100 browsers sign in at once against one app and one fake: each ends with its own key, none sees another's.
import { describe, expect, it } from "vitest";
import { FAKE_USER_ID } from "../../src/testing/index.js";
import { APP, CookieJar, signInWith, testApp } from "./support.js";

describe("concurrent sign-ins", () => {
  it("100 at once, each its own cookie jar, each ends with its own key and no cross-talk", async () => {
    const app = testApp();
    const jars = Array.from({ length: 100 }, () => new CookieJar());
    const finished = await Promise.all(jars.map((jar, i) => signInWith(app, jar, `/user/${i}`)));
    expect(app.fake.calls.exchangeAuthCodeForAPIKey).toBe(100);
    expect(new Set(finished.map((f) => f.key)).size).toBe(100);
    expect(new Set(app.minted)).toEqual(new Set(finished.map((f) => f.key)));
    // Each exchange used its own verifier.
    expect(new Set(app.exchanged.map((body) => body.code_verifier)).size).toBe(100);
    for (const [i, jar] of jars.entries()) {
      expect(finished[i]!.returnTo).toBe(`/user/${i}`);
      expect(finished[i]!.user_id).toBe(FAKE_USER_ID);
      expect(await app.signIn.keyOf(jar.request(`${APP}/`))).toBe(finished[i]!.key);
      expect([...jar.cookies.keys()]).toEqual(["__Host-openrouter-session"]);
    }
  });
});
