// Holds ARCHITECTURE.md true: every import between src/ folders is one its table allows, and the table has no
// cycle, so the layers can be read top to bottom.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "../..");
const SRC = join(ROOT, "src");
const ROOT_ENTRY = "index.ts";

/** The layer of a file under src/: its first folder, or the root entry. */
function layerOf(file: string): string {
  const [first, ...rest] = relative(SRC, file).split("/");
  return rest.length === 0 ? ROOT_ENTRY : first!;
}

/** ARCHITECTURE.md's table: each layer and the layers it may import. */
function readTable(): Map<string, Set<string>> {
  const text = readFileSync(join(ROOT, "ARCHITECTURE.md"), "utf8");
  const table = new Map<string, Set<string>>();
  for (const line of text.split("\n")) {
    const cells = line.split("|").map((cell) => cell.trim());
    const name = /^`([^`]+)`$/.exec(cells[1] ?? "")?.[1];
    if (!name || cells.length < 5) continue;
    const allowed = cells[3]!.split(",").map((cell) => cell.trim()).filter(Boolean);
    table.set(name.replace(/\/$/, ""), new Set(allowed));
  }
  return table;
}

function sourceFiles(folder: string): string[] {
  const files: string[] = [];
  for (const name of readdirSync(folder)) {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) files.push(...sourceFiles(path));
    else if (name.endsWith(".ts")) files.push(path);
  }
  return files;
}

/** Every relative import of a file (static, dynamic, and `import type`), as the file it names. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const found: string[] = [];
  for (const match of text.matchAll(/(?:\bfrom|\bimport)\s*\(?\s*["'](\.{1,2}\/[^"']+)["']/g)) {
    found.push(resolve(dirname(file), match[1]!));
  }
  return found;
}

describe("ARCHITECTURE.md", () => {
  const table = readTable();

  it("names every folder of src/, and only those", () => {
    const folders = readdirSync(SRC).filter((name) => statSync(join(SRC, name)).isDirectory());
    expect([...table.keys()].sort()).toEqual([...folders, ROOT_ENTRY].sort());
  });

  it("allows only layers it names", () => {
    for (const allowed of table.values()) {
      for (const layer of allowed) expect(table.has(layer), layer).toBe(true);
    }
  });

  it("has no cycle: each layer may import only layers listed above it", () => {
    const order = [...table.keys()];
    for (const [layer, allowed] of table) {
      for (const imported of allowed) expect(order.indexOf(imported), `${layer} -> ${imported}`).toBeLessThan(order.indexOf(layer));
    }
  });

  it("matches every import between folders of src/", () => {
    const broken: string[] = [];
    for (const file of sourceFiles(SRC)) {
      const from = layerOf(file);
      for (const target of importsOf(file)) {
        if (!target.startsWith(`${SRC}/`)) continue;
        const to = layerOf(target);
        if (to !== from && !table.get(from)?.has(to)) broken.push(`${relative(ROOT, file)} imports ${relative(ROOT, target)} (${from} -> ${to})`);
      }
    }
    expect(broken).toEqual([]);
  });
});
