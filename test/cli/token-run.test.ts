// `openrouter-oauth token` in-process (runCli is internal, tested here on purpose): each source the command line
// names, what is printed, and what is said when something fails. cli-token.test.ts runs the real command.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough, Writable } from "node:stream";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { runCli } from "../../src/cli/run.js";
import { EXIT } from "../../src/cli/help.js";
import { createFakeIssuer, createFakeOpenRouter, type FakeIssuer, type FakeOpenRouter } from "../../src/testing/index.js";
import { serveFakeOpenRouter, type ServedFakeOpenRouter } from "../../src/testing/node/index.js";
import { standIn } from "../workload/stand-in.js";
import { expectUntouched, plantedLink, victimFile } from "./planted-link.js";

const POLICY = { id: "4b2f7d1e-8c3a-4e5f-9a6b-1c2d3e4f5a6b", subject: "system:serviceaccount:ai:worker", audience: "https://openrouter.ai" };

let work: string;
let issuer: FakeIssuer;
let fake: FakeOpenRouter;
let served: ServedFakeOpenRouter;
let subject: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "openrouter-oauth-cli-token-"));
  issuer = createFakeIssuer();
});
afterAll(() => rm(work, { recursive: true, force: true }));
beforeEach(async () => {
  fake = createFakeOpenRouter({ workloadIdentity: { issuers: [issuer], policies: [{ ...POLICY, issuer: issuer.issuer }] } });
  served = await serveFakeOpenRouter(fake);
  subject = await issuer.sign({ sub: POLICY.subject, aud: POLICY.audience, expiresInSeconds: 600 });
});
afterEach(() => served.close());

async function run(args: string[], env: Record<string, string | undefined> = {}) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = "";
  let err = "";
  stdout.on("data", (chunk) => (out += chunk));
  stderr.on("data", (chunk) => (err += chunk));
  const code = await runCli(["token", "--federation-policy", POLICY.id, "--base-url", served.baseUrl, ...args], { stdout, stderr, stdin: new PassThrough(), env });
  return { code, stdout: out, stderr: err };
}

const keyStatus = async (token: string) => (await fetch(`${served.baseUrl}/key`, { headers: { authorization: `Bearer ${token}` } })).status;

describe("openrouter-oauth token (in-process)", () => {
  it("prints a token made from the JWT in a file, and the token works as the policy's key", async () => {
    const file = join(work, "token");
    await writeFile(file, subject);
    const { code, stdout, stderr } = await run(["--subject-token-file", file, "--timeout", "5"]);
    expect([code, stderr]).toEqual([EXIT.ok, ""]);
    expect(await keyStatus(stdout.trim())).toBe(200);
    expect(fake.calls.createOauthToken).toBe(1);
  });

  it("asks Google's metadata server with --gcp --audience", async () => {
    const google = await standIn({ headers: { "metadata-flavor": "Google" }, body: subject });
    const { code, stdout } = await run(["--gcp", "--audience", POLICY.audience], { GCE_METADATA_HOST: google.host });
    expect(code).toBe(EXIT.ok);
    expect(google.asked[0]!.url).toContain("audience=https%3A%2F%2Fopenrouter.ai&format=full");
    expect(await keyStatus(stdout.trim())).toBe(200);
  });

  it("asks Azure's managed identity with --azure, for --resource", async () => {
    const azure = await standIn({ body: JSON.stringify({ access_token: subject }) });
    const { code, stdout } = await run(["--azure", "--resource", "api://openrouter"], { AZURE_POD_IDENTITY_AUTHORITY_HOST: azure.origin });
    expect(code).toBe(EXIT.ok);
    expect(new URL(azure.asked[0]!.url, azure.origin).searchParams.get("resource")).toBe("api://openrouter");
    expect(await keyStatus(stdout.trim())).toBe(200);
  });

  it("asks GitHub Actions with --github-actions, and prints JSON with --json", async () => {
    const github = await standIn({ body: JSON.stringify({ value: subject }) });
    const env = { ACTIONS_ID_TOKEN_REQUEST_URL: `${github.origin}/token?x=1`, ACTIONS_ID_TOKEN_REQUEST_TOKEN: "request-token" };
    const { code, stdout } = await run(["--github-actions", "--audience", POLICY.audience, "--json"], env);
    expect(code).toBe(EXIT.ok);
    expect(JSON.parse(stdout)).toMatchObject({ access_token: expect.any(String), expires_in: expect.any(Number), expires_at: expect.any(String) });
  });

  it("sets the token for later steps with --github-env, masked first", async () => {
    const file = join(work, "github-env-ok");
    await writeFile(file, "");
    const { code, stdout, stderr } = await run(["--subject-token-env", "JWT", "--github-env", "OPENROUTER_API_KEY"], { JWT: subject, GITHUB_ENV: file });
    expect(code).toBe(EXIT.ok);
    const token = stdout.replace(/^::add-mask::/, "").trim();
    expect(await readFile(file, "utf8")).toContain(`\n${token}\n`);
    expect(stderr).toMatch(/^Set OPENROUTER_API_KEY for the later steps of this job; it expires in \d+ s, at .+Z\.\n$/);
  });

  it("fails in one sentence, exit 1, when the file GITHUB_ENV names cannot be written", async () => {
    // A folder: not even root can append to it.
    const { code, stdout, stderr } = await run(["--subject-token-env", "JWT", "--github-env", "KEY"], { JWT: subject, GITHUB_ENV: work });
    expect(code).toBe(EXIT.failed);
    expect(stdout).toMatch(/^::add-mask::\S+\n$/);
    expect(stderr).toBe("openrouter-oauth: The file GITHUB_ENV names cannot be written (EISDIR), so KEY is not set.\n");
  });

  it("writes no token through a GITHUB_ENV planted as a link in a shared folder, and fails", async () => {
    const root = await mkdtemp(join(work, "links-"));
    const victim = await victimFile(root);
    const link = await plantedLink(root, "set_env", victim.path);
    const { code, stdout } = await run(["--subject-token-env", "JWT", "--github-env", "KEY"], { JWT: subject, GITHUB_ENV: link });
    expect(code).toBe(EXIT.failed);
    const token = stdout.replace(/^::add-mask::/, "").trim();
    expect(token).not.toBe("");
    await expectUntouched(victim);
  });

  it.each([
    ["EPIPE", EXIT.pipeClosed, "Standard output is closed"],
    ["ENOSPC", EXIT.failed, "Standard output cannot be written (ENOSPC)"],
  ])("sets nothing in GITHUB_ENV when the mask line cannot be written (%s)", async (code, exit, cause) => {
    const file = join(work, `github-env-${code}`);
    await writeFile(file, "EARLIER=1\n");
    // A standard output whose every write fails, as a pipe whose reader left or a full disk does.
    const stdout = new Writable({ write: (_chunk, _encoding, done) => done(Object.assign(new Error(`write ${code}`), { code })) });
    stdout.on("error", () => {});
    const stderr = new PassThrough();
    let err = "";
    stderr.on("data", (chunk) => (err += chunk));
    const args = ["token", "--federation-policy", POLICY.id, "--base-url", served.baseUrl, "--subject-token-env", "JWT", "--github-env", "KEY"];
    const exitCode = await runCli(args, { stdout, stderr, stdin: new PassThrough(), env: { JWT: subject, GITHUB_ENV: file } });
    expect(exitCode).toBe(exit);
    expect(fake.calls.createOauthToken).toBe(1);
    expect(await readFile(file, "utf8")).toBe("EARLIER=1\n");
    expect(err).toBe(`openrouter-oauth: ${cause}, so the line that masks the token in the logs did not get out and KEY is not set.\n`);
  });

  it.each([
    ["a JWT for another audience", async () => issuer.sign({ sub: POLICY.subject, aud: "https://elsewhere.example" }), undefined,
      "OpenRouter refused the JWT (invalid_grant): its issuer, subject or audience matches no federation policy, or it has expired."],
    ["OpenRouter busy", async () => subject, 503, "OpenRouter refused the exchange (HTTP 503: temporarily_unavailable); try again later."],
  ])("says why OpenRouter refused, in one sentence: %s", async (_, jwt, status, sentence) => {
    if (status) for (let i = 0; i < 3; i++) fake.failNext("createOauthToken", status);
    const { code, stdout, stderr } = await run(["--subject-token-env", "JWT"], { JWT: await jwt() });
    expect([code, stdout]).toEqual([EXIT.failed, ""]);
    expect(stderr).toBe(`openrouter-oauth: ${sentence}\n`);
  });

  describe("an expires_in out of the ordinary", () => {
    const NOW = Date.UTC(2026, 7, 22, 10, 0, 0);
    beforeEach(async () => {
      // The clock the fake, the JWT and the printed expiry read; timers stay real, for the sockets.
      vi.useFakeTimers({ toFake: ["Date"] });
      vi.setSystemTime(NOW);
      subject = await issuer.sign({ sub: POLICY.subject, aud: POLICY.audience, expiresInSeconds: 600 });
    });
    afterEach(() => vi.useRealTimers());

    /** Serves the fake with its token exchange answering `expires_in` in place of its own. */
    async function answering(expires_in: number) {
      await served.close();
      served = await serveFakeOpenRouter({
        fetch: async (request) => {
          const response = await fake.fetch(request);
          if (new URL(request.url).pathname !== "/api/v1/oauth/token" || !response.ok) return response;
          return Response.json({ ...(await response.json()), expires_in });
        },
      });
    }

    it.each([1e16, 2 ** 53 - 1])("prints a token whose expires_in is %d as living 15 minutes, with --json and without", async (expiresIn) => {
      await answering(expiresIn);
      const json = await run(["--subject-token-env", "JWT", "--json"], { JWT: subject });
      expect([json.code, json.stderr]).toEqual([EXIT.ok, ""]);
      expect(JSON.parse(json.stdout)).toEqual({ access_token: expect.any(String), expires_in: 900, expires_at: new Date(NOW + 900_000).toISOString() });
      const plain = await run(["--subject-token-env", "JWT"], { JWT: subject });
      expect([plain.code, plain.stderr]).toEqual([EXIT.ok, ""]);
      expect(await keyStatus(plain.stdout.trim())).toBe(200);
    });

    it.each([0, -1, -(2 ** 53 - 1), 1.5])("refuses an expires_in of %d in one sentence, printing no token, with --json and without", async (expiresIn) => {
      await answering(expiresIn);
      for (const args of [["--json"], []]) {
        const { code, stdout, stderr } = await run(["--subject-token-env", "JWT", ...args], { JWT: subject });
        expect([code, stdout]).toEqual([EXIT.failed, ""]);
        expect(stderr).toBe("openrouter-oauth: OpenRouter's answer was not what this tool expects; try again later.\n");
      }
    });
  });

  it("refuses a --subject-token-env that names no variable, and an empty --audience", async () => {
    expect((await run(["--subject-token-env", "not a name"])).stderr).toContain('--subject-token-env must name an environment variable, not "not a name"');
    expect((await run(["--gcp", "--audience", ""])).code).toBe(EXIT.usage);
  });

  it("says the exchange was cancelled when interrupted", async () => {
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    let err = "";
    stderr.on("data", (chunk) => (err += chunk));
    const args = ["token", "--federation-policy", POLICY.id, "--base-url", served.baseUrl, "--subject-token-env", "JWT"];
    const code = await runCli(args, { stdout, stderr, stdin: new PassThrough(), env: { JWT: subject }, signal: AbortSignal.abort() });
    expect(code).toBe(EXIT.interrupted);
    expect(err).toBe("openrouter-oauth: Exchange cancelled.\n");
  });

  it("shows its help", async () => {
    const { code, stdout } = await run(["--help"]);
    expect(code).toBe(EXIT.ok);
    expect(stdout).toContain("--github-env NAME");
  });
});
