import { copyFile, mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = fileURLToPath(new URL("../..", import.meta.url));
const here = fileURLToPath(new URL(".", import.meta.url));

export interface ExtensionBuildOptions {
  /** The folder to write the unpacked extension to (load it from there). */
  outdir: string;
  /** OpenRouter's authorization page; openrouter.ai's unless set (tests point it at the fake). */
  authUrl?: string | undefined;
  /** OpenRouter's API; openrouter.ai's unless set. */
  baseUrl?: string | undefined;
  /** Whether the manifest lists callback.html in web_accessible_resources; true unless set (tests try without). */
  callbackPageAccessible?: boolean | undefined;
}

/**
 * Builds the example as an unpacked Manifest V3 extension: its scripts bundled as a user's bundler would, with
 * `openrouter-oauth` and `openrouter-oauth/extension` taken from this repository's source, and a manifest whose
 * web_accessible_resources let the authorization page's origin open callback.html.
 */
export async function buildExtension(options: ExtensionBuildOptions): Promise<void> {
  const { outdir, authUrl, baseUrl } = options;
  await mkdir(outdir, { recursive: true });
  await build({
    absWorkingDir: root,
    entryPoints: ["background.ts", "popup.ts", "callback.ts"].map((name) => join(here, name)),
    outdir,
    alias: { "openrouter-oauth/extension": "./src/extension/index.ts", "openrouter-oauth": "./src/index.ts" },
    define: { OPENROUTER_SETTINGS: JSON.stringify({ authUrl, baseUrl }) },
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    minify: true,
    logLevel: "silent",
  });
  const manifest = JSON.parse(await readFile(join(here, "manifest.json"), "utf8"));
  if (options.callbackPageAccessible === false) delete manifest.web_accessible_resources;
  // A match pattern without a port takes the page on any port, as the fake's is.
  else if (authUrl) manifest.web_accessible_resources[0].matches = [`${new URL(authUrl).protocol}//${new URL(authUrl).hostname}/*`];
  await writeFile(join(outdir, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  for (const file of ["popup.html", "callback.html", "style.css"]) await copyFile(join(here, file), join(outdir, file));
}
