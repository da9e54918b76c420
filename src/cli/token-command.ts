// `openrouter-oauth token`: the workload's JWT exchanged for an OpenRouter access token, for shell steps. The token
// goes to standard output alone, or as JSON, or into $GITHUB_ENV for the later steps of a GitHub Actions job.
import { randomUUID } from "node:crypto";
import { DEFAULT_BASE_URL } from "../transport/options.js";
import { baseUrlProblem } from "../checks/validate.js";
import { fromAzureManagedIdentity } from "../workload/from-azure-managed-identity.js";
import { fromEnv } from "../workload/from-env.js";
import { fromFile } from "../workload/from-file.js";
import { fromGitHubActions } from "../workload/from-github-actions.js";
import { fromGoogleMetadata } from "../workload/from-google-metadata.js";
import type { SubjectTokenSource } from "../workload/subject-token.js";
import { DEFAULT_RETRY, exchangeSubjectToken } from "../workload/workload-identity.js";
import { numberValue, parse, refuseTogether, UsageError, urlValue } from "./args.js";
import { writeOut } from "./deliver.js";
import { EXIT, TOKEN_HELP } from "./help.js";
import type { FailureContext } from "./words.js";
import type { CliIo } from "./run.js";
import { appendToFile } from "./key-file.js";

const OPTIONS = {
  help: { type: "boolean", short: "h" },
  "federation-policy": { type: "string" },
  "subject-token-file": { type: "string" },
  "subject-token-env": { type: "string" },
  "github-actions": { type: "boolean" },
  gcp: { type: "boolean" },
  azure: { type: "boolean" },
  audience: { type: "string" },
  resource: { type: "string" },
  json: { type: "boolean" },
  "github-env": { type: "string" },
  "base-url": { type: "string" },
  timeout: { type: "string" },
} as const;

const SOURCES = ["subject-token-file", "subject-token-env", "github-actions", "gcp", "azure"] as const;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

type Values = ReturnType<typeof parse<typeof OPTIONS>>["values"];

/** The one source the command line names, checked with the options that go with it. */
function sourceOf(values: Values, env: CliIo["env"]): SubjectTokenSource {
  const given = SOURCES.filter((name) => values[name] !== undefined && values[name] !== false);
  if (given.length !== 1) {
    throw new UsageError(`${given.length ? "give only one" : "say where the JWT comes from, with one"} of --subject-token-file, --subject-token-env, --github-actions, --gcp or --azure`);
  }
  const [source] = given;
  const { audience, resource } = values;
  if (audience !== undefined && source !== "github-actions" && source !== "gcp") throw new UsageError("--audience goes with --github-actions or --gcp");
  if (resource !== undefined && source !== "azure") throw new UsageError("--resource goes with --azure");
  if (audience === "" || resource === "") throw new UsageError(`--${audience === "" ? "audience" : "resource"} needs a value`);
  switch (source) {
    case "subject-token-file":
      return fromFile(values["subject-token-file"]!);
    case "subject-token-env": {
      const name = values["subject-token-env"]!;
      if (!ENV_NAME.test(name)) throw new UsageError(`--subject-token-env must name an environment variable, not "${name}"`);
      return fromEnv(name, { env });
    }
    case "github-actions":
      return fromGitHubActions({ audience, env });
    case "gcp":
      if (audience === undefined) throw new UsageError("--gcp needs --audience, the federation policy's Audience");
      return fromGoogleMetadata({ audience, env });
    default:
      return fromAzureManagedIdentity({ resource, env });
  }
}

/**
 * Writes NAME to the file GITHUB_ENV names, as a block whose delimiter nobody can guess, so that no value ends it
 * early. Returns why it could not, if it could not.
 */
async function setForLaterSteps(file: string, name: string, token: string): Promise<string | undefined> {
  const delimiter = `ghadelimiter_${randomUUID()}`;
  try {
    await appendToFile(file, `${name}<<${delimiter}\n${token}\n${delimiter}\n`);
    return undefined;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    return `The file GITHUB_ENV names cannot be written${typeof code === "string" ? ` (${code})` : ""}, so ${name} is not set.`;
  }
}

export async function runToken(args: string[], io: CliIo, context: FailureContext): Promise<number> {
  const { values } = parse(args, OPTIONS);
  if (values.help) {
    io.stdout.write(TOKEN_HELP);
    return EXIT.ok;
  }
  refuseTogether(values, [["json", "github-env", "--github-env prints nothing but the mask line"]]);
  const federationPolicyId = values["federation-policy"];
  if (!federationPolicyId) throw new UsageError("--federation-policy ID is needed: the policy's id, from openrouter.ai Settings → Workload identity");
  const source = sourceOf(values, io.env);
  const githubEnv = values["github-env"];
  if (githubEnv !== undefined && !ENV_NAME.test(githubEnv)) throw new UsageError(`--github-env must be an environment variable's name, not "${githubEnv}"`);
  const githubEnvFile = io.env?.GITHUB_ENV;
  if (githubEnv !== undefined && !githubEnvFile) throw new UsageError("--github-env works in a GitHub Actions step only: GITHUB_ENV is not set");
  const baseUrl = urlValue("--base-url", values["base-url"], baseUrlProblem) ?? DEFAULT_BASE_URL;
  const seconds = numberValue("--timeout", values.timeout, (n) => n > 0 && n <= 2_147_483, "a number of seconds above 0");
  const timeoutMs = seconds === undefined ? 30_000 : Math.ceil(seconds * 1000);
  Object.assign(context, { host: new URL(baseUrl).host, baseUrlGiven: baseUrl !== DEFAULT_BASE_URL, doing: "Exchange" });

  const began = Date.now();
  const { accessToken, expiresInSeconds } = await exchangeSubjectToken(
    { federationPolicyId, subjectToken: source, scope: undefined, connection: { baseUrl, timeoutMs }, retry: DEFAULT_RETRY, timeoutMs },
    io.signal,
  );
  const expiresAt = new Date(began + expiresInSeconds * 1000).toISOString();
  if (githubEnv !== undefined) {
    // The mask line first, on standard output where the runner reads it: from then on, every log masks the token.
    // Only once it got out is the token set, since an unmasked token would show in every later step's log.
    try {
      await writeOut(io, `::add-mask::${accessToken}\n`);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException | null)?.code;
      const why = code === "EPIPE" ? "is closed" : `cannot be written${typeof code === "string" ? ` (${code})` : ""}`;
      io.stderr.write(`openrouter-oauth: Standard output ${why}, so the line that masks the token in the logs did not get out and ${githubEnv} is not set.\n`);
      return code === "EPIPE" ? EXIT.pipeClosed : EXIT.failed;
    }
    const failed = await setForLaterSteps(githubEnvFile!, githubEnv, accessToken);
    if (failed) {
      io.stderr.write(`openrouter-oauth: ${failed}\n`);
      return EXIT.failed;
    }
    io.stderr.write(`Set ${githubEnv} for the later steps of this job; it expires in ${expiresInSeconds} s, at ${expiresAt}.\n`);
  } else if (values.json) {
    io.stdout.write(`${JSON.stringify({ access_token: accessToken, expires_in: expiresInSeconds, expires_at: expiresAt })}\n`);
  } else {
    io.stdout.write(`${accessToken}\n`);
  }
  return EXIT.ok;
}
