// getCurrentKey's own rules, through the public API (the contract suite covers each documented status), and
// keyLinks.
import { describe, expect, it } from "vitest";
import {
  createOpenRouterOAuth,
  getCurrentKey,
  InvalidRequestError,
  keyLinks,
  ResponseValidationError,
  UnauthorizedResponseError,
} from "../src/index.js";
import { expectNoSecretIn, MINTED_KEY, rejectionOf } from "./support/fixtures.js";
import { http, sent, server, useMockServer } from "./support/msw.js";

useMockServer();

describe("getCurrentKey", () => {
  it("refuses to run without a key, sending nothing", async () => {
    const error = await rejectionOf(createOpenRouterOAuth().getCurrentKey());
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect(error.field).toBe("apiKey");
    expect(await rejectionOf(getCurrentKey({} as never))).toBeInstanceOf(InvalidRequestError);
    expect(await rejectionOf(getCurrentKey(null as never))).toBeInstanceOf(InvalidRequestError);
    expect(sent).toHaveLength(0);
  });

  it("rejects a retry option instead of ignoring it", async () => {
    const error = await rejectionOf(getCurrentKey({ apiKey: MINTED_KEY, retry: { attempts: 2 } } as never));
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect(error.field).toBe("retry");
  });

  it("sends the key asked about as the bearer token, and never prints it, even when the server echoes it", async () => {
    server.use(http.get("/key", ({ request, response }) =>
      response(401).json({ error: { code: 401, message: `Unknown key ${request.headers.get("authorization")}` } })));
    const error = await rejectionOf(getCurrentKey({ apiKey: MINTED_KEY }));
    expect(sent[0]!.headers.get("authorization")).toBe(`Bearer ${MINTED_KEY}`);
    expect(error).toBeInstanceOf(UnauthorizedResponseError);
    expect(error.operation).toBe("getCurrentKey");
    expectNoSecretIn(error, { key: MINTED_KEY });
  });

  it("refuses a 200 without the fields it promises, saying nothing was changed", async () => {
    server.use(http.get("/key", ({ response }) => response.untyped(Response.json({ data: { label: "x", limit: "lots" } }))));
    const error = await rejectionOf(getCurrentKey({ apiKey: MINTED_KEY }));
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(error.message).toContain("data.limit");
    expect(error.message).toContain("Nothing was changed");
  });
});

describe("keyLinks", () => {
  it("builds both links from the key's lowercase hex SHA-256", async () => {
    // SHA-256("abc"), FIPS 180-2 appendix B.1
    const hash = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    expect(await keyLinks("abc")).toEqual({
      settings: `https://openrouter.ai/keys/${hash}`,
      activity: `https://openrouter.ai/logs?api_key_hash=${hash}`,
    });
  });

  it("never puts the key itself in a link", async () => {
    const links = await keyLinks(MINTED_KEY);
    expect(JSON.stringify(links)).not.toContain(MINTED_KEY);
    expect(links.settings).toMatch(/^https:\/\/openrouter\.ai\/keys\/[0-9a-f]{64}$/);
  });

  it.each([[""], [undefined], [42]])("refuses %j with InvalidRequestError", async (key) => {
    expect(await rejectionOf(keyLinks(key as never))).toBeInstanceOf(InvalidRequestError);
  });
});
