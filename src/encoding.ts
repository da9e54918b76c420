// Bytes as text, the two ways this package writes them: base64url (PKCE verifiers and challenges, sealed cookies)
// and lowercase hex (states, key hashes, the fake's codes and keys).

/** base64url without padding (RFC 4648 section 5). */
export function toBase64url(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** Lowercase hex, two digits a byte. */
export const toHex = (bytes: Uint8Array): string => Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");

/** `count` random bytes as lowercase hex. */
export const randomHex = (count: number): string => toHex(globalThis.crypto.getRandomValues(new Uint8Array(count)));
