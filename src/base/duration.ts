/** A time limit as a person reads it: "5 minutes", "1 minute", or "90 s" when it is no whole number of minutes. */
export const durationInWords = (ms: number) => (ms % 60_000 === 0 ? `${ms / 60_000} minute${ms === 60_000 ? "" : "s"}` : `${ms / 1000} s`);
