// Bodies that are not what the spec says: empty, broken, the wrong shape, the wrong content type, too large.
// None of them lets a raw SyntaxError or TypeError out, and a 2xx that went wrong keeps what arrived reachable.
import { HttpResponse } from "msw";
import { describe, expect, it } from "vitest";
import { InternalServerResponseError, BadRequestResponseError, ResponseValidationError } from "../../src/index.js";
import { MINTED_KEY, expectNoSecretIn, rejectionOf } from "../support/fixtures.js";
import { server, undocumented, useMockServer } from "../support/msw.js";
import { BOTH, CREATE_AUTH_CODE, EXCHANGE } from "../support/operations.js";

useMockServer();

const MiB = 1 << 20;

describe.each(BOTH)("%s", (operation, op) => {
  it.each([
    ["without a length", () => new HttpResponse(null, { status: 200 })],
    ["with content-length 0", () => new HttpResponse("", { status: 200, headers: { "content-length": "0" } })],
  ])("throws ResponseValidationError for an empty 200 %s", async (_, answer) => {
    server.use(undocumented(op.path, answer));
    const err = await rejectionOf(op.call());
    expect(err).toBeInstanceOf(ResponseValidationError);
    expect(err.operation).toBe(operation);
    expect(err.message).toContain("the body is empty");
  });

  it("throws InternalServerResponseError without detail for an empty 500", async () => {
    server.use(undocumented(op.path, () => new HttpResponse(null, { status: 500 })));
    const err = await rejectionOf(op.call());
    expect(err).toBeInstanceOf(InternalServerResponseError);
    expect(err).toMatchObject({ status: 500, error: undefined, excerpt: undefined });
    expect(err.message).toMatch(new RegExp(`^${operation} failed with HTTP 500\\. `));
  });

  it("throws ResponseValidationError for a 200 of broken JSON, keeping the text as body and no SyntaxError", async () => {
    server.use(undocumented(op.path, () => new HttpResponse('{"key": "sk-or-v1-tr', { status: 200, headers: { "content-type": "application/json" } })));
    const err = await rejectionOf(op.call());
    expect(err).toBeInstanceOf(ResponseValidationError);
    expect(err.message).toContain("is not JSON (content-type application/json)");
    expect(err.body).toBe('{"key": "sk-or-v1-tr');
    expect(err.cause).toBeUndefined();
  });

  it("throws the status's class with an excerpt for an error status of broken JSON", async () => {
    server.use(undocumented(op.path, () => new HttpResponse('{"error": {"code": 400, "mess', { status: 400, headers: { "content-type": "application/json" } })));
    const err = await rejectionOf(op.call());
    expect(err).toBeInstanceOf(BadRequestResponseError);
    expect(err.error).toBeUndefined();
    expect(err.excerpt).toBe('{"error": {"code": 400, "mess');
  });

  it("throws the status's class with an excerpt for JSON that is not OpenRouter's error shape", async () => {
    server.use(undocumented(op.path, () => HttpResponse.json({ message: "bad input", status: "error" }, { status: 400 })));
    const err = await rejectionOf(op.call());
    expect(err).toBeInstanceOf(BadRequestResponseError);
    expect(err.error).toBeUndefined();
    expect(err.excerpt).toBe('{"message":"bad input","status":"error"}');
  });

  it("accepts a valid body sent as text/plain", async () => {
    const body = op === EXCHANGE ? { key: MINTED_KEY, user_id: null } : { data: { id: "auth_code_1", app_id: 7, created_at: "2026-08-22T10:00:00Z" } };
    server.use(undocumented(op.path, () => HttpResponse.text(JSON.stringify(body))));
    expect(await op.call()).toEqual(body);
  });

  it("throws ResponseValidationError for a 200 larger than the client accepts", async () => {
    server.use(undocumented(op.path, () => HttpResponse.text("x".repeat(2 * MiB))));
    const err = await rejectionOf(op.call());
    expect(err).toBeInstanceOf(ResponseValidationError);
    expect(err.message).toContain("larger than the client accepts");
  });

  it("keeps the first MiB of a 200 larger than the client accepts, where a minted key would be", async () => {
    const start = `{"key":"${MINTED_KEY}","user_id":null,"padding":"`;
    server.use(undocumented(op.path, () => HttpResponse.text(`${start}${"x".repeat(2 * MiB)}"}`)));
    const err = await rejectionOf(op.call());
    expect(err.body).toHaveLength(MiB);
    expect(err.body.startsWith(start)).toBe(true);
  });

  it("cuts a body exactly at the limit when a chunk ends on it", async () => {
    const chunks = [new TextEncoder().encode("z".repeat(MiB)), new TextEncoder().encode("beyond the limit")];
    const body = new ReadableStream<Uint8Array>({ pull: (c) => (chunks.length ? c.enqueue(chunks.shift()!) : c.close()) });
    server.use(undocumented(op.path, () => new HttpResponse(body)));
    const err = await rejectionOf(op.call());
    expect(err).toBeInstanceOf(ResponseValidationError);
    expect(err).toMatchObject({ operation, field: undefined });
    expect(err.message).toContain("larger than the client accepts");
    expect(err.body).toBe("z".repeat(MiB));
  });

  it("says that a 200 of broken JSON came without a content type", async () => {
    server.use(undocumented(op.path, () => new HttpResponse(new TextEncoder().encode("{"))));
    const err = await rejectionOf(op.call());
    expect(err).toBeInstanceOf(ResponseValidationError);
    expect(err).toMatchObject({ operation, field: undefined });
    expect(err.message).toContain("is not JSON (content-type none)");
  });

  it("throws the status's class with a short excerpt for an error body larger than the client accepts", async () => {
    server.use(undocumented(op.path, () => HttpResponse.text("y".repeat(2 * MiB), { status: 500 })));
    const err = await rejectionOf(op.call());
    expect(err).toBeInstanceOf(InternalServerResponseError);
    expect(err.excerpt).toBe(`${"y".repeat(200)}...`);
  });
});

describe("a 200 of the wrong shape from the exchange", () => {
  const wrong = { token: MINTED_KEY, user: "user_1" };

  it("throws ResponseValidationError saying what is missing", async () => {
    server.use(undocumented("/auth/keys", () => HttpResponse.json(wrong)));
    const err = await rejectionOf(EXCHANGE.call());
    expect(err).toBeInstanceOf(ResponseValidationError);
    expect(err.message).toContain("has no key");
    expect(err.message).toContain("a key may have been minted");
  });

  it("keeps the minted key reachable through body", async () => {
    server.use(undocumented("/auth/keys", () => HttpResponse.json(wrong)));
    expect((await rejectionOf(EXCHANGE.call())).body).toEqual(wrong);
  });

  it("never prints the minted key", async () => {
    server.use(undocumented("/auth/keys", () => HttpResponse.json(wrong)));
    expectNoSecretIn(await rejectionOf(EXCHANGE.call()));
  });

  it.each([
    ["a JSON array", [MINTED_KEY], undefined, "is not a JSON object"],
    ["an empty key", { key: "", user_id: null }, "key", "has a key that is empty"],
    ["no user_id", { key: MINTED_KEY }, "user_id", "has no user_id"],
    ["a numeric user_id", { key: MINTED_KEY, user_id: 42 }, "user_id", "has a user_id that is neither a string nor null"],
  ])("rejects %s", async (_, body, field, problem) => {
    server.use(undocumented("/auth/keys", () => HttpResponse.json(body)));
    const err = await rejectionOf(EXCHANGE.call());
    expect(err).toBeInstanceOf(ResponseValidationError);
    expect(err.field).toBe(field);
    expect(err.message).toContain(problem);
  });
});

describe("a minted key that could not be delivered safely", () => {
  // Each would add a line to a .env file, or rewrite (and read, through the clipboard) the terminal printing it.
  it.each([
    ["a line break and a second variable", `${MINTED_KEY}\nNODE_OPTIONS=--require=/tmp/evil.js`],
    ["a carriage return", `${MINTED_KEY}\r`],
    ["an OSC 52 clipboard write", `${MINTED_KEY}\u001b]52;c;ZXZpbA==\u0007`],
    ["a CSI escape", `\u001b[2J\u001b[H${MINTED_KEY}`],
    ["a C1 control", `${MINTED_KEY}\u009b2J`],
    ["a space", `${MINTED_KEY} extra`],
    ["a tab", `${MINTED_KEY}\textra`],
    ["characters beyond ASCII", `${MINTED_KEY}é`],
    ["a bidi override", `${MINTED_KEY}\u202e`],
  ])("refuses a key with %s as a ResponseValidationError naming the key, which keeps the body and prints no key", async (_, key) => {
    const body = { key, user_id: "user_1" };
    server.use(undocumented("/auth/keys", () => HttpResponse.json(body)));
    const err = await rejectionOf(EXCHANGE.call());
    expect(err).toBeInstanceOf(ResponseValidationError);
    expect(err.field).toBe("key");
    expect(err.body).toEqual(body);
    expect(Object.keys(err)).not.toContain("body");
    expectNoSecretIn(err, { key: MINTED_KEY.slice(9) });
  });

  it("takes a key of every printable ASCII character but the space", async () => {
    const key = `sk-or-v1-${Array.from({ length: 94 }, (_, i) => String.fromCharCode(0x21 + i)).join("")}`;
    server.use(undocumented("/auth/keys", () => HttpResponse.json({ key, user_id: null })));
    expect(await EXCHANGE.call()).toEqual({ key, user_id: null });
  });
});

describe("a 200 of the wrong shape from createAuthCode", () => {
  it.each([
    ["no data", { id: "auth_code_1" }, "has no data"],
    ["a data that is a list", { data: ["auth_code_1"] }, "has a data that is not an object"],
    ["no data.id", { data: { app_id: 1, created_at: "2026-08-22T10:00:00Z" } }, "has no data.id"],
    ["an empty data.id", { data: { id: "", app_id: 1, created_at: "2026-08-22T10:00:00Z" } }, "has an empty data.id"],
    ["a string app_id", { data: { id: "auth_code_1", app_id: "1", created_at: "2026-08-22T10:00:00Z" } }, "has a data.app_id that is not a whole number"],
    ["a fractional app_id", { data: { id: "auth_code_1", app_id: 1.5, created_at: "2026-08-22T10:00:00Z" } }, "has a data.app_id that is not a whole number"],
    ["no created_at", { data: { id: "auth_code_1", app_id: 1 } }, "has no data.created_at"],
  ])("throws ResponseValidationError for %s, the body kept", async (_, body, problem) => {
    server.use(undocumented("/auth/keys/code", () => HttpResponse.json(body)));
    const err = await rejectionOf(CREATE_AUTH_CODE.call());
    expect(err).toBeInstanceOf(ResponseValidationError);
    expect(err.message).toContain(problem);
    expect(err.message).toContain("a code may have been created");
    expect(err.body).toEqual(body);
  });
});
