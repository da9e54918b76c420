// The environment the sources read (GitHub's, Google's and Azure's variables): process.env on Node, Bun and Deno 2,
// Deno.env on older Deno, or the `env` a caller gives (a test, a Worker's bindings).

/** Environment variables by name. */
export type Environment = Readonly<Record<string, string | undefined>>;

/** What a runtime keeps its environment in. */
export type Runtime = { process?: { env?: Environment }; Deno?: { env?: { toObject(): Environment } } };

/** The environment of this process, or none where there is no such thing (a browser, a Worker). */
export function processEnvironment(runtime: Runtime = globalThis as Runtime): Environment {
  if (runtime.process?.env) return runtime.process.env;
  try {
    return runtime.Deno?.env?.toObject() ?? {};
  } catch {
    return {}; // Deno without --allow-env
  }
}
