// npm run check:readme: what README.md and the guides in docs/ show is what the package does.
//
// - Every ```ts block of README.md and of each docs/*.md is type-checked, with `strict` on, against the package's
//   published types: the tarball of `npm pack`, installed into a throw-away app as a user would install it. Each
//   block is its own module.
// - A block that is a fragment says what it assumes in an HTML comment on the line just before its fence, which
//   GitHub does not show:
//       <!-- assumes: declare const code: string; -->
//   The text after `assumes:` is put before the block's code (it may span lines, and may hold imports).
// - Packages a block imports besides this one and Node's built-ins (msw, vitest, a framework) must be
//   devDependencies; they are linked into the app from this repository's node_modules (with their @types/ package,
//   when that is a devDependency too), so nothing but this package is installed. An entry of this package that
//   package.json does not export is named as such.
// - A block that cannot be checked yet says why in a comment just before its fence, and is listed as skipped:
//       <!-- unchecked: the reason -->
// - Every `npm run X`, `npm start` or `npm test` in an ```sh block or in inline code names a script of package.json,
//   every other npm command in an sh block is one npm has, `npx openrouter-oauth` is the package's bin, and a
//   tarball named in a file is the one `npm pack` makes of this version.
// - A ```yaml block (a workflow, a part of the spec) must parse as YAML; a ```text block is what a command prints,
//   and is listed as shown, not checked.
// - Any other kind of fenced block fails the run: none is skipped silently. The counts are printed.
//
// Failures name the file and its line, so that the block (or the command) to fix is plain.
import { mkdtemp, mkdir, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { builtinModules } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseDocument } from "yaml";
import { attempt } from "./runtimes/process.mjs";
import { ensureBuilt, installTarball } from "./runtimes/consumer.mjs";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
/** README.md, then every guide in docs/ (the API reference that TypeDoc writes into docs/api/ is no guide). */
async function markdownFiles() {
  const guides = (await readdir(join(ROOT, "docs")).catch(() => [])).filter((name) => name.endsWith(".md")).sort();
  return ["README.md", ...guides.map((name) => `docs/${name}`)];
}
const TS_LANGUAGES = ["ts", "typescript"];
const SH_LANGUAGES = ["sh", "bash", "shell"];
const YAML_LANGUAGES = ["yaml", "yml"];
// What a command prints: shown to the reader, with nothing in it to run.
const OUTPUT_LANGUAGES = ["text"];
const KNOWN_LANGUAGES = [...TS_LANGUAGES, ...SH_LANGUAGES, ...YAML_LANGUAGES, ...OUTPUT_LANGUAGES];
// npm's own commands that a page may show; anything else after `npm` must be a script of ours.
const NPM_COMMANDS = ["ci", "install", "i", "pack", "publish", "view", "exec", "link", "uninstall", "ls", "version"];
// `npm start` runs the script `start`; `npm test` and `npm t` run `test`.
const NPM_SCRIPT_SHORTHANDS = { start: "start", stop: "stop", restart: "restart", test: "test", t: "test" };
const PACKAGE = JSON.parse(await readFile(join(ROOT, "package.json"), "utf8"));
const ASSUMES = /^<!--\s*assumes:([\s\S]*?)-->$/;
const UNCHECKED = /^<!--\s*unchecked:([\s\S]*?)-->$/;

/** The fenced blocks of `markdown` (the text of `file`), each with its language, code, first line (1-based) and assumptions. */
function fencedBlocks(file, markdown) {
  const lines = markdown.split("\n");
  const blocks = [];
  for (let i = 0; i < lines.length; i++) {
    const open = lines[i].match(/^\s*```\s*([\w-]*)/);
    if (!open) continue;
    const start = i;
    let end = i + 1;
    while (end < lines.length && !/^\s*```\s*$/.test(lines[end])) end++;
    if (end === lines.length) throw new Error(`${file}:${start + 1}: a fenced block that is never closed`);
    const unchecked = commentBefore(lines, start, UNCHECKED)?.text;
    blocks.push({ file, language: open[1].toLowerCase(), line: start + 1, code: lines.slice(start + 1, end).join("\n"), unchecked, ...assumptionsBefore(lines, start) });
    i = end;
  }
  return blocks;
}

/** The text of the HTML comment of the form `pattern` ending on the line just before the fence at `fence`, and its first line. */
function commentBefore(lines, fence, pattern) {
  const last = fence - 1;
  if (last < 0 || !lines[last].trim().endsWith("-->")) return undefined;
  let first = last;
  while (first > 0 && !lines[first].includes("<!--")) first--;
  const comment = lines.slice(first, last + 1).join("\n").trim().match(pattern);
  return comment ? { text: comment[1].trim(), line: first + 1 } : undefined;
}

/** The `<!-- assumes: ... -->` comment ending on the line just before the fence at `fence`, if any. */
function assumptionsBefore(lines, fence) {
  const comment = commentBefore(lines, fence, ASSUMES);
  return comment ? { assumes: comment.text, assumesLine: comment.line } : { assumes: "", assumesLine: undefined };
}

/** The npm commands in one line of shell, as their words: `npm run build && npm test` gives two. */
function npmCommands(line) {
  const commands = [];
  const withoutComment = line.replace(/(^|\s)#.*$/, "");
  for (const part of withoutComment.split(/&&|\|\||;|\|/)) {
    const words = part.trim().split(/\s+/);
    if (words[0] === "npm") commands.push(words.slice(1));
    // `npx openrouter-oauth ...` runs the package's own command: npm exec is how npx runs it.
    if (words[0] === "npx") commands.push(["exec", ...words.slice(1)]);
  }
  return commands;
}

/** What is wrong with one npm command (its words after `npm`), or undefined. */
function npmProblem(words, scripts, { builtinsAllowed }) {
  const [command, name] = words;
  if (command === "run" || command === "run-script") {
    if (!name) return "`npm run` names no script";
    return name in scripts ? undefined : `\`npm run ${name}\`: package.json has no script "${name}"`;
  }
  if (command in NPM_SCRIPT_SHORTHANDS) {
    const script = NPM_SCRIPT_SHORTHANDS[command];
    return script in scripts ? undefined : `\`npm ${command}\`: package.json has no script "${script}"`;
  }
  if (command === "exec" && name === PACKAGE.name && !(name in (PACKAGE.bin ?? {}))) return `\`npx ${name}\`: package.json's bin has no "${name}"`;
  if (builtinsAllowed && NPM_COMMANDS.includes(command)) return undefined;
  return `\`npm ${words.join(" ")}\`: "${command}" is neither a script of package.json nor an npm command this check knows`;
}

/** Problems with the npm commands of `file`: in sh blocks, and in inline code such as `npm run size`. */
function commandProblems(file, markdown, blocks, scripts) {
  const problems = [];
  let count = 0;
  for (const block of blocks.filter((b) => SH_LANGUAGES.includes(b.language))) {
    block.code.split("\n").forEach((line, offset) => {
      for (const words of npmCommands(line)) {
        count++;
        const problem = npmProblem(words, scripts, { builtinsAllowed: true });
        if (problem) problems.push(`${file}:${block.line + 1 + offset}: ${problem}`);
      }
    });
  }
  // Inline code outside the fenced blocks: only script commands, since prose may well mention `npm install`.
  let inFence = false;
  markdown.split("\n").forEach((line, index) => {
    if (/^\s*```/.test(line)) inFence = !inFence;
    if (inFence) return;
    for (const [, code] of line.matchAll(/`([^`]+)`/g)) {
      for (const words of npmCommands(code)) {
        const isRun = words[0] === "run" || words[0] === "run-script";
        // Prose may name `npm run` itself; only a command with a script name is checked.
        if (isRun ? !words[1] : !(words[0] in NPM_SCRIPT_SHORTHANDS)) continue;
        count++;
        const problem = npmProblem(words, scripts, { builtinsAllowed: false });
        if (problem) problems.push(`${file}:${index + 1}: ${problem}`);
      }
    }
  });
  return { problems, count };
}

/** Tarball names in `file` (`openrouter-oauth-0.1.0.tgz`) that are not the one `npm pack` makes of this version. */
function tarballProblems(file, markdown, pkg) {
  const expected = `${pkg.name}-${pkg.version}.tgz`;
  const problems = [];
  markdown.split("\n").forEach((line, index) => {
    for (const [name] of line.matchAll(/\b[\w.-]+-\d+\.\d+\.\d+[\w.-]*\.tgz\b/g)) {
      if (name !== expected) problems.push(`${file}:${index + 1}: ${name} is not what npm pack makes of version ${pkg.version}: ${expected}`);
    }
  });
  return problems;
}

/** The bare packages a piece of code imports (`msw/node` gives `msw`, `@scope/a/b` gives `@scope/a`). */
function importedPackages(code) {
  const packages = new Set();
  const forms = /(?:^|\s)(?:import|export)\s[^'"]*?from\s+["']([^"']+)["']|^\s*import\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/gm;
  for (const [, from, bare, dynamic] of code.matchAll(forms)) {
    const specifier = from ?? bare ?? dynamic;
    if (!specifier || specifier.startsWith(".") || specifier.startsWith("node:")) continue;
    const parts = specifier.split("/");
    packages.add(specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]);
  }
  return packages;
}

/** The @types/ package that carries the types of `name`, such as @types/express, or @types/scope__name. */
const typesPackageOf = (name) => `@types/${name.startsWith("@") ? name.slice(1).replace("/", "__") : name}`;

/** Where a block is, for a message: its file and the line of its fence. */
const blockAt = (block) => `${block.file}:${block.line} (the ts block at line ${block.line})`;

/** Blocks that import an entry of this package (`openrouter-oauth/x`) that package.json does not export. */
function entryProblems(blocks, pkg) {
  const problems = [];
  const specifiers = /(?:from\s+|import\s*\(\s*|^\s*import\s+)["']([^"']+)["']/gm;
  for (const block of blocks) {
    for (const [, specifier] of `${block.assumes}\n${block.code}`.matchAll(specifiers)) {
      if (specifier !== pkg.name && !specifier.startsWith(`${pkg.name}/`)) continue;
      const entry = specifier === pkg.name ? "." : `./${specifier.slice(pkg.name.length + 1)}`;
      if (!(entry in (pkg.exports ?? {}))) problems.push(`${blockAt(block)}: imports "${specifier}", which package.json's exports do not have`);
    }
  }
  return problems;
}

/** Links the dev packages the blocks import (and Node's types) into the app from this repository. */
async function linkDevPackages(work, blocks, pkg) {
  const problems = [];
  const dev = pkg.devDependencies ?? {};
  const needed = new Set(["@types/node"]);
  for (const block of blocks) {
    for (const name of importedPackages(`${block.assumes}\n${block.code}`)) {
      if (name === pkg.name || builtinModules.includes(name)) continue;
      // An API a host provides (`vscode`, the editor's), typed by its @types/ package alone.
      if (!(name in dev) && typesPackageOf(name) in dev) {
        needed.add(typesPackageOf(name));
        continue;
      }
      if (!(name in dev)) {
        problems.push(`${blockAt(block)}: imports "${name}", which is not a devDependency, so it cannot be checked`);
        continue;
      }
      needed.add(name);
      // A framework whose types are a package of their own (express, @types/express).
      if (typesPackageOf(name) in dev) needed.add(typesPackageOf(name));
    }
  }
  for (const name of needed) {
    const link = join(work, "node_modules", name);
    await mkdir(dirname(link), { recursive: true });
    await symlink(join(ROOT, "node_modules", name), link, "dir");
  }
  return problems;
}

/** Type-checks the blocks in `work`; returns problems located in their files. */
async function typeCheck(work, blocks) {
  const files = blocks.map((block, index) => {
    const preamble = block.assumes ? `${block.assumes}\n` : "";
    // `export {}` makes each block a module of its own: its names do not clash with another block's, and
    // top-level await is allowed, as in an app's ES module.
    const text = `${preamble}${block.code}\nexport {};\n`;
    const source = block.file.replace(/\.md$/, "").replace(/[^\w]+/g, "-");
    return { block, name: `block-${String(index + 1).padStart(3, "0")}-${source}-line-${block.line}.ts`, text, preambleLines: preamble ? preamble.split("\n").length - 1 : 0 };
  });
  for (const file of files) await writeFile(join(work, file.name), file.text);
  const tsconfig = {
    compilerOptions: {
      target: "ES2022",
      lib: ["ES2022", "DOM", "DOM.Iterable"],
      module: "NodeNext",
      moduleResolution: "NodeNext",
      types: ["node"],
      strict: true,
      noEmit: true,
      skipLibCheck: true,
    },
    files: files.map((f) => f.name),
  };
  await writeFile(join(work, "tsconfig.json"), JSON.stringify(tsconfig, null, 2));
  const tsc = join(ROOT, "node_modules/typescript/bin/tsc");
  const result = await attempt(process.execPath, [tsc, "-p", "tsconfig.json", "--pretty", "false"], { cwd: work, timeoutMs: 180_000 });
  if (result.timedOut) return ["tsc timed out"];
  const problems = [];
  for (const line of `${result.stdout}${result.stderr}`.split("\n")) {
    const diagnostic = line.match(/^(block-[^(]+\.ts)\((\d+),(\d+)\): (error TS\d+: .*)$/);
    if (!diagnostic) {
      if (/error TS/.test(line)) problems.push(line.trim());
      continue;
    }
    const file = files.find((f) => f.name === diagnostic[1]);
    const { block } = file;
    const lineInFile = Number(diagnostic[2]);
    const where = lineInFile <= file.preambleLines
      ? `${block.file}:${block.assumesLine} (the assumes comment of the ts block at line ${block.line})`
      : `${block.file}:${block.line + lineInFile - file.preambleLines} (in the ts block at line ${block.line})`;
    problems.push(`${where}: ${diagnostic[4]}`);
  }
  if (result.code !== 0 && problems.length === 0) problems.push(`tsc exited with ${result.code}:\n${result.stdout}${result.stderr}`);
  return problems;
}

async function main() {
  const started = performance.now();
  const pkg = PACKAGE;
  const problems = [];
  const blocks = [];
  let commandCount = 0;
  const files = await markdownFiles();
  for (const file of files) {
    const markdown = await readFile(join(ROOT, file), "utf8");
    const own = fencedBlocks(file, markdown);
    blocks.push(...own);
    problems.push(
      ...own
        .filter((b) => !KNOWN_LANGUAGES.includes(b.language))
        .map((b) => `${file}:${b.line}: a \`\`\`${b.language || "(no language)"} block, which this check cannot check; make it ts, sh, yaml or text`),
    );
    for (const block of own.filter((b) => YAML_LANGUAGES.includes(b.language))) {
      const [error] = parseDocument(block.code).errors;
      if (error) problems.push(`${file}:${block.line}: the yaml block does not parse: ${error.message.split("\n")[0]}`);
    }
    const commands = commandProblems(file, markdown, own, pkg.scripts ?? {});
    commandCount += commands.count;
    problems.push(...commands.problems, ...tarballProblems(file, markdown, pkg));
  }
  const skipped = blocks.filter((b) => b.unchecked !== undefined || OUTPUT_LANGUAGES.includes(b.language));
  const tsBlocks = blocks.filter((b) => TS_LANGUAGES.includes(b.language) && b.unchecked === undefined);
  const shBlocks = blocks.filter((b) => SH_LANGUAGES.includes(b.language));
  problems.push(...skipped.filter((b) => b.unchecked === "").map((b) => `${b.file}:${b.line}: an unchecked block must say why`));
  problems.push(...entryProblems(tsBlocks, pkg));

  await ensureBuilt(ROOT);
  const work = await mkdtemp(join(tmpdir(), "openrouter-oauth-readme-"));
  try {
    const tarball = await installTarball(ROOT, work, { name: "readme-consumer", type: "module" });
    problems.push(...(await linkDevPackages(work, tsBlocks, pkg)));
    problems.push(...(await typeCheck(work, tsBlocks)));
    console.log(`checked ${tsBlocks.length} ts blocks of ${files.join(", ")} against ${tarball} (strict), and ${commandCount} npm commands in ${shBlocks.length} sh blocks and inline code`);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  // Skipped, and said so: nothing goes unchecked unseen.
  for (const block of skipped) console.log(`not checked: ${block.file}:${block.line}, ${block.unchecked ?? "what a command prints"}`);
  for (const problem of problems) console.error(problem);
  console.log(`${problems.length ? `Docs check failed: ${problems.length} problems` : "Docs check passed"} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  process.exitCode = problems.length ? 1 : 0;
}

main().catch((error) => {
  console.error(error.message ?? error);
  process.exitCode = 1;
});
