import { afterEach, describe, expect, it, vi } from "vitest";
import { computeCodeChallenge, createPkcePair, InvalidRequestError } from "../../src/index.js";

describe("PKCE", () => {
  it("computes the RFC 7636 Appendix B challenge exactly", async () => {
    expect(await computeCodeChallenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")).toBe(
      "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
    );
  });

  it("makes a 43-character verifier from 32 random bytes whose challenge is its S256 hash", async () => {
    const pair = await createPkcePair();
    expect(pair.code_verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(pair.code_challenge_method).toBe("S256");
    expect(pair.code_challenge).toBe(await computeCodeChallenge(pair.code_verifier));
    expect(pair.code_challenge).not.toBe(pair.code_verifier);
  });

  it("makes a different verifier every time", async () => {
    const verifiers = new Set(await Promise.all(Array.from({ length: 50 }, async () => (await createPkcePair()).code_verifier)));
    expect(verifiers.size).toBe(50);
  });

  it.each([["too short", "a".repeat(42)], ["too long", "a".repeat(129)], ["outside the alphabet", `${"a".repeat(42)}+`]])(
    "refuses a verifier %s",
    async (_, verifier) => {
      await expect(computeCodeChallenge(verifier)).rejects.toBeInstanceOf(InvalidRequestError);
      await expect(computeCodeChallenge(verifier)).rejects.toMatchObject({ field: "code_verifier" });
    },
  );

  describe("without Web Crypto (a browser page on plain http)", () => {
    afterEach(() => vi.unstubAllGlobals());

    it("explains that PKCE needs a secure context", async () => {
      vi.stubGlobal("crypto", undefined);
      const error = await createPkcePair().catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(InvalidRequestError);
      // The explanation is the behaviour: the person reads why, and what to do.
      expect((error as Error).message).toBe("PKCE needs Web Crypto, which browsers provide only to https and localhost pages.");
    });
  });
});
