// A token in an environment variable, such as the one GitLab CI's `id_tokens:` sets.
import { SubjectTokenError } from "../errors/subject-token-error.js";
import { fail, refuseUnknownOptions } from "../transport/options.js";
import { processEnvironment, type Environment } from "./environment.js";
import { usableToken, type SubjectTokenSource } from "./subject-token.js";

/** fromEnv's options. */
export interface EnvOptions {
  /** The environment variables to read; the process's (`process.env`) unless set. */
  env?: Environment | undefined;
}

/** The token in the environment variable `name`, read afresh each time. */
export function fromEnv(name: string, options?: EnvOptions): SubjectTokenSource {
  if (typeof name !== "string" || !name) fail("fromEnv", "name", "name must be the name of an environment variable");
  refuseUnknownOptions(options, { env: 1 }, "fromEnv");
  const source = `the environment variable ${name}`;
  return {
    async getToken() {
      const value = (options?.env ?? processEnvironment())[name];
      if (value === undefined) throw new SubjectTokenError(`The environment variable ${name} is not set.`, { source });
      return usableToken(value, source, "holds");
    },
  };
}
