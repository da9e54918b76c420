// What a message may quote of a text someone else wrote (a server's error body, a callback's description): one
// line of printable characters, bounded, so that no quote can rewrite a terminal or flood a log.

/**
 * At most `max` characters of `text` on one line, then "...", every run of spaces, line breaks and control or
 * format characters (escapes, bidi overrides) turned into one space; undefined when nothing is left.
 */
export function excerptOf(text: string, max = 200): string | undefined {
  const flat = text.replace(/[\s\p{Cc}\p{Cf}]+/gu, " ").trim();
  return flat.length > max ? `${flat.slice(0, max)}...` : flat || undefined;
}

/** `text` without its tags, and without a `<` or `>` left over: a page (or a callback's words) quoted as plain text. */
export const withoutMarkup = (text: string): string => text.replace(/<[^<>]*>/g, " ").replace(/[<>]/g, "");
