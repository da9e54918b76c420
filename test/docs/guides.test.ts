// What the guides promise about the fake and the CLI, held to the code: every option a testing function takes is
// in docs/testing.md's tables (read off the list the function itself checks options against), each documented
// option is taken, and no example writes a new dotenv file with --env-file, which node itself would take.
import { readdir, readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { ConnectionError } from "../../src/index.js";
import { createFakeOpenRouter, simulateUser } from "../../src/testing/index.js";
import { serveFakeOpenRouter } from "../../src/testing/node/index.js";
import { closedPort } from "../support/closed-port.js";

const guide = (name: string) => readFile(new URL(`../../${name}`, import.meta.url), "utf8");

/** The options a function accepts: the keys of the `{ a: 1, b: 1 } satisfies Record<keyof X, 1>` list in its source. */
async function acceptedOptions(source: string, type: string): Promise<string[]> {
  const text = await readFile(new URL(`../../src/${source}`, import.meta.url), "utf8");
  const list = new RegExp(`\\{([^{}]*)\\} satisfies Record<keyof ${type}, 1>`).exec(text)?.[1];
  if (!list) throw new Error(`no option list for ${type} in src/${source}`);
  return list.split(",").map((entry) => entry.split(":")[0]!.trim()).filter(Boolean);
}

/** The first column of the first table after `marker`: the options it documents. */
function tableAfter(markdown: string, marker: string): string[] {
  expect(markdown).toContain(marker);
  const lines = markdown.slice(markdown.indexOf(marker)).split("\n");
  const start = lines.findIndex((line) => line.startsWith("|"));
  const end = lines.findIndex((line, index) => index > start && !line.startsWith("|"));
  return lines.slice(start, end).flatMap((row) => /^\| `([^`]+)`/.exec(row)?.[1] ?? []);
}

describe("docs/testing.md", () => {
  it("lists every option of simulateUser, and each one it lists is taken", async () => {
    const documented = tableAfter(await guide("docs/testing.md"), "## `simulateUser(authorizationUrl, decision, options?)`");
    expect(documented.sort()).toEqual((await acceptedOptions("testing/simulate-user.ts", "SimulateUserOptions")).sort());
    // Taken as documented: follow: false returns the redirect without following it, through the fake's own fetch.
    const fake = createFakeOpenRouter();
    const url = "https://openrouter.ai/auth?callback_url=http%3A%2F%2Flocalhost%3A3000%2Fcallback";
    const user = await simulateUser(url, "approve", { follow: false, fetch: fake.fetch });
    expect(user.redirectedTo).toMatch(/^http:\/\/localhost:3000\/callback\?code=/);
    expect(user.callbackStatus).toBeUndefined();
  });

  it("says why { follow: false } is needed: following a callback nothing serves fails with a ConnectionError", async () => {
    const served = await serveFakeOpenRouter(createFakeOpenRouter());
    try {
      const port = await closedPort();
      const url = `${served.authUrl}?callback_url=${encodeURIComponent(`http://127.0.0.1:${port}/callback`)}`;
      await expect(simulateUser(url, "approve")).rejects.toThrow(ConnectionError);
      await expect(simulateUser(url, "approve")).rejects.toThrow(`simulateUser: could not reach the callback URL at http://127.0.0.1:${port}.`);
      const user = await simulateUser(url, "approve", { follow: false });
      expect(new URL(user.redirectedTo!).searchParams.get("code")).toBe(user.code);
      expect(user.code).toMatch(/^[0-9a-f]{32}$/);
    } finally {
      await served.close();
    }
    expect(await guide("docs/testing.md")).toContain("Pass `false` when nothing serves the callback");
  });

  it("lists every option of createFakeOpenRouter and serveFakeOpenRouter", async () => {
    const markdown = await guide("docs/testing.md");
    expect(tableAfter(markdown, "- `createFakeOpenRouter(options)`:").sort()).toEqual((await acceptedOptions("testing/fake-openrouter.ts", "FakeOpenRouterOptions")).sort());
    for (const option of await acceptedOptions("testing/serve.ts", "ServeFakeOpenRouterOptions")) expect(markdown).toContain(`\`${option}\``);
    const served = await serveFakeOpenRouter(createFakeOpenRouter({ apiKeys: ["sk-app"], now: Date.now, codeLifetimeMs: 1000 }), { port: 0, host: "127.0.0.1" });
    await served.close();
  });
});

describe("the CLI's examples", () => {
  it("never write a dotenv file with --env-file in an example, since node exits when that file is new", async () => {
    const files = ["README.md", ...(await readdir(new URL("../../docs/", import.meta.url))).filter((name) => name.endsWith(".md")).map((name) => `docs/${name}`)];
    for (const file of files) {
      const examples = (await guide(file)).split("\n").filter((line) => /openrouter-oauth login\b.*--env-file/.test(line) && !line.startsWith("|"));
      expect(examples, file).toEqual([]);
    }
    expect(await guide("README.md")).toContain("npx openrouter-oauth login --dotenv .env");
  });
});
