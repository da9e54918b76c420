// Every function the package exports, called from JavaScript with arguments of the wrong kind (none, null, a
// number, an empty object, a string, an array), either works or fails with an error of ours: never a raw
// TypeError from reading a property of what was not passed.
import { afterEach, expect, it, vi } from "vitest";
import * as main from "../../src/index.js";
import * as node from "../../src/node/index.js";
import * as server from "../../src/server/index.js";
import * as testing from "../../src/testing/index.js";
import * as testingNode from "../../src/testing/node/index.js";
import * as workload from "../../src/workload/index.js";

// A valid call of these starts a sign-in or opens a browser; their options have tests of their own.
const SIDE_EFFECTS = ["login", "openBrowser"];
// Valid with no arguments at all (or an empty object), so such a call of these does send.
const VALID_BARE = ["listOauthJwks"];
const FIRST = [undefined, null, 42, {}, "", [], "x"];
const SECOND = [undefined, null, 42, {}];

afterEach(() => vi.unstubAllGlobals());

/** How a call settled: "ok", or what it threw or rejected with. */
async function outcome(run: () => unknown): Promise<unknown> {
  try {
    const result = await run();
    // A listener or a server started by a call that was valid after all.
    if (typeof (result as { close?: unknown })?.close === "function") await (result as { close(): Promise<void> }).close();
    return "ok";
  } catch (error) {
    return error;
  }
}

it("every exported function fails on wrong arguments with an error of ours, sending nothing", async () => {
  let calling = "";
  const sending: string[] = [];
  const fetch = vi.fn(async () => {
    sending.push(calling);
    return new Response(null, { status: 599 });
  });
  vi.stubGlobal("fetch", fetch);
  const raw: string[] = [];
  let checked = 0;
  for (const [entry, exports] of Object.entries({ main, node, server, testing, testingNode, workload })) {
    for (const [name, fn] of Object.entries(exports)) {
      calling = name;
      // Classes, and the guard that takes anything by design.
      if (typeof fn !== "function" || /^[A-Z]/.test(name) || name === "isOpenRouterOAuthError" || SIDE_EFFECTS.includes(name)) continue;
      checked++;
      for (const first of FIRST) {
        for (const second of SECOND) {
          const settled = await outcome(() => (fn as (...args: unknown[]) => unknown)(first, second));
          if (settled instanceof Error && !main.isOpenRouterOAuthError(settled)) {
            raw.push(`${entry} ${name}(${JSON.stringify(first)}, ${JSON.stringify(second)}): ${settled.name}: ${settled.message}`);
          }
        }
      }
    }
  }
  expect(raw).toEqual([]);
  expect(sending.filter((name) => !VALID_BARE.includes(name))).toEqual([]);
  expect(checked).toBeGreaterThan(20);
});

it("every method of what the package makes fails on wrong arguments with an error of ours", async () => {
  // A call that is valid after all (getCurrentKey needs no argument) reaches this fetch, never the network.
  vi.stubGlobal("fetch", async () => new Response(null, { status: 599 }));
  const listener = await node.startLoopbackListener();
  const made: Record<string, object> = {
    createOpenRouterOAuth: main.createOpenRouterOAuth({ apiKey: "sk-or-v1-any-arguments" }),
    createSignIn: server.createSignIn({ secret: "s".repeat(40), callbackUrl: "https://app.example/callback", session: true }),
    createFakeOpenRouter: testing.createFakeOpenRouter(),
    createFakeIssuer: testing.createFakeIssuer(),
    startLoopbackListener: listener,
    createWorkloadIdentity: workload.createWorkloadIdentity({ federationPolicyId: "policy", subjectToken: "a.b.c", retry: false }),
    fromGitHubActions: workload.fromGitHubActions({ env: {} }),
  };
  const raw: string[] = [];
  const late: Promise<void>[] = [];
  let checked = 0;
  try {
    for (const [maker, object] of Object.entries(made)) {
      for (const [name, method] of Object.entries(object)) {
        if (typeof method !== "function" || name === "close") continue;
        checked++;
        for (const first of FIRST) {
          for (const second of SECOND) {
            const call = `${maker}().${name}(${JSON.stringify(first)}, ${JSON.stringify(second)})`;
            const checking = outcome(() => method.call(object, first, second)).then((settled) => {
              if (settled instanceof Error && !main.isOpenRouterOAuthError(settled)) raw.push(`${call}: ${settled.name}: ${settled.message}`);
            });
            // A wait that does not end soon (a listener's for its callback) is checked once the listener closes,
            // below; the next call need not wait for it.
            const waiting = new Promise((resolve) => setTimeout(resolve, 50, "waiting"));
            if ((await Promise.race([checking, waiting])) === "waiting") late.push(checking);
          }
        }
      }
    }
  } finally {
    await listener.close();
  }
  await Promise.all(late);
  expect(raw).toEqual([]);
  expect(checked).toBeGreaterThan(10);
});

it("every exported error class can be made from JavaScript with arguments of any kind", () => {
  const failed: string[] = [];
  for (const [name, Class] of Object.entries(main)) {
    if (typeof Class !== "function" || !/^[A-Z]/.test(name)) continue;
    for (const first of FIRST) {
      for (const second of SECOND) {
        try {
          const error = new (Class as new (...args: unknown[]) => Error)(first, second);
          expect(main.isOpenRouterOAuthError(error)).toBe(true);
          void `${String(error)} ${JSON.stringify(error)}`;
        } catch (thrown) {
          failed.push(`new ${name}(${JSON.stringify(first)}, ${JSON.stringify(second)}): ${String(thrown)}`);
        }
      }
    }
  }
  expect(failed).toEqual([]);
});

// Each would otherwise run on its defaults, as if no options had been given.
it.each([
  ["login", (options: never) => node.login(options)],
  ["startLoopbackListener", (options: never) => node.startLoopbackListener(options)],
  ["createOpenRouterOAuth", (options: never) => main.createOpenRouterOAuth(options)],
  ["toNodeHandler", (options: never) => node.toNodeHandler(() => new Response(), options)],
  ["createFakeOpenRouter", (options: never) => testing.createFakeOpenRouter(options)],
])("%s refuses options that are no object, before anything starts", async (name, call) => {
  for (const options of [42, "x", true, []]) {
    const error = await outcome(() => call(options as never));
    expect(error).toBeInstanceOf(main.InvalidRequestError);
    expect((error as main.InvalidRequestError).message).toBe(`${name}: expects an object of options, or none.`);
  }
});
