// The CLI's help texts and exit codes: what `--help` documents is what the CLI does.

export const EXIT = {
  ok: 0,
  failed: 1,
  usage: 2,
  denied: 3,
  timedOut: 4,
  interrupted: 130,
  pipeClosed: 141,
  terminated: 143,
} as const;

/** The commands, each with a help of its own. */
export type Command = "login" | "key" | "token" | "fake-server";

const EVERY: readonly Command[] = ["login", "key", "token", "fake-server"];

/**
 * Every exit code in words, with the commands that can end with it: each command's help lists its own rows, so
 * that none promises a code it never gives. "failed" says per command what fails it. Only login writes while it
 * waits, so only it learns of a closed pipe in time to end with 141.
 */
export const EXIT_CODES: readonly { code: number; means: string; commands: readonly Command[] }[] = [
  { code: EXIT.ok, means: "done", commands: ["login", "key", "token"] },
  { code: EXIT.failed, means: "failed (network, OpenRouter's answer, port in use, key not written where asked)", commands: ["login"] },
  { code: EXIT.failed, means: "failed (network, OpenRouter's answer, a key OpenRouter does not know)", commands: ["key"] },
  { code: EXIT.failed, means: "failed (network, OpenRouter's answer, the JWT could not be had, GITHUB_ENV not written)", commands: ["token"] },
  { code: EXIT.failed, means: "failed (port in use)", commands: ["fake-server"] },
  { code: EXIT.usage, means: "usage error (unknown option, bad value, options that conflict)", commands: EVERY },
  { code: EXIT.denied, means: "the authorization was denied", commands: ["login"] },
  { code: EXIT.timedOut, means: "timed out", commands: ["login", "key", "token"] },
  { code: EXIT.interrupted, means: "interrupted (Ctrl-C)", commands: ["login", "key", "token"] },
  { code: EXIT.interrupted, means: "stopped (Ctrl-C), its usual end", commands: ["fake-server"] },
  { code: EXIT.pipeClosed, means: "its output was closed (a pipe whose reader left, such as head)", commands: ["login"] },
  { code: EXIT.terminated, means: "terminated (SIGTERM)", commands: EVERY },
];

/** The "Exit codes:" block of `command`'s help. */
const exitCodesOf = (command: Command) =>
  `Exit codes:\n${EXIT_CODES.filter(({ commands }) => commands.includes(command)).map(({ code, means }) => `  ${String(code).padEnd(6)}${means}\n`).join("")}`;

export const MAIN_HELP = `Usage: openrouter-oauth <command> [options]

Commands:
  login          Sign in with OpenRouter in your browser and get an API key
  key            Show what an API key may spend, has spent, and where to revoke it
  token          Exchange a workload's JWT for an OpenRouter access token (keyless CI)
  fake-server    Serve a fake OpenRouter on 127.0.0.1, to try the sign-in offline

Options:
  --version      Show the version
  -h, --help     Show this help

Run "openrouter-oauth <command> --help" for the options of a command.
`;

export const LOGIN_HELP = `Usage: openrouter-oauth login [options]

Signs you in with OpenRouter (OAuth with PKCE) and gets an API key for you. It opens
OpenRouter's authorization page in your browser and waits on 127.0.0.1 for the answer.
Over SSH, in a container or Codespaces, or under WSL without a desktop, it opens no
browser: open the URL anywhere, and if the page then fails to load, paste its address here
(OPENROUTER_OAUTH_SESSION=local or =remote overrides the guess).
With --headless, nothing listens: you open the URL anywhere and paste back the code it shows.

Options:
  --no-open             Do not open a browser; open the printed URL yourself
  --port N              Listen on port N (default: a free port the system picks)
  --key-label TEXT      Name of the key, shown on OpenRouter (at most 100 characters)
  --limit CREDITS       Credit limit of the key
  --timeout SECONDS     How long to wait for you to sign in (default 300)
  --headless            Print the URL, then read the pasted code from standard input
  --json                Print {"key": ..., "user_id": ...} on standard output
  --print-key           Print the key on standard output
  -o, --output FILE     Write the key to FILE, readable by you only (mode 0600); - for standard output
  --force               Replace the --output file if it exists
  --dotenv FILE         Set OPENROUTER_API_KEY in the dotenv FILE, keeping its other lines (mode 0600)
  --env-file FILE       The same as --dotenv, for a FILE that exists (Node itself exits on a new one)
  --base-url URL        OpenRouter's API (default https://openrouter.ai/api/v1)
  --auth-url URL        OpenRouter's authorization page (default https://openrouter.ai/auth)
  -h, --help            Show this help

The key is printed only when --json, --print-key or -o - asks for it; otherwise, unless a file
got it, standard output gets a masked form (sk-or-v1-abc...wxyz). Progress and errors go to standard error. If the key
cannot be written where you asked, it is printed on the terminal, or else saved in
~/.openrouter-oauth/unsaved-keys/ (mode 0600), and you are told where. A FILE that is a
symbolic link is followed only if it is yours, in a folder only you can write to, and you are
told the file it points to; any other link is refused (another user may have planted it).

${exitCodesOf("login")}`;

export const KEY_HELP = `Usage: openrouter-oauth key [options]

Shows what an API key is: its label, its credit limit and what remains of it, when the limit
resets, what it spent today, this week, this month and in all, how many free-model requests
are left today, when it expires, whether it is on the free tier, where its requests may be
processed, which organization owns it if any, and the link where you can limit or revoke it.
The key itself is never printed.

The key is read from --key-file, else from OPENROUTER_API_KEY, else from standard input when
it is piped; never from an argument, which would land in your shell history.

Options:
  --key-file FILE       Read the key from FILE (a bare key, or a dotenv file with OPENROUTER_API_KEY)
  --json                Print OpenRouter's answer and the key's links as JSON
  --base-url URL        OpenRouter's API (default https://openrouter.ai/api/v1)
  -h, --help            Show this help

${exitCodesOf("key")}`;

export const TOKEN_HELP = `Usage: openrouter-oauth token --federation-policy ID <where the JWT comes from> [options]

Exchanges the JWT of this workload (a CI job, a pod, a cloud function) for a short-lived
OpenRouter access token, which works wherever an API key does, and prints it alone:
  OPENROUTER_API_KEY=$(openrouter-oauth token --federation-policy ID --github-actions)
The token lives no longer than the JWT: about 5 minutes on GitHub Actions. Longer work should
use the library's createWorkloadIdentity, which exchanges a fresh JWT as needed.

Where the JWT comes from (exactly one):
  --subject-token-file FILE   Read it from FILE (a Kubernetes projected token)
  --subject-token-env NAME    Read it from the environment variable NAME (GitLab CI id_tokens)
  --github-actions            Ask GitHub Actions (the job needs permissions: id-token: write)
  --gcp                       Ask Google Cloud's metadata server (needs --audience)
  --azure                     Ask Azure's managed identity

Options:
  --federation-policy ID      The federation policy's id, from openrouter.ai Settings → Workload identity
  --audience A                The JWT's audience, for --github-actions and --gcp: the policy's Audience
  --resource R                The resource, for --azure (default api://AzureADTokenExchange)
  --json                      Print {"access_token", "expires_in", "expires_at"} instead
  --github-env NAME           Set NAME to the token for the later steps of a GitHub Actions job
                              (through $GITHUB_ENV), after the line that masks it in the logs
  --base-url URL              OpenRouter's API (default https://openrouter.ai/api/v1)
  --timeout SECONDS           How long to wait for OpenRouter, retries included (default 30)
  -h, --help                  Show this help

${exitCodesOf("token")}`;

export const FAKE_SERVER_HELP = `Usage: openrouter-oauth fake-server [options]

Serves an embedded fake OpenRouter (the consent page, the code exchange, createAuthCode,
GET /key, and model calls that echo your last message) on 127.0.0.1 until interrupted, and
prints its URLs. Nothing leaves this machine. Then, in another terminal:
  openrouter-oauth login --base-url <base URL> --auth-url <auth URL>

Options:
  --port N       Listen on port N (default: a free port the system picks)
  --workload     Also a fake identity provider and a federation policy, printed with a
                 ready JWT and the openrouter-oauth token command that uses it (needs jose)
  -h, --help     Show this help

${exitCodesOf("fake-server")}`;
