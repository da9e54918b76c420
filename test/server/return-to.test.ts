// returnTo is a path on the app's own site, so the callback's redirect is never an open redirect.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InvalidRequestError } from "../../src/index.js";
import { checkReturnTo } from "../../src/server/return-to.js";
import { settings } from "../properties/support.js";
import { rejectionOf, thrownBy } from "../support/fixtures.js";
import { APP, CookieJar, signInWith, startAndDecide, testApp } from "./support.js";

const ATTACKS = [
  "//evil.example",
  "//evil.example/path",
  "/\\evil.example",
  "/\\/evil.example",
  "https://evil.example/",
  "http:evil.example",
  "javascript:alert(1)",
  "evil.example",
  "",
  " /settings",
  "/\t/evil.example",
  "/\n/evil.example",
  "\\\\evil.example",
  "/foo\\bar",
  "/".padEnd(2001, "a"),
  // Paths that become //host once their dots are resolved.
  "/.//evil.example",
  "/..//evil.example",
  "/%2e//evil.example",
  "/%2E%2E//evil.example",
  "/a/..//evil.example",
  // Short, but over 2000 characters once encoded for the cookie.
  `/${"é".repeat(400)}`,
];

describe("returnTo", () => {
  it.each(ATTACKS)("start refuses %j before anything is sealed", async (returnTo) => {
    const err = await rejectionOf(testApp().signIn.start(new Request(`${APP}/start`), { returnTo }));
    expect(err).toBeInstanceOf(InvalidRequestError);
    expect(err.field).toBe("returnTo");
  });

  it("says a returnTo is too long once encoded, rather than off the site", () => {
    const err = thrownBy(() => checkReturnTo(`/${"é".repeat(400)}`, APP, "start"), InvalidRequestError);
    expect(err.field).toBe("returnTo");
    expect(err.message).toBe("start: returnTo must be at most 2,000 characters once URL-encoded.");
  });

  it.each([42, { href: "/" }, ["/"]])("start refuses a returnTo that is not a string (%j)", async (returnTo) => {
    const options = { returnTo } as unknown as { returnTo: string };
    expect((await rejectionOf(testApp().signIn.start(new Request(`${APP}/start`), options))).field).toBe("returnTo");
  });

  it.each([undefined, null])("a returnTo of %j is the home page", async (returnTo) => {
    const app = testApp();
    const jar = new CookieJar();
    const callback = await startAndDecide(app, jar, "approve", returnTo as unknown as string);
    expect((await app.signIn.finish(jar.request(callback))).returnTo).toBe("/");
  });

  it("keeps a path with its query and fragment, and lands there after the sign-in", async () => {
    const app = testApp();
    const finished = await signInWith(app, new CookieJar(), "/keys?tab=all#new");
    expect(finished.returnTo).toBe("/keys?tab=all#new");
    expect(finished.response.headers.get("location")).toBe(`${APP}/keys?tab=all#new`);
  });

  it("whatever string it is given, what it accepts stays on the app's origin", () => {
    const candidates = fc.oneof(
      fc.string(),
      fc.string().map((s) => `/${s}`),
      fc.constantFrom(...ATTACKS).chain((attack) => fc.string({ maxLength: 4 }).map((s) => attack + s)),
      fc.tuple(fc.constantFrom("/.", "/..", "/%2e", "/a/..", "/./."), fc.constantFrom("/", "\\", ""), fc.string({ maxLength: 6 })).map((parts) => `${parts.join("")}/x`),
      fc.webUrl(),
      fc.webPath(),
    );
    fc.assert(
      fc.property(candidates, (returnTo) => {
        let accepted: string;
        try {
          accepted = checkReturnTo(returnTo, APP, "start");
        } catch (err) {
          expect(err).toBeInstanceOf(InvalidRequestError);
          return;
        }
        expect(accepted.startsWith("/")).toBe(true);
        expect(accepted[1] === "/" || accepted[1] === "\\").toBe(false);
        expect(new URL(accepted, APP).origin).toBe(APP);
        // What a browser does with the redirect's Location: the same origin again.
        expect(new URL(new URL(accepted, APP).href).origin).toBe(APP);
      }),
      settings(500),
    );
  });
});
