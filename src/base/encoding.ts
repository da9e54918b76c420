// Bytes as text, the two ways this package writes them: base64url (PKCE verifiers and challenges, sealed cookies)
// and lowercase hex (states, key hashes, the fake's codes and keys).

/** base64url without padding (RFC 4648 section 5). */
export function toBase64url(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** The bytes of base64url text, or undefined unless `text` is exactly how toBase64url writes them. */
export function fromBase64url(text: string): Uint8Array<ArrayBuffer> | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return undefined;
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    bytes = Uint8Array.from(atob(text.replace(/-/g, "+").replace(/_/g, "/")), (c) => c.charCodeAt(0));
  } catch {
    return undefined; // a length base64 cannot have
  }
  // Only the one spelling we write: a last character with other unused bits is still a changed cookie.
  return toBase64url(bytes) === text ? bytes : undefined;
}

/** Lowercase hex, two digits a byte. */
export const toHex = (bytes: Uint8Array): string => Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");

/** `count` random bytes as lowercase hex. */
export const randomHex = (count: number): string => toHex(globalThis.crypto.getRandomValues(new Uint8Array(count)));
