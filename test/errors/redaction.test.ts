// The redaction helper itself (an internal, tested on purpose): whole secrets are masked wherever they occur,
// and the caller's values are never changed.
import { describe, expect, it } from "vitest";
import { redact } from "../../src/errors/redact.js";
import { CODE, VERIFIER } from "../support/fixtures.js";

describe("redact", () => {
  it("masks every occurrence of every secret in a string", () => {
    expect(redact(`${CODE}/${VERIFIER}/${CODE}`, [CODE, VERIFIER])).toBe("[redacted]/[redacted]/[redacted]");
  });

  it("masks secrets in nested objects and arrays, in keys as well as values", () => {
    expect(redact({ a: [{ [CODE]: `x${VERIFIER}x` }], n: 1, z: null }, [CODE, VERIFIER])).toEqual({
      a: [{ "[redacted]": "x[redacted]x" }],
      n: 1,
      z: null,
    });
  });

  it("masks a secret however an echo spells it: URL- or JSON-encoded", () => {
    const secret = 'a/b+c"d~e f';
    const echo = [secret, encodeURIComponent(secret), JSON.stringify(secret)].join(" | ");
    expect(redact(echo, [secret])).toBe('[redacted] | [redacted] | "[redacted]"');
  });

  it("masks a secret that cannot be URL-encoded (a lone surrogate) as it is", () => {
    expect(redact("code ab\uD800 echoed", ["ab\uD800"])).toBe("code [redacted] echoed");
  });

  it("ignores an empty secret instead of masking between every character", () => {
    expect(redact("abc", ["", CODE])).toBe("abc");
  });

  it("masks whole what lies deeper than any real body", () => {
    let deep: unknown = CODE;
    for (let i = 0; i < 40; i += 1) deep = [deep];
    expect(JSON.stringify(redact(deep, []))).toBe(`${"[".repeat(33)}"[redacted]"${"]".repeat(33)}`);
  });

  it("returns a copy and leaves the given value unchanged", () => {
    const value = { text: CODE, list: [CODE] };
    const copy = redact(value, [CODE]);
    expect(value).toEqual({ text: CODE, list: [CODE] });
    expect(copy).not.toBe(value);
  });
});
