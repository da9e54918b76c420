// Pasting into `login` (spawned.ts): headless mode asks again after a bad paste, and a remote session opens no
// browser and takes the redirected URL pasted back while its listener waits; whichever arrives first wins, once.
import { describe, expect, it } from "vitest";
import { simulateUser } from "../../src/testing/index.js";
import { authorizationUrl, EXIT, KEY, lastLine, useSpawnedCli } from "./spawned.js";

const { state, cli, against } = useSpawnedCli();

describe("login --headless (spawned)", { timeout: 30_000 }, () => {
  it("asks again after an empty paste, a paste that is not a code, and a code OpenRouter refuses", async () => {
    let url: string | undefined;
    let prompts = 0;
    const { code, stdout, stderr } = await cli(["login", "--headless", "--json", ...against()], {
      onLine: (line, child) => {
        url ??= authorizationUrl(line);
        if (line.startsWith("Sign in there, then paste")) {
          void simulateUser(url!, "approve").then(({ code }) => {
            child.stdin!.write("\n");
            child.stdin!.write("not a code\n");
            child.stdin!.write(`${code}x\n`); // a typo: OpenRouter does not know this code
          });
        }
        if (line.startsWith("OpenRouter refused that code")) {
          prompts++;
          child.stdin!.end();
        }
      },
    });
    expect(stderr).toContain("Nothing was pasted; paste the code OpenRouter shows, then press Enter.\n");
    expect(stderr).toContain("That does not look like a code; paste the code OpenRouter shows, exactly as shown.\n");
    expect(prompts).toBe(1);
    // No real code was pasted, so the sign-in is still waiting when standard input ends.
    expect(code).toBe(EXIT.failed);
    expect(lastLine(stderr)).toBe("openrouter-oauth: Standard input ended before a code was pasted.");
    expect(stdout).toBe("");
  });

  it("signs in with the right code after a typo, exchanging each paste once", async () => {
    let url: string | undefined;
    let right: string | undefined;
    const { code, stdout } = await cli(["login", "--headless", "--json", ...against()], {
      onLine: (line, child) => {
        url ??= authorizationUrl(line);
        if (line.startsWith("Sign in there, then paste")) {
          void simulateUser(url!, "approve").then(({ code }) => {
            right = code;
            child.stdin!.write(`x${code}\n`);
          });
        }
        // The right code once OpenRouter has refused the typo.
        if (line.startsWith("OpenRouter refused that code")) child.stdin!.end(`${right}\n`);
      },
    });
    expect(code).toBe(EXIT.ok);
    expect(JSON.parse(stdout).key).toBe(state.minted[0]);
    expect(state.fake.calls.exchangeAuthCodeForAPIKey).toBe(2);
  });

  it("takes a whole URL carrying the code as well as the bare code", async () => {
    let url: string | undefined;
    const { code, stdout } = await cli(["login", "--headless", "--print-key", ...against()], {
      onLine: (line, child) => {
        url ??= authorizationUrl(line);
        if (line.startsWith("Sign in there, then paste")) {
          void simulateUser(url!, "approve").then(({ code }) => child.stdin!.end(`https://openrouter.ai/auth/done?code=${code}\n`));
        }
      },
    });
    expect(code).toBe(EXIT.ok);
    expect(stdout).toBe(`${state.minted[0]}\n`);
  });

  it("times out while asking again, naming the whole timeout", async () => {
    const { code, stderr } = await cli(["login", "--headless", "--timeout", "0.6", ...against()], {
      onLine: (line, child) => {
        if (line.startsWith("Sign in there, then paste")) child.stdin!.write("nonsense with spaces\n");
      },
    });
    expect(code).toBe(EXIT.timedOut);
    expect(stderr).toContain("(times out in 0.6 s):");
    expect(lastLine(stderr)).toBe("openrouter-oauth: Nobody finished signing in within 0.6 s; run login again.");
  });

  it("refuses --headless with --port as a usage error, before anything is printed", async () => {
    const { code, stderr } = await cli(["login", "--headless", "--port", "8484", ...against()]);
    expect(code).toBe(EXIT.usage);
    expect(stderr).toBe(`openrouter-oauth: --headless and --port cannot be used together (headless mode does not listen). See "openrouter-oauth login --help".\n`);
  });
});

describe("login in a remote session (spawned)", { timeout: 30_000 }, () => {
  const remote = { env: { OPENROUTER_OAUTH_SESSION: undefined, SSH_CONNECTION: "203.0.113.9 52222 10.0.0.2 22" } };

  /** `login` over SSH; `then` plays the user once the CLI waits, given the URL and the child. */
  function overSsh(extra: string[], then: (url: string, child: import("node:child_process").ChildProcess) => void) {
    let url: string | undefined;
    return cli(["login", ...against(), ...extra], {
      ...remote,
      onLine: (line, child) => {
        url ??= authorizationUrl(line);
        if (line.startsWith("Waiting for you")) then(url!, child);
      },
    });
  }

  it("opens no browser, says why, and takes the redirected URL pasted from another machine's browser", async () => {
    const { code, stdout, stderr } = await overSsh(["--print-key"], (url, child) => {
      // The browser elsewhere cannot reach 127.0.0.1 here: the user copies the address it was sent to.
      void simulateUser(url, "approve", { follow: false }).then(({ redirectedTo }) => child.stdin!.write(`${redirectedTo}\n`));
    });
    expect(code).toBe(EXIT.ok);
    expect(stderr).toContain("This looks like an SSH session, so no browser was opened here; open the URL above in a browser on any machine.\n");
    expect(stderr).toContain("copy that page's address and paste it here.\n");
    expect(stderr).not.toContain("Opened the page");
    expect(stderr).not.toContain("Could not open a browser");
    expect(stdout).toBe(`${state.minted[0]}\n`);
    expect(state.fake.calls.exchangeAuthCodeForAPIKey).toBe(1);
  });

  it("refuses a pasted URL of another sign-in and keeps waiting; the browser's callback then wins, once", async () => {
    let callbackStatus: number | undefined;
    const { code, stdout, stderr } = await overSsh([], (url, child) => {
      const other = new URL(url);
      const callback = new URL(other.searchParams.get("callback_url")!);
      callback.searchParams.set("state", "not-this-one");
      callback.searchParams.set("code", "forged");
      child.stdin!.write(`${callback.href}\n`);
      void simulateUser(url, "approve").then((user) => {
        callbackStatus = user.callbackStatus;
        child.stdin!.write(`${user.redirectedTo}\n`); // too late: the listener already took it
      });
    });
    expect(code).toBe(EXIT.ok);
    expect(callbackStatus).toBe(200);
    expect(stderr).toContain("That address belongs to another sign-in; paste the address of the page this sign-in sent you to.\n");
    expect(stdout).toMatch(/^Key: sk-or-v1-/);
    expect(stdout + stderr).not.toMatch(KEY);
    expect(state.fake.calls.exchangeAuthCodeForAPIKey).toBe(1);
  });

  it("keeps waiting for the callback when standard input ends", async () => {
    let url: string | undefined;
    // Standard input ends as the command starts, long before the user can have answered in the browser.
    const { code } = await cli(["login", ...against()], {
      ...remote,
      input: "",
      onLine: (line) => {
        url ??= authorizationUrl(line);
        if (line.startsWith("Waiting for you")) void simulateUser(url!, "approve");
      },
    });
    expect(code).toBe(EXIT.ok);
    expect(state.fake.calls.exchangeAuthCodeForAPIKey).toBe(1);
  });

  it("ends with the denial when the pasted URL carries one", async () => {
    const { code, stderr } = await overSsh([], (url, child) => {
      void simulateUser(url, "deny", { follow: false }).then(({ redirectedTo }) => child.stdin!.write(`${redirectedTo}\n`));
    });
    expect(code).toBe(EXIT.denied);
    expect(lastLine(stderr)).toBe("openrouter-oauth: You declined on OpenRouter; no key was created.");
  });

  it("shows no control character of a pasted denial's error on the terminal", async () => {
    const { code, stderr } = await overSsh([], (url, child) => {
      void simulateUser(url, "deny", { follow: false }).then(({ redirectedTo }) => {
        const denied = new URL(redirectedTo!);
        denied.searchParams.set("error", "\u001b[2Jrewritten");
        child.stdin!.write(`${denied.href}\n`);
      });
    });
    expect(code).toBe(EXIT.denied);
    expect(lastLine(stderr)).toBe("openrouter-oauth: OpenRouter did not authorize the sign-in ([2Jrewritten); no key was created.");
  });
});
