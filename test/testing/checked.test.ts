// The spec check that every test of the fake relies on must itself catch a response that breaks the spec.
import { describe, expect, it } from "vitest";
import { checkResponses, ORIGIN } from "./checked.js";

const answering = (status: number, body: string, contentType = "application/json") =>
  checkResponses({ fetch: async () => new Response(body, { status, headers: { "content-type": contentType } }) });

const post = (path: string) => new Request(`${ORIGIN}${path}`, { method: "POST" });

describe("the spec check of the fake's responses", () => {
  it("accepts a response the spec describes", async () => {
    const checker = answering(200, JSON.stringify({ key: "sk-or-v1-x", user_id: null }));
    await checker.fetch(post("/api/v1/auth/keys"));
    expect([checker.problems, checker.checked]).toEqual([[], 1]);
  });

  it.each([
    ["a 200 without user_id", 200, JSON.stringify({ key: "k" })],
    ["an error without a message", 403, JSON.stringify({ error: { code: 403 } })],
    ["a status the spec does not document", 418, JSON.stringify({ error: { code: 418, message: "teapot" } })],
    ["a body that is not JSON", 500, "<html>"],
  ])("flags %s", async (_, status, body) => {
    const checker = answering(status, body);
    await checker.fetch(post("/api/v1/auth/keys"));
    expect(checker.problems).toHaveLength(1);
  });

  it("flags a JSON body sent as another content type", async () => {
    const checker = answering(200, JSON.stringify({ key: "k", user_id: null }), "text/plain");
    await checker.fetch(post("/api/v1/auth/keys"));
    expect(checker.problems).toEqual(["POST /auth/keys -> 200: not JSON"]);
  });

  it("leaves responses of other paths alone", async () => {
    const checker = answering(200, "<html>", "text/html");
    await checker.fetch(new Request(`${ORIGIN}/auth`));
    expect([checker.problems, checker.checked]).toEqual([[], 0]);
  });
});
