// createSignIn refuses a wrong option at once, with an error naming it (and never quoting a secret).
import { describe, expect, it } from "vitest";
import { InvalidRequestError } from "../../src/index.js";
import { createSignIn, type SignInOptions } from "../../src/server/index.js";
import { ALLOWED_CALLBACKS, REFUSED_CALLBACKS } from "../support/callbacks.js";
import { CALLBACK_URL, SECRET } from "./support.js";

function refusal(options: unknown): InvalidRequestError {
  try {
    createSignIn(options as SignInOptions);
  } catch (err) {
    expect(err).toBeInstanceOf(InvalidRequestError);
    return err as InvalidRequestError;
  }
  throw new Error("expected createSignIn to refuse these options");
}

const valid = { secret: SECRET, callbackUrl: CALLBACK_URL };

describe("createSignIn options", () => {
  it.each([
    ["no options", undefined, "options"],
    ["a secret of 31 characters", { ...valid, secret: "s".repeat(31) }, "secret"],
    ["an empty list of secrets", { ...valid, secret: [] }, "secret"],
    ["no callbackUrl", { secret: SECRET }, "callbackUrl"],
    ["a relative callbackUrl", { ...valid, callbackUrl: "/callback" }, "callbackUrl"],
    ["an http callbackUrl off loopback", { ...valid, callbackUrl: "http://app.example/callback" }, "callbackUrl"],
    ["a callbackUrl carrying a state of its own, which the sign-in's would overwrite", { ...valid, callbackUrl: `${CALLBACK_URL}?state=x` }, "callbackUrl"],
    ["a keyLabel over 100 characters", { ...valid, keyLabel: "k".repeat(101) }, "keyLabel"],
    ["an http authUrl off loopback", { ...valid, authUrl: "http://openrouter.example/auth" }, "authUrl"],
    ["a baseUrl that is no URL", { ...valid, baseUrl: "openrouter.ai" }, "baseUrl"],
    ["a fetch that is no function", { ...valid, fetch: "fetch" }, "fetch"],
    ["a now that is no function", { ...valid, now: 5 }, "now"],
    ["an onWarning that is no function", { ...valid, onWarning: "console" }, "onWarning"],
    ["session of another type", { ...valid, session: "yes" }, "session"],
    ["a session maxAgeSeconds of 0", { ...valid, session: { maxAgeSeconds: 0 } }, "session"],
    ["a fractional session maxAgeSeconds", { ...valid, session: { maxAgeSeconds: 1.5 } }, "session"],
  ])("refuses %s", (_, options, field) => {
    const err = refusal(options);
    expect(err.field).toBe(field);
    expect(err.message).toMatch(/^createSignIn: /);
  });

  it("refuses a callbackUrl carrying a state in its own words, with no state option to point to", () => {
    expect(refusal({ ...valid, callbackUrl: `${CALLBACK_URL}?state=x` }).message).toBe(
      "createSignIn: callbackUrl already carries a state, where the sign-in puts its own.",
    );
  });

  it("never quotes a short secret", () => {
    const secret = "my-short-but-real-secret";
    const err = refusal({ ...valid, secret: [SECRET, secret] });
    expect(err.message).toContain("secret[1]");
    expect(JSON.stringify(err) + String(err) + err.stack).not.toContain(secret);
  });

  it("accepts the minimal options, session on or off, and loopback development URLs", () => {
    expect(createSignIn(valid).start).toBeTypeOf("function");
    expect(createSignIn({ ...valid, session: true, callbackUrl: "http://localhost:8787/cb" }).keyOf).toBeTypeOf("function");
    expect(createSignIn({ ...valid, session: { maxAgeSeconds: 60 }, callbackUrl: "http://127.0.0.1:8787/cb" }).signOut).toBeTypeOf("function");
    expect(createSignIn({ ...valid, callbackUrl: "http://[::1]:8787/cb" }).finish).toBeTypeOf("function");
  });

  // The server serves its callback route itself, so an app's own scheme, which only the app can answer, is no callback of its.
  it.each(ALLOWED_CALLBACKS.filter((url) => !/^https?:/.test(url)))("refuses the app scheme callback %s, which no web server serves", (callbackUrl) => {
    expect(refusal({ ...valid, callbackUrl })).toMatchObject({ field: "callbackUrl", code: "invalid_request" });
  });

  it.each(REFUSED_CALLBACKS)("refuses %s as its callbackUrl, as buildAuthorizationUrl does", (_, callbackUrl) => {
    expect(refusal({ ...valid, callbackUrl })).toMatchObject({ field: "callbackUrl" });
  });
});

describe("the server entry", () => {
  it("imports nothing of Node, so it runs where only Request, Response and Web Crypto exist", async () => {
    // Bundled for a browser, everything it reaches included: a node: import anywhere fails the build.
    const { build } = await import("esbuild");
    const result = await build({
      entryPoints: [new URL("../../src/server/index.ts", import.meta.url).pathname],
      bundle: true,
      format: "esm",
      platform: "browser",
      write: false,
      logLevel: "silent",
    });
    // The build itself is the check: for the browser platform, esbuild refuses anything that imports node:.
    expect(result.outputFiles[0]!.text).toContain("createSignIn");
  });
});
