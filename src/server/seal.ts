import { fromBase64url, toBase64url } from "../base/encoding.js";
import { fail } from "../transport/options.js";
import { webCrypto } from "../base/web-crypto.js";

/** What a sealed cookie is for; each purpose has a key of its own, derived from the secret. */
export type Purpose = "pending sign-in" | "session";

export interface Sealer {
  /** Seals `data` for the cookie `name`, to be opened until `expiresAt` (ms since the epoch). */
  seal(purpose: Purpose, name: string, data: unknown, expiresAt: number): Promise<string>;
  /** The data, or undefined when the value is not a seal of ours for this purpose and name, or has expired. */
  open(purpose: Purpose, name: string, value: string, now: number): Promise<unknown>;
}

export const MIN_SECRET_LENGTH = 32;
/** What needs Web Crypto here, as an error says when it is missing. */
const SEALING = "Sealing the sign-in cookies";
const VERSION = "v1";
const IV_BYTES = 12;
const encoder = new TextEncoder();

/**
 * The secrets as a list, newest first, each checked; the message never quotes one. `given` names where they came
 * from: `secret`, or `secret()` for what the secret function returned.
 */
export function checkSecrets(secret: unknown, given = "secret"): string[] {
  const secrets = Array.isArray(secret) ? secret : [secret];
  if (!secrets.length) {
    fail("createSignIn", "secret", `${given} must be a string, or a non-empty list of strings (newest first)`);
  }
  for (const [i, value] of secrets.entries()) {
    const which = Array.isArray(secret) ? `${given}[${i}]` : given;
    if (typeof value !== "string" || value.length < MIN_SECRET_LENGTH) {
      fail("createSignIn", "secret", `${which} must be a string of at least ${MIN_SECRET_LENGTH} characters (make one with \`openssl rand -base64 32\`)`);
    }
  }
  // A copy: the keys are cached by position, so a later change to the caller's list must not move them.
  return [...secrets] as string[];
}

/**
 * A sealer whose secrets are given, or come from a function called when a cookie is first sealed or opened.
 * What the function gives is checked then; a failure is thrown to that caller, and the next one asks again.
 */
export function lazySealer(secrets: readonly string[] | (() => unknown)): Sealer {
  if (typeof secrets !== "function") return createSealer(secrets);
  let sealer: Sealer | undefined;
  const ready = () => {
    if (sealer) return sealer;
    let given: unknown;
    try {
      given = secrets();
    } catch {
      // Its error is not passed on: it may quote what it read.
      fail("createSignIn", "secret", "the secret function threw; it must return the secret (or a list, newest first)");
    }
    sealer = createSealer(checkSecrets(given, "secret()"));
    return sealer;
  };
  return {
    seal: (...args) => ready().seal(...args),
    open: (...args) => ready().open(...args),
  };
}

/**
 * AES-256-GCM under keys derived from each secret by HKDF-SHA-256, one key per purpose. The cookie's name and
 * purpose are the additional data, and the expiry is inside the ciphertext, so a seal cannot be read, altered,
 * renamed, put to another purpose or kept alive. The first secret seals; every secret opens (rotation).
 */
export function createSealer(secrets: readonly string[]): Sealer {
  const keys = new Map<string, Promise<CryptoKey>>();

  function keyFor(secret: string, index: number, purpose: Purpose): Promise<CryptoKey> {
    const id = `${index}\0${purpose}`;
    let key = keys.get(id);
    if (!key) {
      const { subtle } = webCrypto(SEALING);
      key = subtle
        .importKey("raw", encoder.encode(secret), "HKDF", false, ["deriveKey"])
        .then((material) =>
          subtle.deriveKey(
            { name: "HKDF", hash: "SHA-256", salt: encoder.encode(`openrouter-oauth/server ${VERSION}`), info: encoder.encode(purpose) },
            material,
            { name: "AES-GCM", length: 256 },
            false,
            ["encrypt", "decrypt"],
          ),
        );
      keys.set(id, key);
    }
    return key;
  }

  const additionalData = (purpose: Purpose, name: string) => encoder.encode(`${VERSION}\0${purpose}\0${name}`);

  return {
    async seal(purpose, name, data, expiresAt) {
      const iv = webCrypto(SEALING).getRandomValues(new Uint8Array(IV_BYTES));
      const plaintext = encoder.encode(JSON.stringify({ expiresAt, data }));
      const key = await keyFor(secrets[0]!, 0, purpose);
      const sealed = new Uint8Array(await webCrypto(SEALING).subtle.encrypt({ name: "AES-GCM", iv, additionalData: additionalData(purpose, name) }, key, plaintext));
      const bytes = new Uint8Array(IV_BYTES + sealed.length);
      bytes.set(iv);
      bytes.set(sealed, IV_BYTES);
      return `${VERSION}.${toBase64url(bytes)}`;
    },

    async open(purpose, name, value, now) {
      const [version, body, extra] = value.split(".");
      const bytes = version === VERSION && extra === undefined && body ? fromBase64url(body) : undefined;
      // The IV and GCM's 16-byte tag at least.
      if (!bytes || bytes.length < IV_BYTES + 16) return undefined;
      const iv = bytes.subarray(0, IV_BYTES);
      const ciphertext = bytes.subarray(IV_BYTES);
      for (const [index, secret] of secrets.entries()) {
        // Outside the try: a platform without Web Crypto is an error to see, not every user signed out.
        const key = await keyFor(secret, index, purpose);
        let plaintext: ArrayBuffer;
        try {
          plaintext = await webCrypto(SEALING).subtle.decrypt({ name: "AES-GCM", iv, additionalData: additionalData(purpose, name) }, key, ciphertext);
        } catch {
          continue; // sealed under another secret, or not at all
        }
        const { expiresAt, data } = JSON.parse(new TextDecoder().decode(plaintext)) as { expiresAt: number; data: unknown };
        return typeof expiresAt === "number" && now < expiresAt ? data : undefined;
      }
      return undefined;
    },
  };
}
