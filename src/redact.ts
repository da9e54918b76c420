const MASK = "[redacted]";

/**
 * Replaces every occurrence of each secret in `value` (strings inside objects and arrays too) with a mask;
 * empty and undefined secrets are skipped.
 * Whole values are replaced, never patterns: a server that echoes a code or a key back cannot leak it into an error.
 */
export function redact<T>(value: T, secrets: readonly (string | undefined)[]): T {
  if (typeof value === "string") {
    // Longest first: masking a code inside a longer verifier first would leave the rest of the verifier readable.
    const longestFirst = secrets.filter((secret): secret is string => !!secret).sort((a, b) => b.length - a.length);
    return longestFirst.reduce((text: string, secret) => text.split(secret).join(MASK), value) as T;
  }
  if (Array.isArray(value)) return value.map((item) => redact(item, secrets)) as T;
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [redact(k, secrets), redact(v, secrets)])) as T;
  }
  return value;
}
