// A stand-in for a token service (GitHub's, Google's metadata server, Azure's), on 127.0.0.1: it records what it
// is asked, with the headers, and answers what the test scripts.
import { createServer, type IncomingHttpHeaders } from "node:http";
import { afterEach } from "vitest";

export interface Asked {
  method: string;
  /** The path and query, as sent. */
  url: string;
  headers: IncomingHttpHeaders;
}

export interface Answer {
  status?: number;
  headers?: Record<string, string>;
  body?: string;
}

/** A JWT-shaped token: only its shape matters to the sources. */
export const jwt = (payload: object = { sub: "workload", exp: 4_102_444_800 }) =>
  `eyJhbGciOiJFUzI1NiJ9.${Buffer.from(JSON.stringify(payload)).toString("base64url")}.c2lnbmF0dXJl`;

const open: { close(): void }[] = [];
afterEach(() => {
  for (const server of open.splice(0)) server.close();
});

/** Starts the stand-in: it answers each request with the next of `answers` (the last one repeats). */
export async function standIn(...answers: Answer[]) {
  const asked: Asked[] = [];
  const server = createServer((request, response) => {
    asked.push({ method: request.method!, url: request.url!, headers: request.headers });
    const { status = 200, headers = {}, body = "" } = answers[Math.min(asked.length, answers.length) - 1]!;
    response.writeHead(status, headers).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  open.push({
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  });
  const { port } = server.address() as { port: number };
  return { origin: `http://127.0.0.1:${port}`, host: `127.0.0.1:${port}`, asked };
}
