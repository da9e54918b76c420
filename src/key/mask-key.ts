import { InvalidRequestError } from "../errors/invalid-request-error.js";

/** `sk-or-v1-abc...wxyz`: enough to recognise a key, too little to use it. */
export function maskKey(key: string): string {
  // From JavaScript a missing key may arrive here: it is named, rather than left to fail as a TypeError.
  if (typeof key !== "string") throw new InvalidRequestError("maskKey: key must be a string (the API key).", { field: "key" });
  const prefix = key.startsWith("sk-or-v1-") ? "sk-or-v1-" : "";
  const rest = key.slice(prefix.length);
  return rest.length >= 16 ? `${prefix}${rest.slice(0, 3)}...${rest.slice(-4)}` : `${prefix}...`;
}
