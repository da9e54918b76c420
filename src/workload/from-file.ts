// A token in a file, such as a Kubernetes projected service-account token, which the kubelet rotates: the file is
// read again for every exchange.
import { fail } from "../transport/options.js";
import { SubjectTokenError } from "../errors/subject-token-error.js";
import type { SubjectTokenSource } from "./subject-token.js";
import { usableToken } from "./subject-token.js";

/** Far more than any JWT: a bigger file is not a token. */
const SIZE_LIMIT_BYTES = 1 << 20;
const CHUNK_BYTES = 16 * 1024;

/**
 * The file's text, or undefined when it holds more than SIZE_LIMIT_BYTES. Counted while reading, since a size
 * from stat says nothing of /proc files (0) or of a file that grows meanwhile: one byte past the limit is enough.
 */
async function readBounded(fs: typeof import("node:fs/promises"), path: string): Promise<string | undefined> {
  const file = await fs.open(path, "r");
  try {
    const decoder = new TextDecoder();
    let text = "";
    for (let total = 0; total <= SIZE_LIMIT_BYTES; ) {
      const want = Math.min(CHUNK_BYTES, SIZE_LIMIT_BYTES + 1 - total);
      const { bytesRead, buffer } = await file.read(new Uint8Array(want), 0, want, null);
      if (!bytesRead) return text + decoder.decode();
      total += bytesRead;
      text += decoder.decode(buffer.subarray(0, bytesRead), { stream: true });
    }
    return undefined;
  } finally {
    await file.close();
  }
}

/**
 * The token in the file at `path`, read afresh each time (Node, Deno and Bun). Symbolic links are followed, as
 * Kubernetes' projected volumes use them; the path must then name a file.
 */
export function fromFile(path: string): SubjectTokenSource {
  if (typeof path !== "string" || !path) fail("fromFile", "path", "path must be the path of the token's file");
  const source = `the file ${path}`;
  const refuse = (why: string, cause?: unknown) => new SubjectTokenError(`The token file ${path} ${why}.`, { source, cause });
  return {
    async getToken() {
      // Imported here, so that the rest of this entry stays free of Node's modules (browsers, Workers).
      let fs: typeof import("node:fs/promises");
      try {
        // Bundlers for the web are told to leave it as it is: it runs only where there is a file system.
        fs = await import(/* webpackIgnore: true */ /* @vite-ignore */ "node:fs/promises");
      } catch (cause) {
        throw refuse("cannot be read here: this runtime has no file system", cause);
      }
      let text: string;
      try {
        const real = await fs.realpath(path);
        // Checked before opening: opening a named pipe would wait for a writer.
        const stats = await fs.stat(real);
        if (!stats.isFile()) throw refuse(`is not a file${stats.isDirectory() ? " but a directory" : ""}`);
        const read = await readBounded(fs, real);
        if (read === undefined) throw refuse("holds more than 1 MiB, far more than a token");
        text = read;
      } catch (error) {
        if (error instanceof SubjectTokenError) throw error;
        const code = (error as { code?: unknown } | null)?.code;
        throw refuse(code === "ENOENT" ? "does not exist" : `cannot be read${typeof code === "string" ? ` (${code})` : ""}`);
      }
      return usableToken(text, source, "holds");
    },
  };
}
