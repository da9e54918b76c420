// Independent copies of the error classes, as an app gets them from a second copy of the package (two versions
// in node_modules) or from another realm (an iframe, a vm context). `instanceof` fails across such copies; the
// guard must not.
import { buildSync } from "esbuild";
import { createContext, runInContext } from "node:vm";

type ErrorsModule = typeof import("../../src/errors/index.js");

const bundle = () =>
  buildSync({
    entryPoints: [new URL("../../src/errors/index.ts", import.meta.url).pathname],
    bundle: true,
    format: "iife",
    globalName: "errorsCopy",
    platform: "neutral",
    write: false,
  }).outputFiles[0]!.text;

/** A second copy of the error module, evaluated in this realm. */
export const errorsInThisRealm = (): ErrorsModule => new Function(`${bundle()}; return errorsCopy;`)();

/** A copy of the error module evaluated in a fresh vm context, with its own Error and Object. */
export function errorsInAnotherRealm(): { errors: ErrorsModule; run: (code: string) => any } {
  const context = createContext({});
  runInContext(bundle(), context);
  return { errors: runInContext("errorsCopy", context), run: (code) => runInContext(code, context) };
}
