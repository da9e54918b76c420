// The CLI's help texts and exit codes: what `--help` documents is what the CLI does.

export const EXIT = {
  ok: 0,
  failed: 1,
  usage: 2,
  denied: 3,
  timedOut: 4,
  interrupted: 130,
} as const;

export const MAIN_HELP = `Usage: openrouter-oauth <command> [options]

Commands:
  login          Sign in with OpenRouter in your browser and get an API key
  fake-server    Serve a fake OpenRouter on 127.0.0.1, to try the sign-in offline

Run "openrouter-oauth <command> --help" for the options of a command.
`;

export const LOGIN_HELP = `Usage: openrouter-oauth login [options]

Signs you in with OpenRouter (OAuth with PKCE) and gets an API key for you. It opens
OpenRouter's authorization page in your browser and waits on 127.0.0.1 for the answer.
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
  -o, --output FILE     Write the key to FILE, readable by you only (mode 0600)
  --base-url URL        OpenRouter's API (default https://openrouter.ai/api/v1)
  --auth-url URL        OpenRouter's authorization page (default https://openrouter.ai/auth)
  -h, --help            Show this help

The key is printed only when --json or --print-key asks for it; otherwise standard output gets
a masked form (sk-or-v1-abc...wxyz). Progress and errors go to standard error.

Exit codes:
  0     signed in
  1     failed (network, OpenRouter's answer, port in use, file not written)
  2     usage error (unknown option or bad value)
  3     the authorization was denied
  4     timed out
  130   interrupted (Ctrl-C)
`;

export const FAKE_SERVER_HELP = `Usage: openrouter-oauth fake-server [options]

Serves an embedded fake OpenRouter (the consent page, the code exchange and createAuthCode)
on 127.0.0.1 until interrupted, and prints its URLs. Nothing leaves this machine. Then, in
another terminal:
  openrouter-oauth login --base-url <base URL> --auth-url <auth URL>

Options:
  --port N       Listen on port N (default: a free port the system picks)
  -h, --help     Show this help
`;
