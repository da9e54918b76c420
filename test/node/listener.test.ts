import { createServer } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import {
  AuthorizationDeniedError,
  InvalidRequestError,
  RequestAbortedError,
  RequestTimeoutError,
} from "../../src/index.js";
import { startLoopbackListener, type LoopbackListener, type LoopbackListenerOptions } from "../../src/node/index.js";
import { accepts, get, getUntilClosed, otherAddresses } from "./support.js";

const STATE = "state-of-this-sign-in";
const opened: LoopbackListener[] = [];

async function listen(options?: LoopbackListenerOptions) {
  const listener = await startLoopbackListener(options);
  opened.push(listener);
  return listener;
}

afterEach(async () => {
  await Promise.all(opened.splice(0).map((listener) => listener.close()));
});

const callback = (listener: LoopbackListener, query: string) => `${listener.callbackUrl}?${query}`;

describe("the loopback listener", () => {
  it("binds 127.0.0.1 on a port the system picks and builds the callback URL from it", async () => {
    const listener = await listen();
    expect(listener.port).toBeGreaterThan(0);
    expect(listener.callbackUrl).toBe(`http://127.0.0.1:${listener.port}/callback`);
    expect(await accepts("127.0.0.1", listener.port)).toBe(true);
  });

  it("listens on the port it is given", async () => {
    const free = await listen();
    const port = free.port;
    await free.close();
    const listener = await listen({ port });
    expect(listener.callbackUrl).toBe(`http://127.0.0.1:${port}/callback`);
  });

  it("is not reachable on ::1 or on any other address of the machine", async () => {
    const listener = await listen();
    for (const address of ["::1", ...otherAddresses()]) {
      expect(await accepts(address, listener.port), address).toBe(false);
    }
  });

  it("resolves with the code of the callback that carries the expected state", async () => {
    const listener = await listen();
    const waiting = listener.waitForCallback(STATE);
    const page = await get(callback(listener, `state=${STATE}&code=the-code`));
    expect(page.status).toBe(200);
    expect(page.text).toContain("Signed in");
    await expect(waiting).resolves.toMatchObject({ code: "the-code", state: STATE });
  });

  it("answers with a self-contained page that is not cached and sends no referrer", async () => {
    const listener = await listen();
    const waiting = listener.waitForCallback(STATE);
    const page = await get(callback(listener, `state=${STATE}&code=the-code`));
    await waiting;
    expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(page.headers.get("cache-control")).toBe("no-store");
    expect(page.headers.get("referrer-policy")).toBe("no-referrer");
    expect(page.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(page.text).toContain("close this tab");
    expect(page.text).not.toMatch(/\b(src|href|action)\s*=|url\(|@import|<script/i);
    expect(page.text).not.toContain("the-code");
  });

  it("is closed once it has the callback", async () => {
    const listener = await listen();
    const waiting = listener.waitForCallback(STATE);
    await get(callback(listener, `state=${STATE}&code=the-code`));
    await waiting;
    await listener.close();
    expect(await accepts("127.0.0.1", listener.port)).toBe(false);
  });

  it("closes by itself once it has answered, without close() being called", async () => {
    const listener = await startLoopbackListener();
    const waiting = listener.waitForCallback(STATE);
    // The listener shuts down as it ends the page's connection: once that connection is closed, it no longer listens.
    expect((await getUntilClosed(callback(listener, `state=${STATE}&code=the-code`))).status).toBe(200);
    await waiting;
    expect(await accepts("127.0.0.1", listener.port)).toBe(false);
  });

  it("answers 404 to another path and keeps waiting for the real callback", async () => {
    const listener = await listen();
    const waiting = listener.waitForCallback(STATE);
    expect((await get(`http://127.0.0.1:${listener.port}/favicon.ico`)).status).toBe(404);
    expect((await get(`http://127.0.0.1:${listener.port}/callback/x?state=${STATE}&code=c`)).status).toBe(404);
    expect((await get(callback(listener, `state=${STATE}&code=the-code`))).status).toBe(200);
    await expect(waiting).resolves.toMatchObject({ code: "the-code" });
  });

  it("answers 405 with Allow: GET to another method and keeps waiting", async () => {
    const listener = await listen();
    const waiting = listener.waitForCallback(STATE);
    const post = await get(callback(listener, `state=${STATE}&code=posted`), { method: "POST", body: "x" });
    expect(post.status).toBe(405);
    expect(post.headers.get("allow")).toBe("GET");
    expect((await get(callback(listener, `state=${STATE}&code=the-code`))).status).toBe(200);
    await expect(waiting).resolves.toMatchObject({ code: "the-code" });
  });

  it.each([
    ["a missing state", "code=forged"],
    ["a wrong state", "state=someone-else&code=forged"],
    ["a wrong state with a denial", "state=someone-else&error=access_denied"],
  ])("answers 400 to %s and keeps waiting", async (_, query) => {
    const listener = await listen();
    const waiting = listener.waitForCallback(STATE);
    expect((await get(callback(listener, query))).status).toBe(400);
    expect((await get(callback(listener, `state=${STATE}&code=the-code`))).status).toBe(200);
    await expect(waiting).resolves.toMatchObject({ code: "the-code" });
  });

  // OpenRouter returns no state with a denial. Waiting on would leave a user who pressed Deny watching the
  // terminal until the timeout; a forged denial can only end this sign-in, never mint a key.
  it("ends the wait with AuthorizationDeniedError on a denial without a state, as OpenRouter sends one, and closes", async () => {
    const listener = await listen();
    const waiting = listener.waitForCallback(STATE);
    const page = await getUntilClosed(callback(listener, "error=access_denied"));
    expect(page.status).toBe(200);
    const error = await waiting.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthorizationDeniedError);
    expect(error).toMatchObject({ code: "authorization_denied", error: "access_denied" });
    expect(await accepts("127.0.0.1", listener.port)).toBe(false);
  });

  it("answers 400 to a callback that arrives before anyone waits for it", async () => {
    const listener = await listen();
    expect((await get(callback(listener, `state=${STATE}&code=early`))).status).toBe(400);
    const waiting = listener.waitForCallback(STATE);
    await get(callback(listener, `state=${STATE}&code=the-code`));
    await expect(waiting).resolves.toMatchObject({ code: "the-code" });
  });

  it("rejects with AuthorizationDeniedError on a denial, tells the browser, and closes", async () => {
    const listener = await listen();
    const waiting = listener.waitForCallback(STATE);
    const page = await getUntilClosed(callback(listener, `state=${STATE}&error=access_denied&error_description=User+said+no`));
    expect(page.text).toContain("denied");
    const error = await waiting.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthorizationDeniedError);
    expect(error).toMatchObject({ error: "access_denied", description: "User said no" });
    expect(await accepts("127.0.0.1", listener.port)).toBe(false);
  });

  it("rejects a callback with the right state but no code, and closes", async () => {
    const listener = await listen();
    const waiting = listener.waitForCallback(STATE);
    expect((await getUntilClosed(callback(listener, `state=${STATE}`))).status).toBe(400);
    await expect(waiting).rejects.toMatchObject({ name: "InvalidRequestError", field: "code" });
    expect(await accepts("127.0.0.1", listener.port)).toBe(false);
  });

  it("rejects with RequestTimeoutError when no callback arrives in time, and closes", async () => {
    const listener = await listen({ timeoutMs: 50 });
    await expect(listener.waitForCallback(STATE)).rejects.toBeInstanceOf(RequestTimeoutError);
    // It stops listening in the same step that rejects the wait.
    expect(await accepts("127.0.0.1", listener.port)).toBe(false);
  });

  it("rejects with RequestAbortedError when the signal aborts, and closes", async () => {
    const controller = new AbortController();
    const listener = await listen({ signal: controller.signal });
    const waiting = listener.waitForCallback(STATE);
    controller.abort();
    await expect(waiting).rejects.toBeInstanceOf(RequestAbortedError);
    expect(await accepts("127.0.0.1", listener.port)).toBe(false);
  });

  it("rejects its wait at once, and closes, when the signal aborts while it binds its port", async () => {
    const controller = new AbortController();
    const starting = listen({ signal: controller.signal, timeoutMs: 2_147_483_647 });
    controller.abort(); // startLoopbackListener() now waits for its port
    const listener = await starting;
    await expect(listener.waitForCallback(STATE)).rejects.toBeInstanceOf(RequestAbortedError);
    expect(await accepts("127.0.0.1", listener.port)).toBe(false);
  });

  it("does not start when the signal has already aborted", async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(startLoopbackListener({ signal: controller.signal })).rejects.toBeInstanceOf(RequestAbortedError);
  });

  it("rejects a pending wait with RequestAbortedError when closed", async () => {
    const listener = await listen();
    const waiting = listener.waitForCallback(STATE);
    await listener.close();
    await expect(waiting).rejects.toBeInstanceOf(RequestAbortedError);
    expect(await accepts("127.0.0.1", listener.port)).toBe(false);
  });

  it("refuses a second wait as the app's mistake, told apart from a forged callback by its code", async () => {
    const listener = await listen();
    const waiting = listener.waitForCallback(STATE);
    let second: unknown;
    try {
      listener.waitForCallback(STATE);
    } catch (error) {
      second = error;
    }
    expect(second).toBeInstanceOf(InvalidRequestError);
    expect(second).toMatchObject({ field: "state", code: "invalid_request" });
    const forged = await get(callback(listener, "state=forged&code=the-code"));
    expect(forged.status).toBe(400);
    expect(forged.text).toContain("Not this sign-in");
    await get(callback(listener, `state=${STATE}&code=the-code`));
    await expect(waiting).resolves.toMatchObject({ code: "the-code" });
  });

  it("says clearly that a port is in use", async () => {
    const other = createServer();
    await new Promise<void>((resolve) => other.listen(0, "127.0.0.1", resolve));
    const { port } = other.address() as { port: number };
    try {
      const error = await startLoopbackListener({ port }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidRequestError);
      expect(error).toMatchObject({ field: "port", code: "port_in_use", message: expect.stringContaining(`port ${port} on 127.0.0.1 is already in use`) });
    } finally {
      other.close();
    }
  });

  it.each([
    ["a port out of range", { port: 70_000 }, "port"],
    ["a fractional port", { port: 80.5 }, "port"],
    ["a path with a query", { path: "/cb?x=1" }, "path"],
    ["a non-positive timeout", { timeoutMs: 0 }, "timeoutMs"],
    ["a signal that is not an AbortSignal", { signal: "stop" as never }, "signal"],
  ])("refuses %s", async (_, options, field) => {
    await expect(startLoopbackListener(options)).rejects.toMatchObject({ name: "InvalidRequestError", field });
  });

  describe("with a finishing step", () => {
    it("resolves with what the step returns and answers only once it is done", async () => {
      const listener = await listen();
      const steps: string[] = [];
      const waiting = listener.waitForCallback(STATE, async (checked) => {
        steps.push(`finishing ${checked.code}`);
        return { key: "done" };
      });
      const page = await get(callback(listener, `state=${STATE}&code=the-code`));
      steps.push("page received");
      expect(page.text).toContain("Signed in");
      expect(steps).toEqual(["finishing the-code", "page received"]);
      await expect(waiting).resolves.toEqual({ key: "done" });
    });

    it("finishes a callback already taken when the signal aborts, since the step may be minting a key", async () => {
      const controller = new AbortController();
      const listener = await listen({ signal: controller.signal });
      const waiting = listener.waitForCallback(STATE, async () => {
        controller.abort();
        // A turn of the event loop, for anything the abort might have set off.
        await new Promise((resolve) => setImmediate(resolve));
        return { key: "minted" };
      });
      const page = await get(callback(listener, `state=${STATE}&code=the-code`));
      expect(page.text).toContain("Signed in");
      await expect(waiting).resolves.toEqual({ key: "minted" });
    });

    it("tells the browser the sign-in failed and rejects with the step's error", async () => {
      const listener = await listen();
      const failure = new RequestTimeoutError("exchangeAuthCodeForAPIKey timed out after 30000 ms.");
      const waiting = listener.waitForCallback(STATE, async () => {
        throw failure;
      });
      const page = await get(callback(listener, `state=${STATE}&code=the-code`));
      expect(page.status).toBe(500);
      expect(page.text).toContain("Sign-in failed");
      expect(page.text).toContain("The sign-in could not be finished; return to the app to see why.");
      expect(page.text).not.toContain("exchangeAuthCodeForAPIKey");
      await expect(waiting).rejects.toBe(failure);
    });

    it("does not run the step for a denial", async () => {
      const listener = await listen();
      let ran = false;
      const waiting = listener.waitForCallback(STATE, async () => {
        ran = true;
      });
      await get(callback(listener, `state=${STATE}&error=access_denied`));
      await expect(waiting).rejects.toBeInstanceOf(AuthorizationDeniedError);
      expect(ran).toBe(false);
    });
  });
});
