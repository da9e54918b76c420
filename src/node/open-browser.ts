import { spawn } from "node:child_process";
import { InvalidRequestError } from "../errors/invalid-request-error.js";
import { OpenRouterOAuthError } from "../errors/openrouter-oauth-error.js";

/** Shows `url` to the user: the platform's browser by default; anything else (a simulated user, say) in tests. */
export type OpenBrowser = (url: string) => void | Promise<void>;

/**
 * The platform's opener for `url`, as a file and its arguments: nothing goes through a shell, so the `&` of a
 * query string stays part of the URL. On Windows, `start` is a builtin of cmd.exe, which would re-parse the URL
 * (`&` ends a command there, `%...%` expands variables), so the URL handler of the shell is called directly.
 */
export function browserCommand(url: string, platform: NodeJS.Platform = process.platform): [string, string[]] {
  if (platform === "darwin") return ["open", [url]];
  if (platform === "win32") return ["rundll32", ["url.dll,FileProtocolHandler", url]];
  return ["xdg-open", [url]];
}

/** How long an opener gets to fail (xdg-open without a desktop exits at once); after that it counts as started. */
const GRACE_MS = 1000;

/**
 * Starts `file` with `args`, detached. Resolves when it exits with 0, or is still running after `graceMs`
 * (some openers stay until the browser closes); rejects if it cannot start or exits with an error before then.
 */
export function launch(file: string, args: readonly string[], graceMs = GRACE_MS): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { stdio: "ignore", detached: true, shell: false, windowsHide: true });
    const fail = (reason: string) => reject(new OpenRouterOAuthError(`${file} could not open a browser (${reason}).`, { code: "browser_not_opened" }));
    child.once("error", (error: NodeJS.ErrnoException) => fail(error.code ?? "it did not start"));
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else fail(code === null ? `stopped by ${signal}` : `exit code ${code}`);
    });
    const timer = setTimeout(() => {
      child.unref();
      resolve();
    }, graceMs);
    timer.unref();
  });
}

/** Opens an http(s) URL in the user's default browser with the platform's opener (xdg-open, open, or the Windows URL handler). */
export function openBrowser(url: string): Promise<void> {
  let protocol: string | undefined;
  try {
    protocol = new URL(url).protocol;
  } catch {
    // reported below
  }
  // Only web pages: a file: or custom-scheme URL handed to the opener could start any program.
  if (protocol !== "https:" && protocol !== "http:") {
    return Promise.reject(new InvalidRequestError("openBrowser: only absolute http(s) URLs are opened.", { field: "url" }));
  }
  const [file, args] = browserCommand(url);
  return launch(file, args);
}
