// The sealed cookie value: AES-256-GCM under HKDF keys, name and purpose bound in, expiry inside, rotation.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InvalidRequestError } from "../../src/index.js";
import { checkSecrets, createSealer } from "../../src/server/seal.js";
import { settings } from "../properties/support.js";
import { OLD_SECRET, SECRET } from "./support.js";

const NOW = 1_800_000_000_000;
const LATER = NOW + 60_000;
const NAME = "__Host-openrouter-sign-in-0123456789abcdef01234567";
const data = { state: "s".repeat(32), verifier: "v".repeat(43), returnTo: "/" };

const sealer = createSealer([SECRET]);
const sealed = () => sealer.seal("pending sign-in", NAME, data, LATER);

describe("a seal", () => {
  it("opens with its secret, purpose and name before its expiry", async () => {
    expect(await sealer.open("pending sign-in", NAME, await sealed(), NOW)).toEqual(data);
  });

  it("is different each time (a fresh IV) and shows nothing of what it holds", async () => {
    const [a, b] = [await sealed(), await sealed()];
    expect(a).not.toBe(b);
    expect(a).toMatch(/^v1\.[A-Za-z0-9_-]+$/);
    for (const text of [a, atob(a.slice(3).replace(/-/g, "+").replace(/_/g, "/"))]) {
      expect(text).not.toContain(data.verifier);
      expect(text).not.toContain(data.state);
    }
  });

  it("does not open at or after its expiry (the expiry is inside, so the cookie's Max-Age cannot extend it)", async () => {
    expect(await sealer.open("pending sign-in", NAME, await sealed(), LATER)).toBeUndefined();
    expect(await sealer.open("pending sign-in", NAME, await sealed(), LATER + 1)).toBeUndefined();
  });

  it("does not open for another purpose: a session cookie is no pending sign-in, and back", async () => {
    expect(await sealer.open("session", NAME, await sealed(), NOW)).toBeUndefined();
    const session = await sealer.seal("session", NAME, { key: "k", user_id: null }, LATER);
    expect(await sealer.open("pending sign-in", NAME, session, NOW)).toBeUndefined();
  });

  it("does not open under another cookie name", async () => {
    expect(await sealer.open("pending sign-in", `${NAME}x`, await sealed(), NOW)).toBeUndefined();
  });

  it("does not open with another secret", async () => {
    expect(await createSealer([OLD_SECRET]).open("pending sign-in", NAME, await sealed(), NOW)).toBeUndefined();
  });

  it("rotation: the newest secret seals, every listed one opens, a dropped one no longer does", async () => {
    const old = await createSealer([OLD_SECRET]).seal("pending sign-in", NAME, data, LATER);
    const rotated = createSealer([SECRET, OLD_SECRET]);
    expect(await rotated.open("pending sign-in", NAME, old, NOW)).toEqual(data);
    const fresh = await rotated.seal("pending sign-in", NAME, data, LATER);
    expect(await createSealer([SECRET]).open("pending sign-in", NAME, fresh, NOW)).toEqual(data);
    expect(await createSealer([OLD_SECRET]).open("pending sign-in", NAME, fresh, NOW)).toBeUndefined();
    expect(await createSealer([SECRET]).open("pending sign-in", NAME, old, NOW)).toBeUndefined();
  });

  it("tampered anywhere (one character changed) does not open", async () => {
    const value = await sealed();
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: value.length - 1 }), fc.constantFrom(..."AQgw_-.0="), async (at, replacement) => {
        fc.pre(value[at] !== replacement);
        const tampered = value.slice(0, at) + replacement + value.slice(at + 1);
        expect(await sealer.open("pending sign-in", NAME, tampered, NOW)).toBeUndefined();
      }),
      settings(200),
    );
  });

  it("truncated or extended does not open", async () => {
    const value = await sealed();
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: value.length - 1 }), fc.string({ maxLength: 8 }), async (length, extra) => {
        expect(await sealer.open("pending sign-in", NAME, value.slice(0, length), NOW)).toBeUndefined();
        fc.pre(extra !== "");
        expect(await sealer.open("pending sign-in", NAME, value + extra, NOW)).toBeUndefined();
      }),
      settings(150),
    );
  });

  it("any string at all opens to undefined, never an exception", async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string(), fc.string().map((s) => `v1.${s}`), fc.base64String().map((s) => `v1.${s}`)), async (value) => {
        expect(await sealer.open("session", NAME, value, NOW)).toBeUndefined();
      }),
      settings(300),
    );
  });

  it("holds any JSON data", async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), async (value) => {
        const seal = await sealer.seal("session", NAME, value, LATER);
        expect(await sealer.open("session", NAME, seal, NOW)).toEqual(JSON.parse(JSON.stringify(value)));
      }),
      settings(100),
    );
  });
});

describe("the secrets", () => {
  it.each([
    ["a short string", "too-short"],
    ["31 characters", "x".repeat(31)],
    ["an empty list", []],
    ["a list with a short one", [SECRET, "short"]],
    ["a number", 42],
    ["undefined", undefined],
  ])("refuses %s, without quoting it", (_, secret) => {
    let err: unknown;
    try {
      checkSecrets(secret);
    } catch (caught) {
      err = caught;
    }
    expect(err).toBeInstanceOf(InvalidRequestError);
    expect((err as InvalidRequestError).field).toBe("secret");
    if (typeof secret === "string") expect(String(err)).not.toContain(secret);
    if (Array.isArray(secret) && secret[1]) expect(String(err)).not.toContain(secret[1]);
  });

  it("accepts 32 characters, and a list newest first", () => {
    expect(checkSecrets("x".repeat(32))).toEqual(["x".repeat(32)]);
    expect(checkSecrets([SECRET, OLD_SECRET])).toEqual([SECRET, OLD_SECRET]);
  });
});

describe("the spelling of a seal", () => {
  it("is refused when its last character differs only in bits base64 does not use", async () => {
    // A body whose byte count is not a multiple of 3 ends in a character with unused bits; find one.
    let value = "";
    for (let n = 0; value === "" || value.slice(3).length % 4 === 0; n++) value = await sealer.seal("session", NAME, "x".repeat(n), LATER);
    const body = value.slice(3);
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const unused = body.length % 4 === 2 ? 4 : body.length % 4 === 3 ? 2 : 0;
    expect(unused).toBeGreaterThan(0);
    const last = alphabet.indexOf(body.at(-1)!);
    const twin = `${value.slice(0, -1)}${alphabet[last ^ 1]}`;
    expect(await sealer.open("session", NAME, twin, NOW)).toBeUndefined();
  });
});
