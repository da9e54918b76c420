const MASK = "[redacted]";

/**
 * Replaces every occurrence of each secret in `value` (strings inside objects and arrays too) with a mask;
 * empty and undefined secrets are skipped.
 * Whole values are replaced, never patterns: a server that echoes a code or a key back cannot leak it into an error.
 */
export function redact<T>(value: T, secrets: readonly (string | undefined)[]): T {
  if (typeof value === "string") {
    return secrets.reduce((text: string, secret) => (secret ? text.split(secret).join(MASK) : text), value) as T;
  }
  if (Array.isArray(value)) return value.map((item) => redact(item, secrets)) as T;
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [redact(k, secrets), redact(v, secrets)])) as T;
  }
  return value;
}
