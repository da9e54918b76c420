// The installed package, loaded through `import` as an app would.
import * as library from "openrouter-oauth";
import * as server from "openrouter-oauth/server";
import { runSmoke } from "./checks.mjs";

await runSmoke(library, { moduleSystem: "import", entry: import.meta.resolve("openrouter-oauth"), server });
