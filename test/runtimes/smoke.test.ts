import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import * as library from "../../src/index.js";
import * as serverEntry from "../../src/server/index.js";
import { createFakeOpenRouter, FAKE_APP_API_KEY, type FakeOpenRouter } from "../../src/testing/index.js";
import { serveFakeOpenRouter } from "../../src/testing/node/index.js";
import { closedPort } from "../support/closed-port.js";

// The smoke script every runtime runs (scripts/runtimes/smoke/checks.mjs), pinned down here in-process so that it
// is known to fail when the package misbehaves, not only to pass when it works.
const { smoke } = await import(new URL("../../scripts/runtimes/smoke/checks.mjs", import.meta.url).href);
const asImported = { moduleSystem: "import", entry: "file:///app/node_modules/openrouter-oauth/dist/index.js", server: serverEntry };

let fake: FakeOpenRouter;
let server: Awaited<ReturnType<typeof serveFakeOpenRouter>>;
let refusedPort: number;
beforeAll(async () => {
  fake = createFakeOpenRouter();
  server = await serveFakeOpenRouter(fake);
  refusedPort = await closedPort();
});
afterAll(() => server.close());
beforeEach(() => {
  vi.stubEnv("SMOKE_BASE_URL", server.baseUrl);
  vi.stubEnv("SMOKE_AUTH_URL", server.authUrl);
  vi.stubEnv("SMOKE_APP_API_KEY", FAKE_APP_API_KEY);
  vi.stubEnv("SMOKE_CLOSED_URL", `http://127.0.0.1:${refusedPort}/api/v1`);
  return () => vi.unstubAllEnvs();
});

describe("the runtime smoke", () => {
  it("passes on the real package: two codes minted, three exchanges (the client's replay refused by OpenRouter, the server's before sending)", async () => {
    const before = { ...fake.calls };
    expect(await smoke(library, asImported)).toEqual({ runtime: "node", version: process.versions.node, moduleSystem: "import" });
    expect(fake.calls.createAuthCode - before.createAuthCode).toBe(2);
    expect(fake.calls.exchangeAuthCodeForAPIKey - before.exchangeAuthCodeForAPIKey).toBe(3);
  });

  it("fails when the server entry's returnTo does not come back from finish", async () => {
    const createSignIn = (options: serverEntry.SignInOptions) => {
      const signIn = serverEntry.createSignIn(options);
      return { ...signIn, finish: async (request: Request) => ({ ...(await signIn.finish(request)), returnTo: "/" }) };
    };
    await expect(smoke(library, { ...asImported, server: { ...serverEntry, createSignIn } })).rejects.toThrow(new Error("server finish's returnTo: expected /home, got /"));
  });

  it("fails when the server entry's errors are not the main entry's classes", async () => {
    class InvalidRequestError extends Error {}
    await expect(smoke({ ...library, InvalidRequestError }, asImported)).rejects.toThrow(
      new Error("a replayed server callback gave InvalidRequestError, not the main entry's InvalidRequestError"),
    );
  });

  it("fails when a refused connection is not reported as never sent", async () => {
    const exchangeAuthCodeForAPIKey: typeof library.exchangeAuthCodeForAPIKey = async (request, options) => {
      try {
        return await library.exchangeAuthCodeForAPIKey(request, options);
      } catch (error) {
        if (error instanceof library.ConnectionError) Object.defineProperty(error, "notSent", { value: false });
        throw error;
      }
    };
    await expect(smoke({ ...library, exchangeAuthCodeForAPIKey }, asImported)).rejects.toThrow(new Error("a refused connection's notSent: expected true, got false"));
  });

  it("fails when the package computes a wrong PKCE challenge", async () => {
    const computeCodeChallenge = async (verifier: string) => (await library.computeCodeChallenge(verifier)).replace(/^./, "x");
    await expect(smoke({ ...library, computeCodeChallenge }, asImported)).rejects.toThrow(
      new Error("the RFC 7636 Appendix B challenge: expected E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM, got x9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"),
    );
  });

  it("fails when the authorization URL leaves out the S256 method", async () => {
    const buildAuthorizationUrl = (options: library.AuthorizationUrlOptions) => {
      const built = library.buildAuthorizationUrl(options);
      const url = new URL(built.url);
      url.searchParams.delete("code_challenge_method");
      return { ...built, url: url.href };
    };
    await expect(smoke({ ...library, buildAuthorizationUrl }, asImported)).rejects.toThrow(new Error("the authorization URL's code_challenge_method: expected S256, got null"));
  });

  it("fails when the exchange does not succeed against the fake", async () => {
    fake.failNext("exchangeAuthCodeForAPIKey", 500);
    await expect(smoke(library, asImported)).rejects.toBeInstanceOf(library.InternalServerResponseError);
  });

  it("fails when a replayed code is not refused with the package's ForbiddenResponseError", async () => {
    class ForbiddenResponseError extends Error {}
    await expect(smoke({ ...library, ForbiddenResponseError }, asImported)).rejects.toThrow(new Error("a replayed code gave ForbiddenResponseError, not a ForbiddenResponseError"));
  });

  it("fails when import loaded the CommonJS build", async () => {
    const entry = "file:///app/node_modules/openrouter-oauth/dist/index.cjs";
    await expect(smoke(library, { moduleSystem: "import", entry })).rejects.toThrow(
      new Error("import loaded file:///app/node_modules/openrouter-oauth/dist/index.cjs, not the package's dist/index.js"),
    );
  });

  it("fails, saying how to run it, without the fake's address", async () => {
    vi.stubEnv("SMOKE_BASE_URL", "");
    await expect(smoke(library, asImported)).rejects.toThrow(
      new Error("SMOKE_BASE_URL, SMOKE_AUTH_URL, SMOKE_APP_API_KEY and SMOKE_CLOSED_URL are unset: run me through npm run test:runtimes"),
    );
  });
});
