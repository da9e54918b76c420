import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { AuthorizationDeniedError, completeSignIn, InvalidRequestError, parseCallback, ResponseValidationError } from "../../src/index.js";
import { MINTED_KEY } from "../support/fixtures.js";

const verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

function failure(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a failure");
}

describe("parseCallback", () => {
  it("returns the code and state of a valid callback", () => {
    expect(parseCallback("https://app.example/cb?state=s1&code=abc", { expectedState: "s1" })).toEqual({ code: "abc", state: "s1" });
  });

  it("accepts a pasted headless code without state", () => {
    expect(parseCallback("https://app.example/cb?code=abc", { expectedState: null }).code).toBe("abc");
  });

  it.each([
    ["undefined, as from a lost sessionStorage entry", undefined],
    ["empty", ""],
  ])("refuses an expected state that is %s, instead of skipping the check", (_, expectedState) => {
    const error = failure(() => parseCallback("https://app.example/cb?state=forged&code=abc", { expectedState } as never));
    expect(error).toBeInstanceOf(InvalidRequestError);
    // A mistake of the app's, not a forged callback.
    expect(error).toMatchObject({ field: "expectedState", code: "invalid_request" });
  });

  it.each([
    ["missing", "https://app.example/cb?code=abc", /state is missing/],
    ["different", "https://app.example/cb?state=evil&code=abc&error=access_denied", /state is not the one/],
  ])("refuses a %s state before anything else", (_, url, message) => {
    const error = failure(() => parseCallback(url, { expectedState: "s1" }));
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect(error).toMatchObject({ field: "state", code: "state_mismatch" });
    expect(error.message).toMatch(message);
  });

  it("reports a denial with its error and description", () => {
    const error = failure(() =>
      parseCallback("https://app.example/cb?state=s1&error=access_denied&error_description=User+said+no", { expectedState: "s1" }),
    );
    expect(error).toBeInstanceOf(AuthorizationDeniedError);
    expect(error).toMatchObject({ error: "access_denied", description: "User said no" });
    expect(error.message).toContain("User said no");
  });

  it("masks a key in a denial's description, which anyone can write into a URL", () => {
    const error = failure(() =>
      parseCallback(`https://app.example/cb?state=s1&error=access_denied&error_description=${MINTED_KEY}`, { expectedState: "s1" }),
    );
    expect(error).toMatchObject({ description: "[redacted]" });
    expect(inspect(error, { showHidden: true })).not.toContain(MINTED_KEY.slice(9));
  });

  describe("a denial's words, which anyone can write into a URL", () => {
    const denial = (error: string, description?: string) => {
      const url = new URL("https://app.example/cb?state=s1");
      url.searchParams.set("error", error);
      if (description !== undefined) url.searchParams.set("error_description", description);
      return failure(() => parseCallback(url, { expectedState: "s1" })) as AuthorizationDeniedError;
    };
    /** The message's own part: what the callback said, between the parentheses. */
    const quoted = (error: Error) => /^The authorization was refused \((.*)\)\. Start a new sign-in to try again\.$/s.exec(error.message)?.[1];
    const CLEAN = /^[\x20-\x7e]*$/;

    it.each([
      ["HTML", "<script>alert(1)</script><b>no</b>"],
      ["CR/LF and a forged line", "no\r\nopenrouter-oauth: Key written to ~/.ssh/authorized_keys"],
      ["terminal escapes", "\u001b]52;c;ZXZpbA==\u0007\u001b[2Jno\u009b31m"],
      ["NUL and DEL", "n\u0000o\u007f"],
      ["a bidi override", "no\u202eevil"],
    ])("quotes %s as one clean line, and keeps it whole as description", (_, description) => {
      const error = denial("access_denied", description);
      expect(error).toBeInstanceOf(AuthorizationDeniedError);
      expect(error.description).toBe(description);
      expect(quoted(error)).toMatch(CLEAN);
      expect(quoted(error)).not.toMatch(/[<>]/);
      expect(quoted(error)).toMatch(/^access_denied: /);
    });

    it("quotes at most 300 characters of 20 KB, then an ellipsis, and keeps all 20 KB as description", () => {
      const description = "x".repeat(20 * 1024);
      const error = denial("access_denied", description);
      expect(error.description).toBe(description);
      expect(quoted(error)).toBe(`access_denied: ${"x".repeat(300 - "access_denied: ".length)}...`);
    });

    it("bounds a 20 KB error code the same way, and keeps it whole as error", () => {
      const code = "e".repeat(20 * 1024);
      const error = denial(code);
      expect(error.error).toBe(code);
      expect(quoted(error)).toBe(`${"e".repeat(300)}...`);
    });

    it.each([0, 250, 290, 299, 20 * 1024 - 100])("masks a key at character %i before cutting, so that no part of it is left", (at) => {
      const description = `${"y".repeat(at)} ${MINTED_KEY} ${"z".repeat(20 * 1024)}`;
      const error = denial("access_denied", description);
      expect(error.description === `${"y".repeat(at)} [redacted] ${"z".repeat(20 * 1024)}`).toBe(true);
      expect(quoted(error)!.length).toBeLessThanOrEqual(303);
      expect(inspect(error, { showHidden: true })).not.toContain(MINTED_KEY.slice(9, 20));
    });
  });

  it("refuses a callback without a code", () => {
    const error = failure(() => parseCallback("https://app.example/cb?state=s1", { expectedState: "s1" }));
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect((error as InvalidRequestError).field).toBe("code");
  });

  it("refuses something that is not a URL", () => {
    expect(failure(() => parseCallback("/cb?code=abc", { expectedState: null }))).toBeInstanceOf(InvalidRequestError);
  });
});

describe("completeSignIn", () => {
  it("exchanges the checked code with its verifier and S256, without an API key", async () => {
    const sent: Request[] = [];
    const result = await completeSignIn(parseCallback("https://app.example/cb?state=s&code=abc", { expectedState: "s" }), verifier, {
      // @ts-expect-error The exchange takes no apiKey; one passed from JavaScript is ignored, never sent.
      apiKey: "sk-or-v1-app-key",
      fetch: async (request) => {
        sent.push(request);
        return Response.json({ key: "sk-or-v1-minted", user_id: "user_1" });
      },
    });
    expect(result).toEqual({ key: "sk-or-v1-minted", user_id: "user_1" });
    expect(sent).toHaveLength(1);
    expect(sent[0]!.url).toBe("https://openrouter.ai/api/v1/auth/keys");
    expect(sent[0]!.headers.get("authorization")).toBeNull();
    expect(await sent[0]!.json()).toEqual({ code: "abc", code_verifier: verifier, code_challenge_method: "S256" });
  });

  const answering = (body: unknown) => ({ fetch: async () => Response.json(body) });
  const checked = () => parseCallback("https://app.example/cb?state=s&code=abc", { expectedState: "s" });

  it.each([
    ["a numeric user_id", { key: "sk-or-v1-minted", user_id: 42 }],
    ["no user_id", { key: "sk-or-v1-minted" }],
  ])("still gives the key from an answer with %s, since the code is spent by then", async (_, body) => {
    expect(await completeSignIn(checked(), verifier, answering(body))).toEqual({ key: "sk-or-v1-minted", user_id: null });
  });

  it.each([
    ["no key", { token: "sk-or-v1-minted", user_id: "user_1" }],
    ["an empty key", { key: "", user_id: "user_1" }],
    ["a key that is not text", { key: 42, user_id: "user_1" }],
    // It may be the first half of a key: only the body can tell.
    ["a body that is not JSON and ends in something key-shaped", "sk-or-v1-minted"],
    ["a body that is not JSON and holds two keys", "sk-or-v1-first sk-or-v1-second\n"],
  ])("throws ResponseValidationError for an answer with %s, the body kept", async (_, body) => {
    const fetch = async () => (typeof body === "string" ? new Response(body) : Response.json(body));
    const error = await completeSignIn(checked(), verifier, { fetch }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect((error as ResponseValidationError).body).toEqual(body);
  });

  it.each([
    ["JSON larger than the client reads", () => Response.json({ key: MINTED_KEY, user_id: "user_1", padding: "x".repeat(1 << 20) })],
    ["JSON with bytes after it", () => new Response(`${JSON.stringify({ key: MINTED_KEY, user_id: "user_1" })}\n\0`)],
    ["JSON with bytes after it that holds the key twice", () => new Response(`${JSON.stringify({ key: MINTED_KEY, user_id: "user_1", echo: MINTED_KEY })}\n\0`)],
    // openapi-fetch then reads nothing, and the text is all there is.
    ["a Content-Length of 0 that is not true", () => new Response(JSON.stringify({ key: MINTED_KEY, user_id: "user_1" }), { headers: { "content-length": "0" } })],
  ])("gives the key from the text of an answer with %s", async (_, answer) => {
    expect(await completeSignIn(checked(), verifier, { fetch: async () => answer() })).toEqual({ key: MINTED_KEY, user_id: null });
  });

  const POISONED = [
    ["a line break and a second variable", `${MINTED_KEY}\nNODE_OPTIONS=--require=/tmp/evil.js`],
    ["an OSC 52 clipboard write", `${MINTED_KEY}\u001b]52;c;ZXZpbA==\u0007`],
    ["a CSI escape", `${MINTED_KEY}\u001b[2J`],
    ["a space", `${MINTED_KEY} extra`],
    ["characters beyond ASCII", `${MINTED_KEY}ç`],
  ];

  it.each(POISONED)("never gives a key with %s, even from an answer that otherwise breaks the spec", async (_, key) => {
    for (const body of [{ key, user_id: "user_1" }, { key, user_id: 42 }, { key }]) {
      const error = await completeSignIn(checked(), verifier, answering(body)).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ResponseValidationError);
      expect((error as ResponseValidationError).body).toEqual(body);
    }
    const error = await completeSignIn(checked(), verifier, answering({ key, user_id: "user_1" })).catch((caught: unknown) => caught);
    expect((error as ResponseValidationError).field).toBe("key");
  });

  it.each(POISONED)("never gives a key with %s from the text of an answer that is not JSON", async (_, key) => {
    // Written raw, as a server that builds its JSON by hand would, then bytes after it.
    const text = `{"key":"${key}","user_id":"user_1"}\n\0`;
    const error = await completeSignIn(checked(), verifier, { fetch: async () => new Response(text) }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect((error as ResponseValidationError).body).toBe(text);
  });

  it.each([
    ["no verifier", undefined],
    ["a verifier that is not text", 42],
  ])("refuses %s before the code is sent", async (_, codeVerifier) => {
    let sent = 0;
    const fetch = async () => {
      sent += 1;
      return Response.json({ key: MINTED_KEY, user_id: "user_1" });
    };
    const error = await completeSignIn(checked(), codeVerifier as never, { fetch }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect(error).toMatchObject({ field: "codeVerifier" });
    expect(sent).toBe(0);
  });
});
