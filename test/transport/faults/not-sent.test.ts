// Whether a failed request can have reached the server is decided once, in the fetch layer, from what each
// runtime's fetch says, and kept on the error as `notSent`: retries and the exchange's message read only that.
import { describe, expect, it } from "vitest";
import { ConnectionError, exchangeAuthCodeForAPIKey, type FetchLike } from "../../../src/index.js";
import { EXCHANGE_INPUT, rejectionOf } from "../../support/fixtures.js";

const failingWith = (error: unknown): FetchLike => () => Promise.reject(error);

// Each runtime's own words for a connection that was never made, and for one that broke after the request left.
const NEVER_SENT: [string, unknown][] = [
  ["Node (a code on the cause)", new TypeError("fetch failed", { cause: Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED" }) })],
  ["Node, a name that does not resolve", new TypeError("fetch failed", { cause: Object.assign(new Error("getaddrinfo ENOTFOUND x.invalid"), { code: "ENOTFOUND" }) })],
  ["Bun (a code on the error)", Object.assign(new TypeError("ECONNREFUSED: Unable to connect. Is the computer able to access the url?"), { code: "ECONNREFUSED" })],
  ["Deno (its cause's words)", new TypeError("fetch failed", { cause: new Error("error sending request for url (http://127.0.0.1:1/x): client error (Connect): tcp connect error: Connection refused (os error 111)") })],
];
const MAY_HAVE_BEEN_SENT: [string, unknown][] = [
  ["a browser's bare TypeError", new TypeError("Failed to fetch")],
  ["Node, a reset after the request left", new TypeError("fetch failed", { cause: Object.assign(new Error("other side closed"), { code: "UND_ERR_SOCKET" }) })],
  ["something that is not an error at all", "boom"],
];

describe("a failed exchange", () => {
  it.each(NEVER_SENT)("is notSent, and says the code is unused, for %s", async (_, cause) => {
    const error = await rejectionOf(exchangeAuthCodeForAPIKey(EXCHANGE_INPUT, { fetch: failingWith(cause) }));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.notSent).toBe(true);
    expect(error.message).toContain("Nothing reached the server, so trying again is safe.");
    expect(error.message).not.toContain("may already have been used");
  });

  it.each(MAY_HAVE_BEEN_SENT)("may have been sent, and says the code may be spent, for %s", async (_, cause) => {
    const error = await rejectionOf(exchangeAuthCodeForAPIKey(EXCHANGE_INPUT, { fetch: failingWith(cause) }));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.notSent).toBe(false);
    expect(error.message).toContain("The code may already have been used");
  });
});
