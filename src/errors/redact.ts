const MASK = "[redacted]";

// What an OpenRouter key looks like: masked wherever it appears, even when the client never knew that key (a
// server or a proxy may echo one). One character class, so matching stays linear in the text.
const KEY = "sk-or-v1-[A-Za-z0-9_-]+";
const KEY_SHAPED = new RegExp(KEY, "g");

/** `text` with every key-shaped run masked. */
export const maskKeys = (text: string): string => text.replace(KEY_SHAPED, MASK);

/**
 * The one whole key in `text`, the text of a JSON answer (however often the key appears), or undefined when it
 * holds none, or more than one.
 */
export function keyIn(text: string): string | undefined {
  // A key that a JSON string's closing quote ends: one at the very end of a text may have been cut short, and one
  // that a space, a line break or an escape follows is the start of a value that is no key. The pattern is made
  // here, so that a bundle that never looks for one whole key carries none of it.
  const keys = new Set(text.match(new RegExp(`${KEY}(?=")`, "g")));
  return keys.size === 1 ? [...keys][0] : undefined;
}

/** How an echo may spell `secret`: as it is, URL-encoded (when it can be: a lone surrogate cannot) or JSON-escaped. */
function spellings(secret: string | undefined): string[] {
  if (!secret) return [];
  const found = [secret, JSON.stringify(secret).slice(1, -1)];
  try {
    found.push(encodeURIComponent(secret));
  } catch {
    // Not URL-encodable, so never echoed so.
  }
  return found;
}

/**
 * Replaces every occurrence of each secret in `value` (strings inside objects and arrays too), and anything
 * shaped like an OpenRouter key, with a mask; empty and undefined secrets are skipped. Known secrets are replaced
 * as whole values, never found by pattern: a server that echoes a code or a key back cannot leak it into an error.
 */
export function redact<T>(value: T, secrets: readonly (string | undefined)[]): T {
  // Every spelling of each, worked out once for the whole value. Longest first: masking a code inside a longer
  // verifier first would leave the rest of the verifier readable.
  return masked(value, secrets.flatMap(spellings).sort((a, b) => b.length - a.length), 0);
}

function masked<T>(value: T, longestFirst: readonly string[], depth: number): T {
  if (typeof value === "string") return maskKeys(longestFirst.reduce((text: string, secret) => text.split(secret).join(MASK), value)) as T;
  if (typeof value !== "object" || value === null) return value;
  // Deeper than any real body: masked whole, since walking it could overflow the stack.
  if (depth > 32) return MASK as T;
  if (Array.isArray(value)) return value.map((item) => masked(item, longestFirst, depth + 1)) as T;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [masked(k, longestFirst, depth), masked(v, longestFirst, depth + 1)])) as T;
}
