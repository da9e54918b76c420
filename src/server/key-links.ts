/** OpenRouter's origin, where a user manages the keys apps hold. */
export const OPENROUTER_ORIGIN = "https://openrouter.ai";

/** The lowercase hex SHA-256 of the key's UTF-8 bytes: how OpenRouter's pages name a key without showing it. */
export async function keyHash(key: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(key)));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * The key's settings page on OpenRouter, where its owner revokes or limits it (an app cannot revoke a user's key).
 * Opens only for the signed-in owner of the key.
 */
export async function keySettingsUrl(key: string, origin: string = OPENROUTER_ORIGIN): Promise<string> {
  return `${origin}/keys/${await keyHash(key)}`;
}

/** A key shown without giving it away, in the form OpenRouter's own pages use: `sk-or-v1-ab1...f90`. */
export function maskKey(key: string): string {
  const prefix = /^sk-or-v1-/.test(key) ? 12 : 3;
  return key.length <= prefix + 6 ? "…" : `${key.slice(0, prefix)}...${key.slice(-3)}`;
}
