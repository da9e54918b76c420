// One rule for the callback an app hands the authorization page: https, http on a loopback host, or a scheme the
// app registers, never one that runs script or reads files, nor a user, password or fragment. parseCallback
// reads the answer from each of them.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AuthorizationDeniedError, buildAuthorizationUrl, InvalidRequestError, parseCallback } from "../../src/index.js";
import { settings } from "../properties/support.js";
import { ALLOWED_CALLBACKS, REFUSED_CALLBACKS } from "../support/callbacks.js";
import { CHALLENGE, thrownBy } from "../support/fixtures.js";

const build = (callbackUrl: unknown) => buildAuthorizationUrl({ callbackUrl: callbackUrl as string, codeChallenge: CHALLENGE });

/** The callback as the authorization page sends the user back to it: the sign-in's own URL, with `params` added. */
function answered(callbackUrl: string, params: Record<string, string>): string {
  const url = new URL(callbackUrl);
  for (const [name, value] of Object.entries(params)) url.searchParams.append(name, value);
  return url.href;
}

const REFUSED_SCHEMES = ["javascript", "vbscript", "data", "file", "blob", "about", "ws", "wss"];
// RFC 3986 3.1: a letter, then letters, digits, +, - and .
const schemeArb = fc
  .stringMatching(/^[a-z][a-z0-9+.-]{0,20}$/)
  .filter((scheme) => ![...REFUSED_SCHEMES, "http", "https"].includes(scheme));
const randomCase = (text: string) => fc.array(fc.boolean(), { minLength: text.length, maxLength: text.length })
  .map((upper) => [...text].map((c, i) => (upper[i] ? c.toUpperCase() : c)).join(""));

describe("buildAuthorizationUrl's callback rule", () => {
  it.each(ALLOWED_CALLBACKS)("takes %s and carries the state in its own query", (callbackUrl) => {
    const { callbackUrl: sent, state } = build(callbackUrl);
    const url = new URL(sent!);
    expect(url.protocol).toBe(new URL(callbackUrl).protocol);
    expect(url.searchParams.get("state")).toBe(state);
  });

  it.each(REFUSED_CALLBACKS)("refuses %s with an InvalidRequestError naming callbackUrl", (_, callbackUrl) => {
    const error = thrownBy(() => build(callbackUrl), InvalidRequestError);
    expect(error).toMatchObject({ field: "callbackUrl", code: "invalid_request" });
  });

  it("takes any scheme an app can register, and reads the code and state back from it", () => {
    fc.assert(
      fc.property(schemeArb, fc.stringMatching(/^[a-z0-9-]{1,20}(\.[a-z0-9-]{1,20})?$/), (scheme, name) => {
        const { callbackUrl, state } = build(`${scheme}://${name}/callback`);
        const callback = parseCallback(answered(callbackUrl!, { code: "the-code" }), { expectedState: state! });
        expect(callback).toMatchObject({ code: "the-code", state });
      }),
      settings(300),
    );
  });

  it("refuses the script, file and data schemes in any letter case", () => {
    fc.assert(
      fc.property(fc.constantFrom(...REFUSED_SCHEMES).chain(randomCase), fc.constantFrom("//app.example/cb", "alert(1)", "/x"), (scheme, rest) => {
        expect(thrownBy(() => build(`${scheme}:${rest}`), InvalidRequestError).field).toBe("callbackUrl");
      }),
      settings(200),
    );
  });

  it("refuses any allowed callback once it carries a user, a password or a fragment", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ALLOWED_CALLBACKS.filter((url) => new URL(url).host)),
        fc.constantFrom("user@", "user:pass@", ":pass@"),
        (callbackUrl, credentials) => {
          const withCredentials = callbackUrl.replace("://", `://${credentials}`);
          expect(thrownBy(() => build(withCredentials), InvalidRequestError).field).toBe("callbackUrl");
        },
      ),
      settings(100),
    );
    fc.assert(
      fc.property(fc.constantFrom(...ALLOWED_CALLBACKS), fc.string({ maxLength: 10 }), (callbackUrl, fragment) => {
        expect(thrownBy(() => build(`${callbackUrl}#${fragment}`), InvalidRequestError).field).toBe("callbackUrl");
      }),
      settings(100),
    );
  });

  it("refuses http on any host but a loopback one", () => {
    fc.assert(
      fc.property(fc.domain().filter((host) => host !== "localhost"), (host) => {
        expect(thrownBy(() => build(`http://${host}/callback`), InvalidRequestError).field).toBe("callbackUrl");
      }),
      settings(100),
    );
  });
});

describe("parseCallback on every allowed scheme", () => {
  it.each(ALLOWED_CALLBACKS)("reads the code and state from %s, as a string and as a URL", (callbackUrl) => {
    const { callbackUrl: sent, state } = build(callbackUrl);
    const answer = answered(sent!, { code: "the-code" });
    expect(parseCallback(answer, { expectedState: state! })).toMatchObject({ code: "the-code", state });
    expect(parseCallback(new URL(answer), { expectedState: state! })).toMatchObject({ code: "the-code", state });
  });

  it.each(ALLOWED_CALLBACKS)("reads a denial from %s, with the state or without it", (callbackUrl) => {
    const { callbackUrl: sent, state } = build(callbackUrl);
    const withState = answered(sent!, { error: "access_denied" });
    expect(thrownBy(() => parseCallback(withState, { expectedState: state! }), AuthorizationDeniedError)).toMatchObject({ error: "access_denied" });
    // OpenRouter returns no state with a denial.
    const withoutState = answered(callbackUrl.split("?")[0]!, { error: "access_denied" });
    expect(thrownBy(() => parseCallback(withoutState, { expectedState: state! }), AuthorizationDeniedError)).toMatchObject({
      code: "authorization_denied",
      error: "access_denied",
    });
  });

  it("still refuses a denial that carries another sign-in's state", () => {
    const error = thrownBy(() => parseCallback("vscode://publisher.extension/callback?state=other&error=access_denied", { expectedState: "mine" }), InvalidRequestError);
    expect(error).toMatchObject({ field: "state", code: "state_mismatch" });
  });

  it("reads the string a VS Code URI handler's uri.toString() gives, with its query's = and & escaped", () => {
    const callback = parseCallback("vscode://publisher.extension/callback?state%3Dabc123%26code%3Dthe-code", { expectedState: "abc123" });
    expect(callback).toMatchObject({ code: "the-code", state: "abc123" });
    // uri.toString(true) leaves them as they are.
    expect(parseCallback("vscode://publisher.extension/callback?state=abc123&code=the-code", { expectedState: "abc123" })).toMatchObject({
      code: "the-code",
    });
    const denial = thrownBy(() => parseCallback("cursor://publisher.extension/callback?error%3Daccess_denied", { expectedState: "abc123" }), AuthorizationDeniedError);
    expect(denial.error).toBe("access_denied");
  });

  it("still refuses an escaped query that names another state", () => {
    const error = thrownBy(() => parseCallback("vscode://publisher.extension/callback?state%3Dother%26code%3Dc", { expectedState: "mine" }), InvalidRequestError);
    expect(error).toMatchObject({ field: "state", code: "state_mismatch" });
  });

  it("reads a malformed escape as it is, and finds no state in it", () => {
    const error = thrownBy(() => parseCallback("vscode://publisher.extension/callback?state%3D%E0%A4%A", { expectedState: "mine" }), InvalidRequestError);
    expect(error).toMatchObject({ field: "state", code: "state_mismatch" });
  });
});
