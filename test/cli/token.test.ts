// `openrouter-oauth token` (spawned.ts): the workload's JWT exchanged at the served fake OpenRouter, which knows a
// fake issuer and a policy; the token alone, as JSON, or set through $GITHUB_ENV; failures in one sentence.
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { createFakeIssuer, createFakeOpenRouter, type FakeIssuer } from "../../src/testing/index.js";
import { standIn } from "../workload/stand-in.js";
import { EXIT, lastLine, useSpawnedCli } from "./spawned.js";

const { state, cli } = useSpawnedCli();

const POLICY = { id: "4b2f7d1e-8c3a-4e5f-9a6b-1c2d3e4f5a6b", subject: "repo:acme/app:ref:refs/heads/main", audience: "https://openrouter.ai" };
let issuer: FakeIssuer;
let subject: string;

beforeEach(async () => {
  issuer = createFakeIssuer();
  state.fake = createFakeOpenRouter({ workloadIdentity: { issuers: [issuer], policies: [{ ...POLICY, issuer: issuer.issuer }] } });
  subject = await issuer.sign({ sub: POLICY.subject, aud: POLICY.audience, expiresInSeconds: 300 });
});

const base = () => ["--federation-policy", POLICY.id, "--base-url", state.served.baseUrl];
const ACCESS_TOKEN = /^[\w-]+\.[\w-]+\.[\w-]+$/;

/** Whether the served fake takes `token` as a key. */
async function works(token: string) {
  const response = await fetch(`${state.served.baseUrl}/key`, { headers: { authorization: `Bearer ${token}` } });
  return response.status;
}

describe("openrouter-oauth token (spawned)", { timeout: 30_000 }, () => {
  it("prints the access token alone, made from the JWT in --subject-token-file", async () => {
    const file = join(state.work, "token");
    await writeFile(file, `${subject}\n`);
    const { code, stdout, stderr } = await cli(["token", ...base(), "--subject-token-file", file]);
    expect(code).toBe(EXIT.ok);
    expect(stderr).toBe("");
    expect(stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    expect(await works(stdout.trim())).toBe(200);
  });

  it("reads the JWT from --subject-token-env", async () => {
    const { code, stdout } = await cli(["token", ...base(), "--subject-token-env", "CI_JOB_JWT"], { env: { CI_JOB_JWT: subject } });
    expect(code).toBe(EXIT.ok);
    expect(stdout.trim()).toMatch(ACCESS_TOKEN);
  });

  it("asks GitHub Actions for the JWT with --github-actions and --audience", async () => {
    const github = await standIn({ body: JSON.stringify({ value: subject }) });
    const env = { ACTIONS_ID_TOKEN_REQUEST_URL: `${github.origin}/idtoken?api-version=2.0`, ACTIONS_ID_TOKEN_REQUEST_TOKEN: "gh-request-token" };
    const { code, stdout } = await cli(["token", ...base(), "--github-actions", "--audience", POLICY.audience], { env });
    expect(code).toBe(EXIT.ok);
    expect(github.asked[0]!.url).toBe("/idtoken?api-version=2.0&audience=https%3A%2F%2Fopenrouter.ai");
    expect(await works(stdout.trim())).toBe(200);
  });

  it("prints access_token, expires_in and expires_at with --json", async () => {
    // The command runs apart, on the real clock: expires_at is dated from a moment within the run, so it lies
    // between these two instants plus expires_in, however long the run takes.
    const before = Date.now();
    const { code, stdout } = await cli(["token", ...base(), "--subject-token-env", "JWT", "--json"], { env: { JWT: subject } });
    const after = Date.now();
    expect(code).toBe(EXIT.ok);
    const printed = JSON.parse(stdout);
    expect(Object.keys(printed)).toEqual(["access_token", "expires_in", "expires_at"]);
    expect(printed.access_token).toMatch(ACCESS_TOKEN);
    // The lifetime the fake gave the token it minted, never more than the JWT's 300 s.
    const { iat, exp } = JSON.parse(Buffer.from(printed.access_token.split(".")[1], "base64url").toString());
    expect(printed.expires_in).toBe(exp - iat);
    expect(printed.expires_in).toBeGreaterThan(0);
    expect(printed.expires_in).toBeLessThanOrEqual(300);
    const expiresAt = Date.parse(printed.expires_at);
    expect(expiresAt).toBeGreaterThanOrEqual(before + printed.expires_in * 1000);
    expect(expiresAt).toBeLessThanOrEqual(after + printed.expires_in * 1000);
  });

  it("writes the token to $GITHUB_ENV as a delimited block with --github-env, after the line that masks it", async () => {
    const githubEnv = join(state.work, "github-env");
    await writeFile(githubEnv, "EARLIER=1\n");
    const { code, stdout, stderr } = await cli(["token", ...base(), "--subject-token-env", "JWT", "--github-env", "OPENROUTER_API_KEY"], {
      env: { JWT: subject, GITHUB_ENV: githubEnv },
    });
    expect(code).toBe(EXIT.ok);
    const token = /^::add-mask::(\S+)\n$/.exec(stdout)?.[1];
    expect(token).toMatch(ACCESS_TOKEN);
    const written = await readFile(githubEnv, "utf8");
    const block = /^EARLIER=1\nOPENROUTER_API_KEY<<(ghadelimiter_[\w-]+)\n(\S+)\n(ghadelimiter_[\w-]+)\n$/.exec(written);
    expect(block?.[1]).toBe(block?.[3]);
    expect(block?.[2]).toBe(token);
    expect(stderr).toContain("OPENROUTER_API_KEY");
    expect(stderr).not.toContain(token);
    expect(await works(token!)).toBe(200);
  });

  it("sets nothing in $GITHUB_ENV, exit 141, when standard output is a closed pipe and the mask line cannot get out", async () => {
    const githubEnv = join(state.work, "github-env-closed");
    await writeFile(githubEnv, "");
    const run = cli(["token", ...base(), "--subject-token-env", "JWT", "--github-env", "OPENROUTER_API_KEY"], { env: { JWT: subject, GITHUB_ENV: githubEnv } });
    // The reader leaves before the command writes anything.
    run.child.stdout!.destroy();
    const { code, stderr } = await run;
    expect(code).toBe(EXIT.pipeClosed);
    expect(await readFile(githubEnv, "utf8")).toBe("");
    expect(stderr).toBe(
      "openrouter-oauth: Standard output is closed, so the line that masks the token in the logs did not get out and OPENROUTER_API_KEY is not set.\n",
    );
    expect(state.fake.calls.createOauthToken).toBe(1);
  });

  it("says in one sentence that OpenRouter refused a JWT for another audience, exit 1, printing no JWT", async () => {
    const other = await issuer.sign({ sub: POLICY.subject, aud: "https://elsewhere.example", expiresInSeconds: 300 });
    const { code, stdout, stderr } = await cli(["token", ...base(), "--subject-token-env", "JWT"], { env: { JWT: other } });
    expect(code).toBe(EXIT.failed);
    expect(stdout).toBe("");
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(lastLine(stderr)).toBe(
      "openrouter-oauth: OpenRouter refused the JWT (invalid_grant): its issuer, subject or audience matches no federation policy, or it has expired.",
    );
    expect(stderr).not.toContain(other);
  });

  it("says the job needs id-token: write when GitHub's variables are missing", async () => {
    const { code, stderr } = await cli(["token", ...base(), "--github-actions"], { env: { ACTIONS_ID_TOKEN_REQUEST_URL: undefined, ACTIONS_ID_TOKEN_REQUEST_TOKEN: undefined } });
    expect(code).toBe(EXIT.failed);
    expect(stderr).toMatch(/^openrouter-oauth: GitHub Actions gives this job no OIDC token .*permissions: id-token: write.*forks/);
  });

  it.each([
    [[], "say where the JWT comes from, with one of --subject-token-file, --subject-token-env, --github-actions, --gcp or --azure"],
    [["--github-actions", "--azure"], "give only one of --subject-token-file, --subject-token-env, --github-actions, --gcp or --azure"],
    [["--azure", "--audience", "a"], "--audience goes with --github-actions or --gcp"],
    [["--github-actions", "--resource", "r"], "--resource goes with --azure"],
    [["--gcp"], "--gcp needs --audience, the federation policy's Audience"],
    [["--subject-token-env", "JWT", "--github-env", "KEY"], "--github-env works in a GitHub Actions step only: GITHUB_ENV is not set"],
    [["--subject-token-env", "JWT", "--github-env", "KEY", "--json"], "--json and --github-env cannot be used together (--github-env prints nothing but the mask line)"],
    [["--subject-token-env", "JWT", "--github-env", "NOT A NAME"], '--github-env must be an environment variable\'s name, not "NOT A NAME"'],
    [["--subject-token-env", "JWT", "--timeout", "soon"], '--timeout must be a number of seconds above 0, not "soon"'],
  ])("refuses %j as a usage error, exit 2", async (args, message) => {
    const { code, stdout, stderr } = await cli(["token", ...base(), ...args], { env: { JWT: subject, GITHUB_ENV: undefined } });
    expect(code).toBe(EXIT.usage);
    expect(stdout).toBe("");
    expect(stderr).toBe(`openrouter-oauth: ${message}. See "openrouter-oauth token --help".\n`);
  });

  it("needs --federation-policy", async () => {
    const { code, stderr } = await cli(["token", "--subject-token-env", "JWT"], { env: { JWT: subject } });
    expect(code).toBe(EXIT.usage);
    expect(stderr).toContain("--federation-policy ID is needed");
  });

  it("documents itself in --help and in the list of commands", async () => {
    const help = await cli(["token", "--help"]);
    expect(help.code).toBe(EXIT.ok);
    expect(help.stdout).toContain("Usage: openrouter-oauth token --federation-policy ID");
    expect((await cli(["--help"])).stdout).toMatch(/^ {2}token {10}Exchange a workload's JWT/m);
  });
});
