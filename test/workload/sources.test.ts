// Each subject-token source against a stand-in for its service on 127.0.0.1, with what it sends checked: the
// URL and query, the headers, no redirect followed, the retries, and every failure a SubjectTokenError naming it.
import { execFileSync, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, rm, symlink, writeFile, mkdir, rename, stat } from "node:fs/promises";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InvalidRequestError, SubjectTokenError } from "../../src/index.js";
import {
  fromAzureManagedIdentity,
  fromEnv,
  fromFile,
  fromGitHubActions,
  fromGoogleMetadata,
} from "../../src/workload/index.js";
import { closedPort } from "../support/closed-port.js";
import { expectNoSecretIn, rejectionOf, thrownBy } from "../support/fixtures.js";
import { jwt, standIn } from "./stand-in.js";

const REQUEST_TOKEN = "gh-request-token-5e1b7c9a2f4d6e8a0b1c3d5e7f9a1b3c";
const IDENTITY_HEADER = "azure-identity-header-8c2e4a6b0d1f3e5a7c9b1d3f5a7c9e1b";
const MiB = 1 << 20;
/**
 * For the sources that retry: their backoffs are real waits (under 2 s each), and a deadline this far off lets
 * only the number of attempts end the retries, however slow the machine.
 */
const NO_DEADLINE = 600_000;

describe("fromGitHubActions", () => {
  const env = (origin: string) => ({
    ACTIONS_ID_TOKEN_REQUEST_URL: `${origin}/_apis/distributedtask/hubs/build/plans/1/jobs/2/idtoken?api-version=2.0`,
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: REQUEST_TOKEN,
  });

  it("asks the runner's URL with the audience appended, encoded, and the request token as a bearer, and reads { value }", async () => {
    const token = jwt();
    const server = await standIn({ headers: { "content-type": "application/json" }, body: JSON.stringify({ count: 1, value: `${token}\n` }) });
    const source = fromGitHubActions({ audience: "https://openrouter.ai/?a=b&c", env: env(server.origin) });
    expect(await source.getToken()).toBe(token);
    expect(server.asked).toHaveLength(1);
    expect(server.asked[0]).toMatchObject({
      method: "GET",
      url: "/_apis/distributedtask/hubs/build/plans/1/jobs/2/idtoken?api-version=2.0&audience=https%3A%2F%2Fopenrouter.ai%2F%3Fa%3Db%26c",
      headers: { authorization: `Bearer ${REQUEST_TOKEN}`, accept: "application/json" },
    });
  });

  it("leaves the audience out when none is given", async () => {
    const server = await standIn({ body: JSON.stringify({ value: jwt() }) });
    await fromGitHubActions({ env: env(server.origin) }).getToken();
    expect(server.asked[0]!.url).toBe("/_apis/distributedtask/hubs/build/plans/1/jobs/2/idtoken?api-version=2.0");
  });

  it("fetches a fresh JWT every time it is asked", async () => {
    const server = await standIn({ body: JSON.stringify({ value: jwt({ n: 1 }) }) }, { body: JSON.stringify({ value: jwt({ n: 2 }) }) });
    const source = fromGitHubActions({ audience: "a", env: env(server.origin) });
    expect(await source.getToken()).toBe(jwt({ n: 1 }));
    expect(await source.getToken()).toBe(jwt({ n: 2 }));
    expect(server.asked).toHaveLength(2);
  });

  it("says the job needs id-token: write, and that forks get no token, when the variables are missing", async () => {
    for (const missing of ["ACTIONS_ID_TOKEN_REQUEST_URL", "ACTIONS_ID_TOKEN_REQUEST_TOKEN"]) {
      const error = await rejectionOf(fromGitHubActions({ env: { ...env("http://127.0.0.1:1"), [missing]: undefined } }).getToken());
      expect(error).toBeInstanceOf(SubjectTokenError);
      expect(error.source).toBe("GitHub Actions");
      expect(error.message).toContain("permissions: id-token: write");
      expect(error.message).toContain("pull requests from forks");
    }
  });

  it("retries 502, 503 and 504 a few times", async () => {
    const server = await standIn({ status: 502 }, { status: 503 }, { body: JSON.stringify({ value: jwt() }) });
    expect(await fromGitHubActions({ env: env(server.origin), timeoutMs: NO_DEADLINE }).getToken()).toBe(jwt());
    expect(server.asked).toHaveLength(3);
  });

  it("does not retry other statuses, and names GitHub Actions and the status", async () => {
    const server = await standIn({ status: 401 }, { body: JSON.stringify({ value: jwt() }) });
    const error = await rejectionOf(fromGitHubActions({ env: env(server.origin) }).getToken());
    expect(error).toMatchObject({ name: "SubjectTokenError", source: "GitHub Actions", httpStatus: 401 });
    expect(error.message).toBe("GitHub Actions answered with HTTP 401, not a token.");
    expect(server.asked).toHaveLength(1);
  });

  it("gives up on 503 after three attempts", async () => {
    const server = await standIn({ status: 503 });
    const error = await rejectionOf(fromGitHubActions({ env: env(server.origin), timeoutMs: NO_DEADLINE }).getToken());
    expect(error).toMatchObject({ name: "SubjectTokenError", httpStatus: 503 });
    expect(server.asked).toHaveLength(3);
  });

  it("never follows a redirect", async () => {
    const elsewhere = await standIn({ body: JSON.stringify({ value: jwt() }) });
    const server = await standIn({ status: 302, headers: { location: `${elsewhere.origin}/steal` } });
    const error = await rejectionOf(fromGitHubActions({ env: env(server.origin) }).getToken());
    expect(error).toBeInstanceOf(SubjectTokenError);
    expect(error).toMatchObject({ source: "GitHub Actions", httpStatus: 302 });
    expect(error.message).toBe("GitHub Actions answered with a redirect (HTTP 302), which is not followed, not a token.");
    expect(elsewhere.asked).toHaveLength(0);
  });

  it("refuses an answer without a value, an empty value, and one that is no JSON", async () => {
    for (const body of [JSON.stringify({ count: 0 }), JSON.stringify({ value: "  " }), "<html>", JSON.stringify([jwt()])]) {
      const server = await standIn({ body });
      const error = await rejectionOf(fromGitHubActions({ env: env(server.origin) }).getToken());
      expect(error).toBeInstanceOf(SubjectTokenError);
      expect(error.source).toBe("GitHub Actions");
      expect(error.message).toMatch(/^GitHub Actions (gave|answered)/);
    }
  });

  it("times out after timeoutMs, and says so", async () => {
    // A service that never answers.
    const hanging = createServer(() => {});
    await new Promise<void>((resolve) => hanging.listen(0, "127.0.0.1", resolve));
    try {
      const origin = `http://127.0.0.1:${(hanging.address() as { port: number }).port}`;
      const error = await rejectionOf(fromGitHubActions({ env: env(origin), timeoutMs: 200 }).getToken());
      expect(error).toMatchObject({ name: "SubjectTokenError", source: "GitHub Actions" });
      expect(error.message).toBe("GitHub Actions did not answer within 200 ms, so there is no JWT to exchange.");
      expect(error.cause).toMatchObject({ name: "RequestTimeoutError" });
    } finally {
      hanging.closeAllConnections();
      hanging.close();
    }
  });

  it("names where it could not connect, and never prints the request token", async () => {
    const origin = `http://127.0.0.1:${await closedPort()}`;
    const error = await rejectionOf(fromGitHubActions({ env: env(origin) }).getToken());
    expect(error).toBeInstanceOf(SubjectTokenError);
    expect(error.source).toBe("GitHub Actions");
    expect(error.message).toBe(`GitHub Actions could not be reached at ${origin.slice(7)}, so there is no JWT to exchange.`);
    expectNoSecretIn(error, { "request token": REQUEST_TOKEN });
  });

  it("refuses a bad audience and unknown options when made", () => {
    expect(thrownBy(() => fromGitHubActions({ audience: "" }), InvalidRequestError).field).toBe("audience");
    const misspelt = thrownBy(() => fromGitHubActions({ Audience: "a" } as never), InvalidRequestError);
    expect(misspelt.field).toBe("Audience");
    // The suggestion is what the person reads to fix it.
    expect(misspelt.message).toContain('unknown option "Audience" (did you mean "audience"?)');
  });
});

describe("fromGoogleMetadata", () => {
  it("asks the metadata server GCE_METADATA_HOST names, with Metadata-Flavor: Google, the audience and format=full", async () => {
    const token = jwt();
    const server = await standIn({ headers: { "metadata-flavor": "Google" }, body: token });
    const source = fromGoogleMetadata({ audience: "https://openrouter.ai", env: { GCE_METADATA_HOST: server.host } });
    expect(await source.getToken()).toBe(token);
    expect(server.asked[0]).toMatchObject({
      method: "GET",
      url: "/computeMetadata/v1/instance/service-accounts/default/identity?audience=https%3A%2F%2Fopenrouter.ai&format=full",
      headers: { "metadata-flavor": "Google" },
    });
  });

  it("refuses an answer without Metadata-Flavor: Google", async () => {
    const server = await standIn({ body: jwt() });
    const error = await rejectionOf(fromGoogleMetadata({ audience: "a", env: { GCE_METADATA_HOST: server.host } }).getToken());
    expect(error).toMatchObject({ name: "SubjectTokenError", source: "Google's metadata server" });
    expect(error.message).toContain("without Metadata-Flavor: Google");
  });

  it("retries a 503, and needs an audience", async () => {
    const server = await standIn({ status: 503 }, { headers: { "metadata-flavor": "Google" }, body: jwt() });
    expect(await fromGoogleMetadata({ audience: "a", env: { GCE_METADATA_HOST: server.host }, timeoutMs: NO_DEADLINE }).getToken()).toBe(jwt());
    expect(server.asked).toHaveLength(2);
    expect(thrownBy(() => fromGoogleMetadata({} as never), InvalidRequestError).field).toBe("audience");
  });
});

describe("fromAzureManagedIdentity", () => {
  it("asks IMDS with Metadata: true, API version 2018-02-01 and the documented default resource", async () => {
    const server = await standIn({ body: JSON.stringify({ access_token: jwt(), expires_on: "1700000000" }) });
    const source = fromAzureManagedIdentity({ env: { AZURE_POD_IDENTITY_AUTHORITY_HOST: server.origin } });
    expect(await source.getToken()).toBe(jwt());
    expect(server.asked[0]).toMatchObject({
      url: "/metadata/identity/oauth2/token?api-version=2018-02-01&resource=api%3A%2F%2FAzureADTokenExchange",
      headers: { metadata: "true" },
    });
  });

  it("names a user-assigned identity to IMDS by client_id, object_id and msi_res_id", async () => {
    const server = await standIn({ body: JSON.stringify({ access_token: jwt() }) });
    const env = { AZURE_POD_IDENTITY_AUTHORITY_HOST: server.origin };
    await fromAzureManagedIdentity({ resource: "api://openrouter", clientId: "c1", objectId: "o1", msiResId: "/r/1", apiVersion: "2019-01-01", env }).getToken();
    const query = new URL(server.asked[0]!.url, server.origin).searchParams;
    expect(Object.fromEntries(query)).toEqual({ "api-version": "2019-01-01", resource: "api://openrouter", client_id: "c1", object_id: "o1", msi_res_id: "/r/1" });
  });

  it("uses App Service's IDENTITY_ENDPOINT with X-IDENTITY-HEADER when both are set, never printing the header", async () => {
    const server = await standIn({ body: JSON.stringify({ access_token: jwt() }) }, { status: 400 });
    const env = { IDENTITY_ENDPOINT: `${server.origin}/msi/token`, IDENTITY_HEADER: IDENTITY_HEADER };
    await fromAzureManagedIdentity({ clientId: "c1", objectId: "o1", msiResId: "/r/1", env }).getToken();
    expect(server.asked[0]).toMatchObject({ headers: { "x-identity-header": IDENTITY_HEADER } });
    expect(server.asked[0]!.headers.metadata).toBeUndefined();
    const query = new URL(server.asked[0]!.url, server.origin);
    expect(query.pathname).toBe("/msi/token");
    expect(Object.fromEntries(query.searchParams)).toEqual({
      "api-version": "2019-08-01",
      resource: "api://AzureADTokenExchange",
      client_id: "c1",
      principal_id: "o1",
      mi_res_id: "/r/1",
    });
    const error = await rejectionOf(fromAzureManagedIdentity({ env }).getToken());
    expect(error).toMatchObject({ name: "SubjectTokenError", httpStatus: 400 });
    expectNoSecretIn(error, { "identity header": IDENTITY_HEADER });
  });

  it("refuses an answer without an access_token", async () => {
    const server = await standIn({ body: JSON.stringify({ token_type: "Bearer" }) });
    const error = await rejectionOf(fromAzureManagedIdentity({ env: { AZURE_POD_IDENTITY_AUTHORITY_HOST: server.origin } }).getToken());
    expect(error.message).toBe("Azure's instance metadata service gave no token.");
  });
});

describe("an HTTP source's answer larger than 1 MiB", () => {
  // Each source's own answer, padded past the client's 1 MiB read limit: the part read is no token, whatever it looks like.
  const sources = [
    ["Google's metadata server", (body: string) => ({ headers: { "metadata-flavor": "Google" }, body }), (padding: string) => `${jwt()}${padding}`,
      (origin: string, host: string) => fromGoogleMetadata({ audience: "a", env: { GCE_METADATA_HOST: host } })],
    ["Azure's instance metadata service", (body: string) => ({ body }), (padding: string) => JSON.stringify({ access_token: jwt(), padding }),
      (origin: string) => fromAzureManagedIdentity({ env: { AZURE_POD_IDENTITY_AUTHORITY_HOST: origin } })],
    ["GitHub Actions", (body: string) => ({ body }), (padding: string) => JSON.stringify({ value: jwt(), padding }),
      (origin: string) => fromGitHubActions({ env: { ACTIONS_ID_TOKEN_REQUEST_URL: `${origin}/idtoken`, ACTIONS_ID_TOKEN_REQUEST_TOKEN: REQUEST_TOKEN } })],
  ] as const;

  it.each(sources)("is refused from %s, once, as no token", async (source, answer, body, make) => {
    const text = body(" ".repeat(MiB));
    expect(text.length).toBeGreaterThan(MiB);
    const server = await standIn(answer(text));
    const error = await rejectionOf(make(server.origin, server.host).getToken());
    expect(error).toBeInstanceOf(SubjectTokenError);
    expect(error).toMatchObject({ source, httpStatus: 200, message: `${source} answered with more than 1 MiB, not a token.` });
    expect(server.asked).toHaveLength(1);
  });

  it.each(sources)("is read whole from %s up to 1 MiB exactly", async (source, answer, body, make) => {
    const text = body("");
    const server = await standIn(answer(body(" ".repeat(MiB - text.length))));
    expect(await make(server.origin, server.host).getToken()).toBe(jwt());
  });
});

describe("fromFile", () => {
  let dir = "";
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "openrouter-oauth-token-file-"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("reads the file again each time, so that a rotated token is picked up, through symbolic links as Kubernetes makes them", async () => {
    // A projected volume: token -> ..data/token, ..data -> a timestamped folder, swapped at rotation.
    const volume = join(dir, "volume");
    await mkdir(join(volume, "..2026_01"), { recursive: true });
    await writeFile(join(volume, "..2026_01", "token"), `${jwt({ n: 1 })}\n`);
    await symlink("..2026_01", join(volume, "..data"));
    await symlink("..data/token", join(volume, "token"));
    const source = fromFile(join(volume, "token"));
    expect(await source.getToken()).toBe(jwt({ n: 1 }));
    await mkdir(join(volume, "..2026_02"));
    await writeFile(join(volume, "..2026_02", "token"), jwt({ n: 2 }));
    await symlink("..2026_02", join(volume, "..data_tmp"));
    await rename(join(volume, "..data_tmp"), join(volume, "..data"));
    expect(await source.getToken()).toBe(jwt({ n: 2 }));
  });

  it("says clearly when the path is missing, a directory, or an empty file", async () => {
    const empty = join(dir, "empty");
    await writeFile(empty, "\n");
    const cases: [string, string][] = [
      [join(dir, "missing"), `The token file ${join(dir, "missing")} does not exist.`],
      [dir, `The token file ${dir} is not a file but a directory.`],
      [empty, `The file ${empty} holds an empty token.`],
    ];
    for (const [path, message] of cases) {
      const error = await rejectionOf(fromFile(path).getToken());
      expect(error).toMatchObject({ name: "SubjectTokenError", source: `the file ${path}`, message });
    }
  });

  it("reads a file of 1 MiB, and refuses one a byte larger as no token", async () => {
    const largest = join(dir, "largest");
    await writeFile(largest, "a".repeat(MiB));
    expect(await fromFile(largest).getToken()).toHaveLength(MiB);
    const larger = join(dir, "larger");
    await writeFile(larger, "a".repeat(MiB + 1));
    const error = await rejectionOf(fromFile(larger).getToken());
    expect(error).toBeInstanceOf(SubjectTokenError);
    expect(error).toMatchObject({ source: `the file ${larger}`, message: `The token file ${larger} holds more than 1 MiB, far more than a token.` });
  });

  // /proc files say their size is 0: only counting what is read bounds them.
  it.runIf(process.platform === "linux")("bounds what it reads of a file whose size says 0, such as a process's environ in /proc", async () => {
    const big: Record<string, string> = {};
    // Each variable under Linux's 128 KiB per string, together over 1 MiB.
    for (let i = 0; i < 10; i++) big[`BIG_${i}`] = "x".repeat(120_000);
    const child = spawn(process.execPath, ["-e", "setInterval(() => {}, 1 << 30)"], { env: big, stdio: "ignore" });
    try {
      await once(child, "spawn");
      const environ = `/proc/${child.pid}/environ`;
      expect((await stat(environ)).size).toBe(0);
      const error = await rejectionOf(fromFile(environ).getToken());
      expect(error).toBeInstanceOf(SubjectTokenError);
      expect(error).toMatchObject({ source: `the file ${environ}`, message: `The token file ${environ} holds more than 1 MiB, far more than a token.` });
    } finally {
      child.kill();
    }
  });

  it.runIf(process.platform !== "win32")("refuses a named pipe as no file, without waiting for a writer", async () => {
    const fifo = join(dir, "fifo");
    execFileSync("mkfifo", [fifo]);
    const error = await rejectionOf(fromFile(fifo).getToken());
    expect(error).toMatchObject({ name: "SubjectTokenError", message: `The token file ${fifo} is not a file.` });
  });
});

describe("fromEnv", () => {
  it("reads the variable each time, trimmed", async () => {
    const env: Record<string, string> = { CI_JOB_JWT: ` ${jwt({ n: 1 })}\n` };
    const source = fromEnv("CI_JOB_JWT", { env });
    expect(await source.getToken()).toBe(jwt({ n: 1 }));
    env.CI_JOB_JWT = jwt({ n: 2 });
    expect(await source.getToken()).toBe(jwt({ n: 2 }));
  });

  it("names the variable when it is unset or empty", async () => {
    await expect(fromEnv("OPENROUTER_JWT", { env: {} }).getToken()).rejects.toMatchObject({
      name: "SubjectTokenError",
      source: "the environment variable OPENROUTER_JWT",
      message: "The environment variable OPENROUTER_JWT is not set.",
    });
    await expect(fromEnv("OPENROUTER_JWT", { env: { OPENROUTER_JWT: "" } }).getToken()).rejects.toMatchObject({
      message: "The environment variable OPENROUTER_JWT holds an empty token.",
    });
  });

  it("reads the process's environment unless given one", async () => {
    process.env.OPENROUTER_OAUTH_TEST_JWT = jwt();
    try {
      expect(await fromEnv("OPENROUTER_OAUTH_TEST_JWT").getToken()).toBe(jwt());
    } finally {
      delete process.env.OPENROUTER_OAUTH_TEST_JWT;
    }
  });
});
