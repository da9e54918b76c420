// docs/frameworks.md shows the framework examples' own code: each ts block marked
// `<!-- example: examples/<path> -->` is that file's `// #region docs` (or, without one, the whole file), so the
// guide and the apps that the browser tests sign in with cannot drift apart.
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const ROOT = new URL("../../", import.meta.url);
const GUIDE = "docs/frameworks.md";
const read = (path: string) => readFileSync(new URL(path, ROOT), "utf8");

/** The docs region of an example file, or the whole file without one. */
function docsRegion(path: string): string {
  const text = read(path);
  const region = /\/\/ #region docs\n([\s\S]*?)\/\/ #endregion docs\n/.exec(text);
  return (region ? region[1]! : text).trimEnd();
}

/** Each example marker of the guide, with the ts block that follows it (an assumes comment may come between). */
function markedBlocks(markdown: string): { path: string; line: number; code: string | undefined }[] {
  const lines = markdown.split("\n");
  const blocks = [];
  for (const [index, line] of lines.entries()) {
    const path = /^<!--\s*example:\s*(\S+)\s*-->$/.exec(line.trim())?.[1];
    if (!path) continue;
    let at = index + 1;
    // Only blank lines and HTML comments (the block's assumptions) may stand between marker and fence.
    let inComment = false;
    while (at < lines.length && !lines[at]!.startsWith("```")) {
      const text = lines[at]!.trim();
      if (text.startsWith("<!--")) inComment = true;
      if (!inComment && text) break;
      if (text.endsWith("-->")) inComment = false;
      at++;
    }
    const fence = lines[at];
    if (fence !== "```ts") {
      blocks.push({ path, line: index + 1, code: undefined });
      continue;
    }
    const end = lines.indexOf("```", at + 1);
    blocks.push({ path, line: index + 1, code: lines.slice(at + 1, end).join("\n").trimEnd() });
  }
  return blocks;
}

/** Every example file that has a docs region: each must be shown in the guide. */
function examplesWithRegions(): string[] {
  const found: string[] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(new URL(folder, ROOT), { withFileTypes: true })) {
      const path = `${folder}${entry.name}`;
      if (entry.isDirectory()) {
        if (entry.name !== "node_modules" && !entry.name.startsWith(".")) walk(`${path}/`);
      } else if (/\.tsx?$/.test(entry.name) && read(path).includes("// #region docs")) {
        found.push(path);
      }
    }
  };
  walk("examples/");
  return found.sort();
}

describe(`${GUIDE} and the framework examples`, () => {
  const blocks = markedBlocks(read(GUIDE));

  it.each(blocks.map((b) => [b.path, b] as const))("the block for %s is its code", (_, block) => {
    expect(block.code, `${GUIDE}:${block.line}: the marker is not followed by a \`\`\`ts block`).toBeDefined();
    expect(block.code, `${GUIDE}:${block.line}: the block differs from ${block.path}; copy the file's docs region into it`).toBe(docsRegion(block.path));
  });

  it("shows every example's docs region, each once", () => {
    expect(blocks.map((b) => b.path).sort()).toEqual(examplesWithRegions());
  });

  it("imports each framework itself, with no stand-in declared for it", () => {
    const code = blocks.map((b) => b.code ?? "").join("\n");
    for (const framework of ['from "hono"', 'from "express"', 'from "fastify"', 'from "openrouter-oauth/node"']) expect(code).toContain(framework);
    expect(code).not.toMatch(/declare const app\b/);
  });

  it("finds a changed example: the regions are read, not taken on trust", () => {
    const markdown = read(GUIDE).replace("app.post(\"/sign-out\"", "app.post(\"/log-out\"");
    const changed = markedBlocks(markdown).find((b) => b.path === "examples/hono/app.ts")!;
    expect(changed.code).not.toBe(docsRegion("examples/hono/app.ts"));
  });
});
