// signInWithOpenRouter on a fake of the vscode API, against the fake OpenRouter: the callback through the URI
// handler (desktop vscode:// and its forks' schemes, and code-server's web form), the callbacks it must ignore,
// Cancel, the timeout, the paste, and where the key goes (SecretStorage, and nowhere else).
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { AuthorizationDeniedError, InvalidRequestError, RequestAbortedError, RequestTimeoutError } from "../../src/index.js";
import { simulateUser } from "../../src/testing/index.js";
import { DEFAULT_SIGN_IN_TIMEOUT_MS, getKey, handleUri, KEY_SECRET, signInWithOpenRouter, signOut } from "../../src/vscode/index.js";
import { PASTE_OFFER_DELAY_MS } from "../../src/vscode/sign-in.js";
import { rejectionOf } from "../support/fixtures.js";
import { checkedFake, ORIGIN } from "../testing/checked.js";
import { FakeUri, fakeContext, fakeVscode, webCallbackToUri } from "./fake-vscode.js";

vi.mock("vscode", async () => (await import("./fake-vscode.js")).vscode);

const EXTENSION_ID = "example-publisher.openrouter-sign-in";

function setUp() {
  const { fake, fetch } = checkedFake();
  const { context, secrets, subscriptions } = fakeContext(EXTENSION_ID);
  const options = { baseUrl: `${ORIGIN}/api/v1`, authUrl: `${ORIGIN}/auth`, fetch };
  /** The user approves (or denies) on the fake's consent page; where it sends the browser back to. */
  const answer = async (decision: "approve" | "deny" = "approve", opened?: string) => {
    const user = await simulateUser(opened ?? (await fakeVscode.opened()), decision, { fetch, follow: false });
    return user.redirectedTo!;
  };
  /** What VS Code hands the URI handler for that redirect: the web form is read as code-server's page reads it. */
  const toUri = (redirectedTo: string) => (fakeVscode.state.web ? webCallbackToUri(redirectedTo) : FakeUri.parse(redirectedTo));
  const deliver = (redirectedTo: string) => {
    fakeVscode.state.handler!.handleUri(toUri(redirectedTo) as never);
  };
  return { fake, fetch, context, secrets, subscriptions, options, answer, toUri, deliver };
}

beforeEach(() => fakeVscode.reset());
afterEach(() => vi.useRealTimers());

describe("signInWithOpenRouter", () => {
  it.each(["vscode", "vscode-insiders", "cursor", "windsurf", "code-oss"])(
    "signs in through the URI handler on %s://, and stores the key in SecretStorage",
    async (scheme) => {
      fakeVscode.state.uriScheme = scheme;
      const { fake, context, secrets, options, answer, deliver } = setUp();
      const signingIn = signInWithOpenRouter(context, options);
      const redirectedTo = await answer();
      expect(redirectedTo.startsWith(`${scheme}://${EXTENSION_ID}/callback?`)).toBe(true);
      deliver(redirectedTo);
      const { key, stored } = await signingIn;
      expect(key).toMatch(/^sk-or-v1-[0-9a-f]{64}$/);
      expect(stored).toBe(true);
      expect(secrets.get(KEY_SECRET)).toBe(key);
      expect(await getKey(context)).toBe(key);
      expect(fake.calls.exchangeAuthCodeForAPIKey).toBe(1);
    },
  );

  it("signs in on the web (code-server, Codespaces): the callback from asExternalUri, its state carried through", async () => {
    fakeVscode.state.web = true;
    const { context, options, answer, deliver } = setUp();
    const signingIn = signInWithOpenRouter(context, options);
    const redirectedTo = await answer();
    expect(new URL(redirectedTo).pathname).toBe("/callback");
    expect(new URL(redirectedTo).searchParams.get("vscode-authority")).toBe(EXTENSION_ID);
    deliver(redirectedTo);
    expect((await signingIn).key).toMatch(/^sk-or-v1-/);
  });

  it("sends PKCE (S256) and a state, and registers one URI handler for the extension", async () => {
    const { context, subscriptions, options, answer, deliver } = setUp();
    const signingIn = signInWithOpenRouter(context, options);
    const url = new URL(await fakeVscode.opened());
    expect(url.searchParams.get("code_challenge_method")).toBe("S256");
    expect(new URL(url.searchParams.get("callback_url")!).searchParams.get("state")).toMatch(/^[0-9a-f]{32}$/);
    expect(subscriptions).toHaveLength(1);
    deliver(await answer("approve", url.href));
    await signingIn;
    // A second sign-in joins the handler it has: VS Code would throw on a second.
    const again = signInWithOpenRouter(context, options);
    deliver(await answer());
    expect((await again).key).toMatch(/^sk-or-v1-/);
    expect(subscriptions).toHaveLength(1);
  });

  it("ignores callbacks that are not its own: another state, no state, another path, or none pending", async () => {
    const { fake, context, options, answer, toUri } = setUp();
    expect(handleUri(FakeUri.parse(`vscode://${EXTENSION_ID}/callback?code=planted&state=x`) as never)).toBe(false);
    const signingIn = signInWithOpenRouter(context, options);
    const redirectedTo = new URL(await answer());
    const planted = new URL(redirectedTo);
    planted.searchParams.set("state", "0".repeat(32));
    expect(handleUri(toUri(planted.href) as never)).toBe(false);
    planted.searchParams.delete("state");
    expect(handleUri(toUri(planted.href) as never)).toBe(false);
    expect(handleUri(FakeUri.parse(redirectedTo.href.replace("/callback", "/other")) as never)).toBe(false);
    expect(fake.calls.exchangeAuthCodeForAPIKey).toBe(0);
    expect(handleUri(toUri(redirectedTo.href) as never)).toBe(true);
    await signingIn;
    // Its answer taken, the sign-in takes no other: the code is exchanged once.
    expect(handleUri(toUri(redirectedTo.href) as never)).toBe(false);
    expect(fake.calls.exchangeAuthCodeForAPIKey).toBe(1);
  });

  it("reports a denial, which OpenRouter sends without the state, as AuthorizationDeniedError", async () => {
    const { context, secrets, options, answer, deliver } = setUp();
    const signingIn = signInWithOpenRouter(context, options);
    const redirectedTo = new URL(await answer("deny"));
    redirectedTo.searchParams.delete("state");
    deliver(redirectedTo.href);
    const error = await rejectionOf(signingIn);
    expect(error).toBeInstanceOf(AuthorizationDeniedError);
    expect(error.code).toBe("authorization_denied");
    expect(secrets.size).toBe(0);
  });

  it("ends with RequestAbortedError on Cancel, and exchanges nothing", async () => {
    const { fake, context, secrets, options } = setUp();
    const signingIn = signInWithOpenRouter(context, options);
    await fakeVscode.opened();
    fakeVscode.state.cancel!();
    const error = await rejectionOf(signingIn);
    expect(error).toBeInstanceOf(RequestAbortedError);
    expect(error.code).toBe("aborted");
    expect(fake.calls.exchangeAuthCodeForAPIKey).toBe(0);
    expect(secrets.size).toBe(0);
  });

  it("ends with RequestAbortedError when the signal aborts, or when the user declines to open the page", async () => {
    const { context, options } = setUp();
    const controller = new AbortController();
    const signingIn = signInWithOpenRouter(context, { ...options, signal: controller.signal });
    await fakeVscode.opened();
    controller.abort();
    expect(await rejectionOf(signingIn)).toBeInstanceOf(RequestAbortedError);
    expect(await rejectionOf(signInWithOpenRouter(context, { ...options, signal: controller.signal }))).toBeInstanceOf(RequestAbortedError);

    fakeVscode.reset();
    fakeVscode.state.opensBrowser = false;
    expect((await rejectionOf(signInWithOpenRouter(context, options))).code).toBe("aborted");
  });

  it("ends with RequestTimeoutError when no answer comes in time", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const { fake, context, options } = setUp();
    const signingIn = signInWithOpenRouter(context, options);
    await fakeVscode.opened();
    vi.advanceTimersByTime(DEFAULT_SIGN_IN_TIMEOUT_MS - 1);
    expect(fakeVscode.state.handler).toBeDefined();
    vi.advanceTimersByTime(1);
    const error = await rejectionOf(signingIn);
    expect(error).toBeInstanceOf(RequestTimeoutError);
    expect(error.code).toBe("timeout");
    expect(fake.calls.exchangeAuthCodeForAPIKey).toBe(0);
  });

  it("ends a sign-in still waiting when a new one starts", async () => {
    const { context, options, answer, deliver } = setUp();
    const first = signInWithOpenRouter(context, options);
    await fakeVscode.opened();
    const second = signInWithOpenRouter(context, options);
    expect(await rejectionOf(first)).toBeInstanceOf(RequestAbortedError);
    deliver(await answer());
    expect((await second).key).toMatch(/^sk-or-v1-/);
  });
});

describe("signInWithOpenRouter's paste, for a window the callback cannot reach", () => {
  beforeEach(() => void vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] }));
  /** The paste offer, once the callback has not come for PASTE_OFFER_DELAY_MS. */
  const offeredInTime = () => {
    vi.advanceTimersByTime(PASTE_OFFER_DELAY_MS);
    return fakeVscode.offered();
  };

  it("is offered only when the callback has not come in time, so that a quick one leaves no notification", async () => {
    const { context, options, answer, deliver } = setUp();
    const signingIn = signInWithOpenRouter(context, options);
    const redirectedTo = await answer();
    vi.advanceTimersByTime(PASTE_OFFER_DELAY_MS - 1);
    expect(fakeVscode.state.offers).toBe(0);
    deliver(redirectedTo);
    expect((await signingIn).key).toMatch(/^sk-or-v1-/);
    vi.advanceTimersByTime(PASTE_OFFER_DELAY_MS);
    expect(fakeVscode.state.offers).toBe(0);
  });

  it.each([
    ["the URL the browser ended on", (redirectedTo: string) => redirectedTo],
    ["the code alone", (redirectedTo: string) => new URL(redirectedTo).searchParams.get("code")!],
  ])("takes %s", async (_, pasted) => {
    const { fake, context, secrets, options, answer } = setUp();
    const signingIn = signInWithOpenRouter(context, options);
    const redirectedTo = await answer();
    (await offeredInTime())("Paste code or URL");
    const box = await fakeVscode.inputBox();
    box.answer(pasted(redirectedTo));
    const { key } = await signingIn;
    expect(secrets.get(KEY_SECRET)).toBe(key);
    expect(fake.calls.exchangeAuthCodeForAPIKey).toBe(1);
    // The callback that comes after the paste is not taken.
    expect(handleUri(FakeUri.parse(redirectedTo) as never)).toBe(false);
  });

  it("says why a paste cannot be taken, before it is", async () => {
    const { context, options, answer } = setUp();
    const signingIn = signInWithOpenRouter(context, options);
    const redirectedTo = new URL(await answer());
    (await offeredInTime())("Paste code or URL");
    const { options: box, answer: paste } = await fakeVscode.inputBox();
    const other = new URL(redirectedTo);
    other.searchParams.set("state", "0".repeat(32));
    const noCode = new URL(redirectedTo);
    noCode.searchParams.delete("code");
    for (const refused of ["", "   ", "two words", other.href, noCode.href]) expect(typeof box.validateInput(refused), refused).toBe("string");
    expect(box.validateInput(redirectedTo.href)).toBeUndefined();
    paste(redirectedTo.href);
    expect((await signingIn).key).toMatch(/^sk-or-v1-/);
  });

  it("takes a pasted denial as the answer", async () => {
    const { context, options, answer } = setUp();
    const signingIn = signInWithOpenRouter(context, options);
    const denied = await answer("deny");
    (await offeredInTime())("Paste code or URL");
    (await fakeVscode.inputBox()).answer(denied);
    expect(await rejectionOf(signingIn)).toBeInstanceOf(AuthorizationDeniedError);
  });
});

describe("the key's place", () => {
  it("is SecretStorage: never a log, a message, the progress or an error", async () => {
    const logged: unknown[] = [];
    for (const method of ["log", "info", "warn", "error", "debug"] as const) {
      vi.spyOn(console, method).mockImplementation((...args) => void logged.push(...args));
    }
    try {
      const { context, options, answer, deliver } = setUp();
      const signingIn = signInWithOpenRouter(context, options);
      const redirectedTo = await answer();
      deliver(redirectedTo);
      const { key } = await signingIn;
      const code = new URL(redirectedTo).searchParams.get("code")!;
      const everything = JSON.stringify([logged, fakeVscode.state.shown]);
      expect(everything).not.toContain(key);
      expect(everything).not.toContain(code);
    } finally {
      vi.restoreAllMocks();
    }
  });

  it("is still given when SecretStorage refuses it", async () => {
    const { context, options, answer, deliver } = setUp();
    context.secrets.store = async () => {
      throw new Error("no keyring");
    };
    const signingIn = signInWithOpenRouter(context, options);
    deliver(await answer());
    const { key, stored } = await signingIn;
    expect(key).toMatch(/^sk-or-v1-/);
    expect(stored).toBe(false);
  });

  it("is gone after signOut", async () => {
    const { context, secrets } = setUp();
    secrets.set(KEY_SECRET, "sk-or-v1-stored");
    await signOut(context);
    expect(await getKey(context)).toBeUndefined();
  });
});

describe("an extension with a URI handler of its own", () => {
  it("registers none with registerUriHandler: false, and forwards each URI to handleUri", async () => {
    const { context, subscriptions, options, answer, toUri } = setUp();
    const signingIn = signInWithOpenRouter(context, { ...options, registerUriHandler: false });
    expect(fakeVscode.state.handler).toBeUndefined();
    expect(handleUri(toUri(await answer()) as never)).toBe(true);
    expect((await signingIn).key).toMatch(/^sk-or-v1-/);
    expect(subscriptions).toHaveLength(0);
  });
});

describe("signInWithOpenRouter's options", () => {
  it.each([
    ["context", null, {}],
    ["baseUrl", undefined, { baseUrl: "not a url" }],
    ["timeoutMs", undefined, { timeoutMs: 0 }],
    ["signal", undefined, { signal: "soon" }],
    ["registerUriHandler", undefined, { registerUriHandler: "yes" }],
    ["options", undefined, { timeout: 5 }],
  ])("refuses a bad %s before the browser opens", async (field, context, options) => {
    const error = await rejectionOf(signInWithOpenRouter((context === undefined ? fakeContext().context : context) as never, options as never));
    expect(error).toBeInstanceOf(InvalidRequestError);
    if (field !== "options") expect(error.field).toBe(field);
    expect(fakeVscode.state.handler).toBeUndefined();
  });
});
