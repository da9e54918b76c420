// A proxy that speaks https in front of an app served over plain http, as a load balancer or a platform's edge
// does: it ends TLS (a self-signed certificate made for 127.0.0.1) and hands each request on with
// x-forwarded-proto: https, every Set-Cookie of the answer kept.
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { request as httpRequest } from "node:http";
import { createServer } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

export interface HttpsProxy {
  /** Where users reach the app: https://127.0.0.1:<port> */
  origin: string;
  /** Points the proxy at the app's plain-http port. */
  forwardTo(port: number): void;
  close(): Promise<void>;
}

async function selfSignedCertificate(): Promise<{ key: Buffer; cert: Buffer }> {
  const folder = await mkdtemp(join(tmpdir(), "openrouter-oauth-tls-"));
  try {
    const [key, cert] = [join(folder, "key.pem"), join(folder, "cert.pem")];
    await promisify(execFile)("openssl", [
      "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1",
      "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key, "-out", cert,
    ]);
    return { key: await readFile(key), cert: await readFile(cert) };
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

export async function serveHttpsProxy(): Promise<HttpsProxy> {
  let target: number | undefined;
  const server = createServer(await selfSignedCertificate(), (incoming, outgoing) => {
    const headers = { ...incoming.headers, "x-forwarded-proto": "https", "x-forwarded-host": incoming.headers.host };
    const forwarded = httpRequest({ host: "127.0.0.1", port: target, method: incoming.method, path: incoming.url, headers }, (answer) => {
      // Raw headers, so that each Set-Cookie stays a header of its own.
      outgoing.writeHead(answer.statusCode ?? 502, answer.rawHeaders);
      answer.pipe(outgoing);
    });
    forwarded.on("error", () => outgoing.destroy());
    incoming.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    origin: `https://127.0.0.1:${(server.address() as { port: number }).port}`,
    forwardTo(port) {
      target = port;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
