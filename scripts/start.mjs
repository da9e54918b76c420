// npm start: the whole sign-in, offline. Builds the package when dist/ is missing or older than the sources,
// serves the embedded fake OpenRouter on 127.0.0.1, and runs `openrouter-oauth login` against it. The CLI's
// browser is a simulated user who presses Authorize on the consent page over real HTTP; every request goes
// over loopback sockets, none leaves the machine.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const say = (line) => process.stderr.write(`[demo] ${line}\n`);
const user = (line) => process.stderr.write(`[simulated user] ${line}\n`);

function newest(path) {
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name))));
}

function buildIfNeeded() {
  const built = join(root, "dist", "cli.js");
  const sources = Math.max(newest(join(root, "src")), newest(join(root, "package.json")), newest(join(root, "tsup.config.ts")));
  if (existsSync(built) && statSync(built).mtimeMs >= sources) return;
  say("building the package first (npm run build)...");
  // npm sets npm_execpath when it runs this script; calling it through node needs no shell on any platform.
  const npm = process.env.npm_execpath;
  const result = npm
    ? spawnSync(process.execPath, [npm, "run", "build", "--silent"], { cwd: root, stdio: ["ignore", "ignore", "inherit"] })
    : spawnSync("npm", ["run", "build", "--silent"], { cwd: root, stdio: ["ignore", "ignore", "inherit"] });
  if (result.status !== 0) {
    say("the build failed; see above.");
    process.exit(1);
  }
}

/** The callback URL with its code hidden: the code is a secret until it is exchanged. */
const withoutCode = (url) => {
  const shown = new URL(url);
  if (shown.searchParams.has("code")) shown.searchParams.set("code", "<hidden>");
  return shown.href.replace("%3Chidden%3E", "<hidden>");
};

buildIfNeeded();
const { createFakeOpenRouter, simulateUser } = await import("openrouter-oauth/testing");
const { serveFakeOpenRouter } = await import("openrouter-oauth/testing/node");
const { runCli } = await import("../dist/cli.js");
const { maskKey } = await import("openrouter-oauth");

const fake = createFakeOpenRouter();
const served = await serveFakeOpenRouter(fake);
say(`1. the fake OpenRouter is serving on ${served.origin} (consent page ${served.authUrl}, API ${served.baseUrl})`);

let browsing;
/** The CLI's browser: a user who reads the consent page and presses Authorize, then lands on the callback. */
const openBrowser = (url) => {
  browsing = (async () => {
    user(`opens ${new URL(url).origin}${new URL(url).pathname} and reads the consent page`);
    const { redirectedTo } = await simulateUser(url, "approve", { follow: false });
    user(`presses Authorize; OpenRouter sends the browser to ${withoutCode(redirectedTo)}`);
    const page = await fetch(redirectedTo, { redirect: "manual" });
    const title = /<h1>([^<]*)<\/h1>/.exec(await page.text())?.[1];
    user(`the app's page answers HTTP ${page.status}: "${title}"`);
  })();
  browsing.catch(() => {}); // reported below, once the CLI is done
};

// The key goes where an app's would: a file of its own, which the demo removes at the end.
const folder = mkdtempSync(join(tmpdir(), "openrouter-oauth-demo-"));
const keyFile = join(folder, "key.txt");
const args = ["login", "--base-url", served.baseUrl, "--auth-url", served.authUrl, "--key-label", "npm start demo", "--timeout", "60", "--output", keyFile];
say(`2. running: openrouter-oauth ${args.map((arg) => (/\s/.test(arg) ? `"${arg}"` : arg)).join(" ")}`);
const stdout = new PassThrough();
let printed = "";
stdout.on("data", (chunk) => (printed += chunk));
// The demo runs wherever npm start does, containers included: its simulated user is on this machine.
const env = { ...process.env, OPENROUTER_OAUTH_SESSION: "local" };
const code = await runCli(args, { stdout, stderr: process.stderr, stdin: process.stdin, env, openBrowser });
await browsing?.catch((error) => user(`failed: ${error.message}`));
await served.close();

say(`3. the CLI exited with code ${code}; the fake received ${fake.calls.exchangeAuthCodeForAPIKey} code exchange(s)`);
if (code === 0) {
  const key = readFileSync(keyFile, "utf8").trim();
  say(`the key the CLI wrote to ${keyFile} is ${maskKey(key)}; removed now, as only the fake, closed too, knew it.`);
  say("the settings link above is on the fake, which has no such page and is closed now; against openrouter.ai it opens the key's settings.");
  say("signed in end to end over loopback, offline.");
}
rmSync(folder, { recursive: true, force: true });
// Standard output carries only what the CLI printed there: nothing, since the key went to the file.
process.stdout.write(printed);
process.exitCode = code;
