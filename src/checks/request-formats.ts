// The spec's string formats, as checks. scripts/generate.mjs refers to them from the generated rules, so a bundle
// carries only the formats its operations use, and a format with no check here fails the generator.

/** A format: its check, and what a value must be, for the error message. */
export interface Format {
  test: (value: string) => boolean;
  says: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE_TIME = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(\.\d+)?(Z|[+-]\d\d:\d\d)$/i;

/** RFC 3339 date-time with a real calendar date: 2030-02-30 is refused, where Date.parse would roll it over. */
export function isDateTime(value: string): boolean {
  const parts = DATE_TIME.exec(value);
  if (!parts) return false;
  const [year, month, day, hour, minute, second] = parts.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth && hour < 24 && minute < 60 && second < 60;
}

export const uri: Format = { test: (value) => /^[a-z][a-z0-9+.-]*:/i.test(value) && URL.canParse(value), says: "an absolute URL" };
export const uuid: Format = { test: (value) => UUID.test(value), says: "a UUID" };
export const dateTime: Format = { test: isDateTime, says: "an RFC 3339 date-time" };
