// Whether the terminal runs somewhere the user's browser does not: there, the browser's redirect to 127.0.0.1
// reaches the wrong machine, so the CLI opens no browser and also takes the redirected URL pasted back.
import { existsSync, readFileSync } from "node:fs";

export interface SessionProbe {
  env: Record<string, string | undefined>;
  exists(path: string): boolean;
  read(path: string): string;
}

const machine: Omit<SessionProbe, "env"> = {
  exists: existsSync,
  read: (path) => {
    try {
      return readFileSync(path, "utf8");
    } catch {
      return "";
    }
  },
};

/**
 * What kind of remote session this is, in words ("an SSH session"), or undefined for a local one.
 * OPENROUTER_OAUTH_SESSION=local or =remote overrides the guess.
 */
export function remoteSession(probe: Partial<SessionProbe> = {}): string | undefined {
  const { env = process.env, exists, read } = { ...machine, ...probe };
  const override = env.OPENROUTER_OAUTH_SESSION;
  if (override === "local") return undefined;
  if (override === "remote") return "a remote session (OPENROUTER_OAUTH_SESSION=remote)";
  if (env.SSH_CONNECTION || env.SSH_TTY || env.SSH_CLIENT) return "an SSH session";
  if (env.CODESPACES === "true") return "a GitHub Codespace";
  if (env.REMOTE_CONTAINERS || env.container || exists("/.dockerenv") || exists("/run/.containerenv")) return "a container";
  const wsl = env.WSL_DISTRO_NAME !== undefined || /microsoft/i.test(read("/proc/version"));
  if (wsl && !env.DISPLAY && !env.WAYLAND_DISPLAY) return "WSL without a desktop";
  return undefined;
}
