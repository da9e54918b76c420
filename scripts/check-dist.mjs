// What the build must keep true of dist/, checked after `npm run build`: the main entry is one file that imports
// only openapi-fetch (quick to import), and the error classes exist only there, so that every other entry throws
// the main entry's classes and `instanceof` holds across entries. Every entry is imported too: a name another
// entry takes from the main entry that it does not export fails here.
import { readdirSync, readFileSync } from "node:fs";
import { register } from "node:module";
import { join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const DIST = fileURLToPath(new URL("../dist", import.meta.url));
const MAIN = ["index.js", "index.cjs"];
const problems = [];

const filesIn = (dir) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? filesIn(join(dir, entry.name)) : [join(dir, entry.name)]));

for (const file of filesIn(DIST).filter((path) => /\.c?js$/.test(path))) {
  const name = relative(DIST, file);
  const code = readFileSync(file, "utf8");
  const imported = [...code.matchAll(/\b(?:from|import) ?["']([^"']+)["']|\brequire\(["']([^"']+)["']\)/g)].map((match) => match[1] ?? match[2]);
  if (MAIN.includes(name)) {
    const others = imported.filter((specifier) => specifier !== "openapi-fetch");
    if (others.length) problems.push(`${name} imports ${others.join(", ")}: the main entry must be one file beside openapi-fetch.`);
  } else if (/\bname = "APIError"/.test(code)) {
    problems.push(`${name} defines its own APIError: error classes must come from the main entry.`);
  }
}

// The workload entry runs in Workers and browsers too, the extension entry in a browser extension: nothing they load may import a node: module up front (fromFile
// imports node:fs when it is called, which the pattern below, for static imports only, leaves alone).
const ISOMORPHIC = ["workload.js", "extension.js"];
for (const entry of ISOMORPHIC) {
  const seen = new Set();
  const visit = (name) => {
    if (seen.has(name)) return;
    seen.add(name);
    const code = readFileSync(join(DIST, name), "utf8");
    for (const [, specifier] of code.matchAll(/\b(?:from|import) ?["']([^"']+)["']/g)) {
      if (specifier.startsWith("node:")) problems.push(`${entry} loads ${name}, which imports ${specifier}: the entry must run without Node.`);
      else if (specifier.startsWith(".")) visit(relative(DIST, join(DIST, name, "..", specifier)));
    }
  };
  visit(entry);
}

// The vscode entry imports the editor's API, which only an extension host provides: a stand-in lets it load here.
const STAND_IN = "data:text/javascript,export const window = {}, env = {}, Uri = {}, ProgressLocation = {};";
register(`data:text/javascript,export ${encodeURIComponent(`async function resolve(specifier, context, next) {
  return specifier === "vscode" ? { url: ${JSON.stringify(STAND_IN)}, shortCircuit: true } : next(specifier, context);
}`)}`);

const { exports } = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
for (const [subpath, conditions] of Object.entries(exports)) {
  if (!conditions.import) continue;
  try {
    await import(pathToFileURL(join(DIST, "..", conditions.import.default)).href);
  } catch (error) {
    problems.push(`openrouter-oauth${subpath.slice(1)} cannot be imported: ${error.message}`);
  }
}

if (problems.length) {
  console.error(problems.join("\n"));
  process.exit(1);
}
console.log("dist: every entry imports, the main entry is one file, it holds the only copy of the error classes, and the workload and extension entries need no node: module.");
