// The docs site (`npm run docs` -> docs/api/, git-ignored): README.md as its front page, the guides of docs/*.md, and
// the API reference, one page per public entry, found from package.json's `exports`: the entry "./x" is built from
// src/x/index.ts and "." from src/index.ts, so a new entry is documented as soon as it is exported. Every warning fails the build: a public export without a doc comment, a type used in the
// public API but not exported, a broken {@link}, a link between pages to a file or heading that does not exist.
import { existsSync, readFileSync } from "node:fs";
import { OptionDefaults } from "typedoc";

const pkg = JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8"));

function sourceOf(subpath) {
  return subpath === "." ? "src/index.ts" : `src/${subpath.slice(2)}/index.ts`;
}

const entryPoints = Object.keys(pkg.exports)
  .filter((subpath) => subpath !== "./package.json")
  .map((subpath) => {
    const source = sourceOf(subpath);
    if (!existsSync(new URL(source, import.meta.url))) {
      throw new Error(`package.json exports "${subpath}", but its source ${source} does not exist`);
    }
    return source;
  });

/** @type {Partial<import("typedoc").TypeDocOptions>} */
export default {
  name: `${pkg.name} ${pkg.version}`,
  entryPoints,
  out: "docs/api",
  tsconfig: "tsconfig.json",
  // The front page is README.md, and the guides of docs/ are pages of the same site, linked as they link on GitHub.
  readme: "README.md",
  projectDocuments: ["docs/*.md"],
  plugin: ["./scripts/typedoc-generated.mjs", "./scripts/typedoc-entry-names.mjs"],
  // openapi-typescript writes the spec's descriptions and formats as these tags in src/generated/.
  blockTags: [...OptionDefaults.blockTags, "@description", "@format"],
  excludePrivate: true,
  excludeInternal: true,
  // create-auth-code.ts names the generated request type for its own use; the reference shows it as the
  // generated `components["schemas"]["CreateAuthCodeRequest"]` it stands for. The error classes' constructor
  // options are internal: the package makes its errors (the reference names those types without a page).
  intentionallyNotExported: [
    "src/operations/create-auth-code.ts:WireRequest",
    "src/errors/openrouter-oauth-error.ts:ErrorOptions",
    "src/errors/api-error.ts:APIErrorDetails",
  ],
  // Source links point into the checkout itself: a clone may have no hosted remote to link to.
  disableGit: true,
  sourceLinkTemplate: "../../{path}#L{line}",
  treatWarningsAsErrors: true,
  validation: { notExported: true, invalidLink: true, invalidPath: true, rewrittenLink: true, notDocumented: true, unusedMergeModuleWith: true },
};
