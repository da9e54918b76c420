// The check `login` makes of a --base-url before sending anyone to the browser: any HTTP answer passes, and a
// connection that fails is a ConnectionError whose reason says what failed.
import { createServer, type Server } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { ConnectionError, RequestAbortedError } from "../../src/index.js";
import { checkAnswers } from "../../src/cli/probe.js";
import { closedPort } from "../support/closed-port.js";
import { rejectionOf } from "../support/fixtures.js";

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) server.closeAllConnections();
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
});

/** A server on loopback that handles each request with `handle`; its base URL. */
async function serving(handle: Parameters<typeof createServer>[1]): Promise<string> {
  const server = createServer(handle);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as { port: number }).port}/api/v1`;
}

describe("checkAnswers", () => {
  it.each([404, 405, 500, 503])("passes on any HTTP answer, HTTP %i included", async (status) => {
    let method = "";
    const baseUrl = await serving((request, response) => {
      method = request.method!;
      response.writeHead(status).end();
    });
    await expect(checkAnswers(baseUrl, undefined)).resolves.toBeUndefined();
    expect(method).toBe("HEAD");
  });

  it("passes on a redirect, without following it", async () => {
    let followed = false;
    const elsewhere = await serving((_, response) => {
      followed = true;
      response.end();
    });
    const baseUrl = await serving((_, response) => response.writeHead(301, { location: elsewhere }).end());
    await checkAnswers(baseUrl, undefined);
    expect(followed).toBe(false);
  });

  it("fails with reason refused where nothing listens", async () => {
    const error = await rejectionOf(checkAnswers(`http://127.0.0.1:${await closedPort()}/api/v1`, undefined));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.reason).toBe("refused");
  });

  it("fails with reason blocked-port on a port fetch will not connect to", async () => {
    const error = await rejectionOf(checkAnswers("http://127.0.0.1:9/api/v1", undefined));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.reason).toBe("blocked-port");
  });

  it("fails with reason timeout when the server takes the request and never answers", async () => {
    const baseUrl = await serving(() => {});
    const error = await rejectionOf(checkAnswers(baseUrl, undefined, 50));
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.reason).toBe("timeout");
  });

  it("is a RequestAbortedError when the user interrupts", async () => {
    const controller = new AbortController();
    const baseUrl = await serving(() => controller.abort());
    expect(await rejectionOf(checkAnswers(baseUrl, controller.signal))).toBeInstanceOf(RequestAbortedError);
  });
});
