// The small parts under the sources: the JWT's expiry read for the retries' bound, the environment on each
// runtime, and the checks of what the environment holds.
import { describe, expect, it } from "vitest";
import { processEnvironment } from "../../src/workload/environment.js";
import { fromAzureManagedIdentity, fromGitHubActions, fromGoogleMetadata } from "../../src/workload/index.js";
import { jwtExpiryMs } from "../../src/workload/subject-token.js";
import { InvalidRequestError } from "../../src/index.js";
import { thrownBy } from "../support/fixtures.js";
import { jwt } from "./stand-in.js";

describe("jwtExpiryMs", () => {
  it("reads exp, in milliseconds, without verifying anything", () => {
    expect(jwtExpiryMs(jwt({ exp: 1_900_000_000 }))).toBe(1_900_000_000_000);
  });

  it("gives undefined for a JWT without a numeric exp, or a token that is no JWT", () => {
    for (const token of [jwt({ sub: "s" }), jwt({ exp: "soon" }), "not-a-jwt", "a.!!!.c", `a.${Buffer.from("not json").toString("base64url")}.c`]) {
      expect(jwtExpiryMs(token)).toBeUndefined();
    }
  });
});

describe("processEnvironment", () => {
  it("reads process.env (Node, Bun, Deno 2), else Deno.env, else nothing", () => {
    expect(processEnvironment({ process: { env: { A: "1" } } })).toEqual({ A: "1" });
    expect(processEnvironment({ Deno: { env: { toObject: () => ({ B: "2" }) } } })).toEqual({ B: "2" });
    const denied = { toObject: () => { throw new Error("Requires env access"); } };
    expect(processEnvironment({ Deno: { env: denied } })).toEqual({});
    expect(processEnvironment({})).toEqual({});
    expect(processEnvironment()).toBe(process.env);
  });
});

describe("what the environment holds", () => {
  it("refuses a request URL or a host that is no URL, naming the variable", async () => {
    await expect(fromGitHubActions({ env: { ACTIONS_ID_TOKEN_REQUEST_URL: "ftp://x", ACTIONS_ID_TOKEN_REQUEST_TOKEN: "t" } }).getToken()).rejects.toMatchObject({
      name: "SubjectTokenError",
      source: "GitHub Actions",
      message: "GitHub Actions: ACTIONS_ID_TOKEN_REQUEST_URL is not an http(s) URL.",
    });
    await expect(fromGoogleMetadata({ audience: "a", env: { GCE_METADATA_HOST: "a b" } }).getToken()).rejects.toMatchObject({
      name: "SubjectTokenError",
      source: "Google's metadata server",
      message: "Google's metadata server: GCE_METADATA_HOST is not a host name.",
    });
    await expect(fromAzureManagedIdentity({ env: { IDENTITY_ENDPOINT: "nope", IDENTITY_HEADER: "h" } }).getToken()).rejects.toMatchObject({
      name: "SubjectTokenError",
      source: "Azure's managed identity endpoint (IDENTITY_ENDPOINT)",
      message: "Azure's managed identity endpoint (IDENTITY_ENDPOINT): IDENTITY_ENDPOINT is not an http(s) URL.",
    });
  });

  it("refuses options of the wrong kind when a source is made", () => {
    expect(thrownBy(() => fromAzureManagedIdentity({ clientId: "" }), InvalidRequestError).field).toBe("clientId");
    expect(thrownBy(() => fromGitHubActions({ timeoutMs: 0 }), InvalidRequestError).field).toBe("timeoutMs");
    expect(thrownBy(() => fromGitHubActions({ fetch: "no" as never }), InvalidRequestError).field).toBe("fetch");
    expect(thrownBy(() => fromGitHubActions({ env: "no" as never }), InvalidRequestError).field).toBe("env");
  });
});
