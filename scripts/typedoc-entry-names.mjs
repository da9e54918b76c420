// A TypeDoc plugin that names each entry of the reference as it is imported: `openrouter-oauth`,
// `openrouter-oauth/node`, and so on, rather than after its source file (`index`, `node`).
import { Converter, ReflectionKind } from "typedoc";
import { readFileSync } from "node:fs";

const { name } = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
const ENTRY = /[/\\]src[/\\](?:([^/\\]+)[/\\])?index\.ts$/;

/** @param {import("typedoc").Application} app */
export function load(app) {
  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context) => {
    for (const module of context.project.getChildrenByKind(ReflectionKind.Module)) {
      const entry = module.sources?.map((source) => source.fullFileName.match(ENTRY)).find(Boolean);
      if (entry) module.name = entry[1] ? `${name}/${entry[1]}` : name;
    }
  });
}
