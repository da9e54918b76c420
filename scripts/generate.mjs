// Writes src/generated/openapi.ts from the spec, or with --check proves that the checked-in file is exactly
// what the spec generates (CI runs the check, so a spec change that was not regenerated cannot land).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const spec = "openapi/openrouter-oauth.yaml";
const target = "src/generated/openapi.ts";
const check = process.argv.includes("--check");

const generate = (output) =>
  execFileSync("npx", ["--no-install", "openapi-typescript", spec, "--output", output], { stdio: "pipe" });

if (!check) {
  generate(target);
  console.log(`generated ${target} from ${spec}`);
} else {
  const dir = mkdtempSync(join(tmpdir(), "openrouter-oauth-generate-"));
  try {
    const fresh = join(dir, "openapi.ts");
    generate(fresh);
    let current = "";
    try {
      current = readFileSync(target, "utf8");
    } catch {
      // A missing file is drift like any other.
    }
    if (current !== readFileSync(fresh, "utf8")) {
      console.error(`${target} is not what ${spec} generates. Run \`npm run generate\` and commit the result.`);
      process.exit(1);
    }
    console.log(`${target} matches ${spec}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
