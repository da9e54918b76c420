// The loopback server for the per-call bench, run in its own process so that serving costs the measured
// process nothing. It answers POST /api/v1/auth/keys with a fixed key after reading and checking the body,
// refuses anything else, and exits when its parent closes stdin (so it never outlives the bench).
import { createServer } from "node:http";
import { CANNED_RESPONSE, EXPECTED_CODE } from "./exchange-call.mjs";

const server = createServer((request, response) => {
  const chunks = [];
  request.on("data", (chunk) => chunks.push(chunk));
  request.on("end", () => {
    let ok = request.method === "POST" && request.url === "/api/v1/auth/keys";
    try {
      ok &&= JSON.parse(Buffer.concat(chunks).toString("utf8")).code === EXPECTED_CODE;
    } catch {
      ok = false;
    }
    const body = ok ? CANNED_RESPONSE : JSON.stringify({ error: { code: 400, message: "not the bench's exchange" } });
    response.writeHead(ok ? 200 : 400, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
    response.end(body);
  });
});

server.listen(0, "127.0.0.1", () => process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`));
process.stdin.on("end", () => process.exit(0));
process.stdin.resume();
