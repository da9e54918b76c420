import { createInterface } from "node:readline";
import type { Readable } from "node:stream";
import { InvalidRequestError } from "../errors/invalid-request-error.js";

/** Lines of an input, one per call of `next`, in order, none lost between calls; `close` stops reading. */
export function inputLines(input: Readable) {
  const lines = createInterface({ input, crlfDelay: Infinity, terminal: false });
  const queued: string[] = [];
  const waiting: { resolve: (line: string) => void; reject: (error: unknown) => void }[] = [];
  let ended = false;
  const endError = () => new InvalidRequestError("login: standard input ended before a code was pasted.", { field: "stdin" });
  lines.on("line", (line) => {
    const reader = waiting.shift();
    if (reader) reader.resolve(line);
    else queued.push(line);
  });
  lines.once("close", () => {
    ended = true;
    for (const reader of waiting.splice(0)) reader.reject(endError());
  });
  return {
    next(): Promise<string> {
      if (queued.length) return Promise.resolve(queued.shift()!);
      if (ended) return Promise.reject(endError());
      return new Promise((resolve, reject) => waiting.push({ resolve, reject }));
    },
    close: () => lines.close(),
  };
}
