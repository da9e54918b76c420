import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  AuthorizationDeniedError,
  ForbiddenResponseError,
  InternalServerResponseError,
  InvalidRequestError,
  RequestAbortedError,
  RequestTimeoutError,
} from "../../src/index.js";
import { login, type LoginOptions, type LoginProgress } from "../../src/node/index.js";
import {
  createFakeOpenRouter,
  FAKE_USER_ID,
  simulateUser,
  type FakeOpenRouter,
  type SimulatedUser,
} from "../../src/testing/index.js";
import { serveFakeOpenRouter, type ServedFakeOpenRouter } from "../../src/testing/node/index.js";
import { accepts } from "./support.js";

const KEY = /^sk-or-v1-[0-9a-f]{64}$/;

let fake: FakeOpenRouter;
let served: ServedFakeOpenRouter;

beforeEach(async () => {
  fake = createFakeOpenRouter();
  served = await serveFakeOpenRouter(fake);
});

/** Simulated users still at work: each is let finish before the fake closes, so none is cut off mid-request. */
const users: Promise<SimulatedUser>[] = [];
const user = (url: string, decision: "approve" | "deny") => {
  const pending = simulateUser(url, decision);
  users.push(pending);
  return pending;
};

afterEach(async () => {
  await Promise.allSettled(users.splice(0));
  await served.close();
});

/** login() against the served fake, with a simulated user as the browser; no real browser is ever opened. */
function signIn(decision: "approve" | "deny" | "ignore", options: LoginOptions = {}) {
  const progress: LoginProgress[] = [];
  let simulated: Promise<SimulatedUser> | undefined;
  const result = login({
    baseUrl: served.baseUrl,
    authUrl: served.authUrl,
    onProgress: (step) => progress.push(step),
    // Not awaited: the user answers while login() waits, as a person with a browser would.
    openBrowser: (url) => {
      if (decision !== "ignore") simulated = user(url, decision);
    },
    ...options,
  });
  return { result, progress, user: () => simulated! };
}

const listeningPort = (progress: LoginProgress[]) => {
  const step = progress.find((p) => p.step === "listening");
  return step?.step === "listening" ? Number(new URL(step.callbackUrl).port) : undefined;
};

describe("login() with readPastedUrl, as in a remote session", () => {
  it.each([
    ["with spaces around it", (url: string) => `  ${url}  `],
    ["in quotes", (url: string) => `"${url}"`],
    ["in angle brackets", (url: string) => `<${url}>`],
  ])("takes the pasted redirected URL %s while the listener waits, and the listener then refuses the callback", async (_, wrap) => {
    let pasted: ((line: string) => void) | undefined;
    let redirectedTo: string | undefined;
    const progress: LoginProgress[] = [];
    const result = login({
      baseUrl: served.baseUrl,
      authUrl: served.authUrl,
      openBrowser: false,
      onProgress: (step) => progress.push(step),
      onUrl: (url) => void simulateUser(url, "approve", { follow: false }).then((answer) => {
        redirectedTo = answer.redirectedTo;
        pasted!(wrap(redirectedTo!));
      }),
      readPastedUrl: () => new Promise((resolve) => (pasted = resolve)),
    });
    expect((await result).key).toMatch(KEY);
    expect(fake.calls.exchangeAuthCodeForAPIKey).toBe(1);
    expect(await accepts("127.0.0.1", Number(new URL(redirectedTo!).port))).toBe(false);
  });

  it.each([
    ["the same redirected URL", (redirectedTo: string) => redirectedTo],
    ["a denial of this sign-in", (redirectedTo: string) => {
      const denied = new URL(redirectedTo);
      denied.searchParams.delete("code");
      denied.searchParams.set("error", "access_denied");
      return denied.href;
    }],
  ])("lets the callback win when it comes first, ignoring %s pasted while its exchange runs", async (_, paste) => {
    let pasted: ((line: string) => void) | undefined;
    let redirectedTo = "";
    const result = login({
      baseUrl: served.baseUrl,
      authUrl: served.authUrl,
      openBrowser: false,
      // The exchange is held until the paste has been read, so the paste comes while it runs.
      fetch: async (request) => {
        pasted!(paste(redirectedTo));
        // One turn of the event loop: the paste has been read and handled by then.
        await new Promise((resolve) => setImmediate(resolve));
        return fake.fetch(request);
      },
      onUrl: (url) => void simulateUser(url, "approve", { follow: false }).then(async (answer) => {
        redirectedTo = answer.redirectedTo!;
        await fetch(redirectedTo); // the browser's callback reaches the listener first
      }),
      readPastedUrl: () => new Promise((resolve) => (pasted = resolve)),
    });
    expect((await result).key).toMatch(KEY);
    expect(fake.calls.exchangeAuthCodeForAPIKey).toBe(1);
  });

  it("keeps waiting for the callback when the paste reader fails", async () => {
    const { result } = signIn("approve", { readPastedUrl: () => Promise.reject(new Error("no terminal")) });
    expect((await result).key).toMatch(KEY);
  });

  it("refuses a pasted URL of another sign-in, and times out as usual", async () => {
    const progress: LoginProgress[] = [];
    let given = false;
    const result = login({
      baseUrl: served.baseUrl,
      authUrl: served.authUrl,
      openBrowser: false,
      timeoutMs: 200,
      onProgress: (step) => progress.push(step),
      readPastedUrl: async () => {
        if (given) return new Promise<string>(() => {});
        given = true;
        return "http://127.0.0.1:1/callback?state=someone-else&code=abc";
      },
    });
    await expect(result).rejects.toBeInstanceOf(RequestTimeoutError);
    expect(progress).toContainEqual({ step: "paste-refused", reason: "other-sign-in" });
    expect(fake.calls.exchangeAuthCodeForAPIKey).toBe(0);
  });

  it.each([
    ["aborted while the browser opens", RequestAbortedError],
    ["timed out while waiting", RequestTimeoutError],
  ])("ignores a denial pasted after the sign-in %s, leaving no unhandled rejection", async (how, ended) => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on("unhandledRejection", onUnhandled);
    try {
      const controller = new AbortController();
      let pasted!: (line: string) => void;
      let shown = "";
      const result = login({
        baseUrl: served.baseUrl,
        authUrl: served.authUrl,
        signal: controller.signal,
        // No callback ever comes: the sign-in ends by the abort, or by the timeout.
        timeoutMs: how.startsWith("timed out") ? 1 : 60_000,
        openBrowser: how.startsWith("aborted") ? () => (controller.abort(), new Promise<void>(() => {})) : false,
        onUrl: (url) => (shown = url),
        readPastedUrl: () => new Promise((resolve) => (pasted = resolve)),
      });
      await expect(result).rejects.toBeInstanceOf(ended);
      const denial = new URL(new URL(shown).searchParams.get("callback_url")!);
      denial.searchParams.set("error", "access_denied");
      pasted(denial.href);
      // A turn of the event loop: the paste has been read, and a rejection nobody handles reported, by then.
      await new Promise((resolve) => setImmediate(resolve));
      expect(unhandled).toEqual([]);
      expect(fake.calls.exchangeAuthCodeForAPIKey).toBe(0);
    } finally {
      process.off("unhandledRejection", onUnhandled);
    }
  });
});

describe("login() against the fake OpenRouter over loopback", () => {
  it("returns the user's new key after the user approves", async () => {
    const { result } = signIn("approve");
    const { key, user_id } = await result;
    expect(key).toMatch(KEY);
    expect(user_id).toBe(FAKE_USER_ID);
  });

  it("exchanges the code exactly once", async () => {
    await signIn("approve").result;
    expect(fake.calls.exchangeAuthCodeForAPIKey).toBe(1);
  });

  it("shows the browser the outcome page after the exchange", async () => {
    const { result, user } = signIn("approve");
    await result;
    expect((await user()).callbackStatus).toBe(200);
  });

  it("sends the browser to the authorization page with a 127.0.0.1 callback, S256 and the key's label and limit", async () => {
    let shown: URL | undefined;
    const { result, progress } = signIn("approve", {
      keyLabel: "My CLI",
      limit: 5,
      onUrl: (url) => (shown = new URL(url)),
    });
    await result;
    const callback = new URL(shown!.searchParams.get("callback_url")!);
    expect(shown!.origin + shown!.pathname).toBe(served.authUrl);
    expect(callback.origin).toBe(`http://127.0.0.1:${listeningPort(progress)}`);
    expect(callback.searchParams.get("state")).toMatch(/^[0-9a-f]{32}$/);
    expect(shown!.searchParams.get("code_challenge_method")).toBe("S256");
    expect(shown!.searchParams.get("key_label")).toBe("My CLI");
    expect(shown!.searchParams.get("limit")).toBe("5");
  });

  it("reports its steps in order", async () => {
    const { result, progress } = signIn("approve");
    await result;
    expect(progress.map((p) => p.step)).toEqual(["listening", "browser-opened", "waiting", "exchanging"]);
  });

  it("listens on the port it is given", async () => {
    const probe = await serveFakeOpenRouter(createFakeOpenRouter());
    const port = Number(new URL(probe.origin).port);
    await probe.close();
    const { result, progress } = signIn("approve", { port });
    await result;
    expect(listeningPort(progress)).toBe(port);
  });

  it("closes the listener after signing in", async () => {
    const { result, progress } = signIn("approve");
    await result;
    expect(await accepts("127.0.0.1", listeningPort(progress)!)).toBe(false);
  });

  it("rejects with AuthorizationDeniedError when the user denies, without an exchange, and closes", async () => {
    const { result, progress } = signIn("deny");
    await expect(result).rejects.toBeInstanceOf(AuthorizationDeniedError);
    expect(fake.calls.exchangeAuthCodeForAPIKey).toBe(0);
    expect(await accepts("127.0.0.1", listeningPort(progress)!)).toBe(false);
  });

  it("rejects with RequestTimeoutError when the user never answers, and closes", async () => {
    const { result, progress } = signIn("ignore", { timeoutMs: 100 });
    await expect(result).rejects.toBeInstanceOf(RequestTimeoutError);
    expect(await accepts("127.0.0.1", listeningPort(progress)!)).toBe(false);
  });

  it("rejects with RequestAbortedError when the signal aborts while waiting, and closes", async () => {
    const controller = new AbortController();
    const { result, progress } = signIn("ignore", {
      signal: controller.signal,
      onProgress: (step) => {
        progress.push(step);
        if (step.step === "waiting") controller.abort();
      },
    });
    await expect(result).rejects.toBeInstanceOf(RequestAbortedError);
    expect(await accepts("127.0.0.1", listeningPort(progress)!)).toBe(false);
  });

  it("still delivers the key when the signal aborts during the exchange, which has already sent the code", async () => {
    const controller = new AbortController();
    const { result } = signIn("approve", {
      signal: controller.signal,
      onProgress: (step) => {
        if (step.step === "exchanging") controller.abort();
      },
    });
    expect((await result).key).toMatch(KEY);
    expect(fake.calls.exchangeAuthCodeForAPIKey).toBe(1);
  });

  it("does nothing when the signal has already aborted", async () => {
    let opened = false;
    await expect(
      login({ signal: AbortSignal.abort(), openBrowser: () => void (opened = true) }),
    ).rejects.toBeInstanceOf(RequestAbortedError);
    expect(opened).toBe(false);
  });

  it("passes on the exchange's error, sent once and never retried", async () => {
    fake.failNext("exchangeAuthCodeForAPIKey", 500);
    await expect(signIn("approve").result).rejects.toBeInstanceOf(InternalServerResponseError);
    expect(fake.calls.exchangeAuthCodeForAPIKey).toBe(1);
  });

  it("tells the browser that the sign-in failed when the exchange fails", async () => {
    fake.failNext("exchangeAuthCodeForAPIKey", 403);
    const { result, user } = signIn("approve");
    await expect(result).rejects.toBeInstanceOf(ForbiddenResponseError);
    expect((await user()).callbackStatus).toBe(500);
  });

  it("goes on waiting when the browser cannot be opened, so that the user can open the URL by hand", async () => {
    const { result, progress } = signIn("approve", {
      openBrowser: () => Promise.reject(new Error("no display")),
      onUrl: (url) => void user(url, "approve"),
    });
    expect((await result).key).toMatch(KEY);
    expect(progress).toContainEqual(expect.objectContaining({ step: "browser-not-opened", reason: "no display" }));
  });

  it("opens nothing with openBrowser: false", async () => {
    const { result, progress } = signIn("approve", {
      openBrowser: false,
      onUrl: (url) => void user(url, "approve"),
    });
    expect((await result).key).toMatch(KEY);
    expect(progress.map((p) => p.step)).not.toContain("browser-opened");
  });

  it.each([
    ["a key label over 100 characters", { keyLabel: "x".repeat(101) }, "keyLabel"],
    ["a negative limit", { limit: -1 }, "limit"],
    ["a baseUrl that is not a URL", { baseUrl: "openrouter.ai" }, "baseUrl"],
    ["a baseUrl with a query", { baseUrl: "https://openrouter.ai/api/v1?region=eu" }, "baseUrl"],
    ["a fetch that is not a function", { fetch: "nope" as never }, "fetch"],
    ["a signal that cannot be let go of", { signal: { aborted: false, addEventListener() {} } as never }, "signal"],
    ["a non-positive timeout", { timeoutMs: -5 }, "timeoutMs"],
    ["an openBrowser that is not a function", { openBrowser: "firefox" as never }, "openBrowser"],
  ])("refuses %s before opening anything", async (_, options, field) => {
    const { result, progress } = signIn("approve", options);
    const error = await result.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect(error).toMatchObject({ field });
    expect(progress).toEqual([]);
  });

  describe("headless", () => {
    /** A user who reads the page on another device and types the code back. */
    function headless(options: LoginOptions = {}) {
      let shown: Promise<string | undefined> | undefined;
      const progress: LoginProgress[] = [];
      const result = login({
        baseUrl: served.baseUrl,
        authUrl: served.authUrl,
        onUrl: (url) => (shown = user(url, "approve").then((answer) => answer.code)),
        onProgress: (step) => progress.push(step),
        readCode: async () => (await shown)!,
        ...options,
      });
      return { result, progress };
    }

    it("exchanges the pasted code for the key, with no listener", async () => {
      const { result, progress } = headless();
      expect((await result).key).toMatch(KEY);
      expect(progress.map((p) => p.step)).toEqual(["waiting", "exchanging"]);
    });

    it("refuses a signal it could not let go of, before asking for anything", async () => {
      const { result, progress } = headless({ signal: { aborted: false, addEventListener() {} } as never });
      await expect(result).rejects.toMatchObject({ field: "signal", message: "login: signal must be an AbortSignal." });
      expect(progress).toEqual([]);
    });

    it("still delivers the key when the signal aborts during the exchange", async () => {
      const controller = new AbortController();
      const { result } = headless({
        signal: controller.signal,
        onProgress: (step) => {
          if (step.step === "exchanging") controller.abort();
        },
      });
      expect((await result).key).toMatch(KEY);
    });

    it("sends no callback URL, so that the page shows the code", async () => {
      let url: URL | undefined;
      const { result } = headless({
        onUrl: (shown) => (url = new URL(shown)),
        readCode: async () => (await user(url!.href, "approve")).code!,
      });
      await result;
      expect(url!.searchParams.has("callback_url")).toBe(false);
      expect(url!.searchParams.get("code_challenge_method")).toBe("S256");
    });

    it("accepts the code with the spaces and newline of a paste around it", async () => {
      let url = "";
      const { result } = headless({
        onUrl: (shown) => (url = shown),
        readCode: async () => `  ${(await user(url, "approve")).code}\n`,
      });
      expect((await result).key).toMatch(KEY);
    });

    it("asks again after an empty paste or one that is not a code, until the sign-in times out", async () => {
      // On a clock of the test's own: a reader that answers at once, for ever, must still let the timeout in.
      vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
      try {
        const pastes = ["   ", "two words", "https://example.com/no-code-here"];
        let asked = 0;
        const progress: LoginProgress[] = [];
        let waiting!: () => void;
        const started = new Promise<void>((resolve) => (waiting = resolve));
        const { result } = headless({
          timeoutMs: 30,
          onUrl: () => {},
          onProgress: (step) => {
            progress.push(step);
            if (step.step === "waiting") waiting();
          },
          readCode: async () => pastes[asked++ % pastes.length]!,
        });
        const settled = result.catch((error: unknown) => error);
        await started;
        await vi.advanceTimersByTimeAsync(30);
        expect(await settled).toBeInstanceOf(RequestTimeoutError);
        // A paste, then a turn of the event loop, which fake time counts as a millisecond.
        expect(asked).toBeGreaterThanOrEqual(3);
        expect(progress.filter((p) => p.step === "paste-refused").slice(0, 3)).toEqual([
          { step: "paste-refused", reason: "empty" },
          { step: "paste-refused", reason: "unreadable" },
          { step: "paste-refused", reason: "no-code" },
        ]);
        expect(fake.calls.exchangeAuthCodeForAPIKey).toBe(0);
      } finally {
        vi.useRealTimers();
      }
    });

    it("asks again when OpenRouter refuses a pasted code, then signs in with the right one", async () => {
      let url = "";
      let code: Promise<string> | undefined;
      let asked = 0;
      const { result, progress } = headless({
        onUrl: (shown) => (url = shown),
        readCode: async () => {
          code ??= user(url, "approve").then((answer) => answer.code!);
          return asked++ === 0 ? `${await code}typo` : code;
        },
      });
      expect((await result).key).toMatch(KEY);
      expect(progress).toContainEqual({ step: "paste-refused", reason: "refused" });
      expect(fake.calls.exchangeAuthCodeForAPIKey).toBe(2);
    });

    it("rejects with RequestTimeoutError when no code comes in time", async () => {
      const { result } = headless({ timeoutMs: 50, readCode: () => new Promise<string>(() => {}) });
      await expect(result).rejects.toBeInstanceOf(RequestTimeoutError);
    });

    it("turns a failing readCode into InvalidRequestError", async () => {
      const { result } = headless({ readCode: () => Promise.reject(new TypeError("stdin broke")) });
      await expect(result).rejects.toMatchObject({ name: "InvalidRequestError", field: "readCode" });
    });
  });
});

describe("login() when its signal aborts", () => {
  // As long a timeout as setTimeout takes: a login() that missed the abort would wait for it, and the test would
  // time out instead of seeing RequestAbortedError.
  const FOREVER = 2_147_483_647;
  const never = () => new Promise<never>(() => {});

  /** login() against the served fake with `options`, aborting when `abortAt` says so; it records its steps. */
  function aborted(options: (abort: () => void) => LoginOptions) {
    const controller = new AbortController();
    const steps: string[] = [];
    const result = login({
      baseUrl: served.baseUrl,
      authUrl: served.authUrl,
      timeoutMs: FOREVER,
      signal: controller.signal,
      onProgress: (step) => steps.push(step.step),
      openBrowser: false,
      ...options(() => controller.abort()),
    });
    return { result, steps, abort: () => controller.abort() };
  }

  describe("headless", () => {
    it("asks for nothing when the signal has already aborted", async () => {
      let asked = false;
      const result = login({ signal: AbortSignal.abort(), timeoutMs: FOREVER, readCode: () => ((asked = true), never()) });
      await expect(result).rejects.toBeInstanceOf(RequestAbortedError);
      expect(asked).toBe(false);
    });

    it("ends at once when aborted while it makes its PKCE pair, asking for nothing", async () => {
      let asked = false;
      let shown = false;
      const { result, abort, steps } = aborted(() => ({ onUrl: () => (shown = true), readCode: () => ((asked = true), never()) }));
      abort(); // login() has run up to its first wait: the PKCE pair
      await expect(result).rejects.toBeInstanceOf(RequestAbortedError);
      expect({ asked, shown, steps }).toEqual({ asked: false, shown: false, steps: [] });
    });

    it("ends at once when aborted while the browser opens, asking for no code", async () => {
      let asked = false;
      const { result } = aborted((abort) => ({ openBrowser: () => (abort(), never()), readCode: () => ((asked = true), never()) }));
      await expect(result).rejects.toBeInstanceOf(RequestAbortedError);
      expect(asked).toBe(false);
    });

    it("ends at once when aborted while waiting for the code", async () => {
      const { result } = aborted((abort) => ({ readCode: () => (abort(), never()) }));
      await expect(result).rejects.toBeInstanceOf(RequestAbortedError);
    });

    it("ends at once when aborted as a paste is refused, asking no more", async () => {
      let asked = 0;
      const { result, steps } = aborted((abort) => ({
        // Asked again, it would wait for ever: login() must not ask.
        readCode: () => (asked++ === 0 ? Promise.resolve("not a code") : never()),
        onProgress: (step) => {
          steps.push(step.step);
          if (step.step === "paste-refused") abort();
        },
      }));
      await expect(result).rejects.toBeInstanceOf(RequestAbortedError);
      expect(asked).toBe(1);
      expect(steps).toEqual(["waiting", "paste-refused"]);
    });

    it("ends at once when aborted while OpenRouter refuses a pasted code, sending it once", async () => {
      let asked = 0;
      const { result, steps } = aborted((abort) => ({
        readCode: () => (asked++ === 0 ? Promise.resolve("a-code-openrouter-never-made") : never()),
        fetch: (request) => (abort(), fake.fetch(request)),
      }));
      await expect(result).rejects.toBeInstanceOf(RequestAbortedError);
      expect(asked).toBe(1);
      expect(steps).toEqual(["waiting", "exchanging", "paste-refused"]);
      expect(fake.calls.exchangeAuthCodeForAPIKey).toBe(1);
    });
  });

  describe("with the loopback listener", () => {
    it("ends at once when aborted while it makes its PKCE pair, listening on no port", async () => {
      const { result, abort, steps } = aborted(() => ({}));
      abort();
      await expect(result).rejects.toBeInstanceOf(RequestAbortedError);
      expect(steps).toEqual([]);
    });

    it("ends at once when aborted as it starts listening, opening no browser, and closes", async () => {
      let opened = false;
      let port: number | undefined;
      const { result, steps } = aborted((abort) => ({
        openBrowser: () => void (opened = true),
        onProgress: (step) => {
          steps.push(step.step);
          if (step.step === "listening") (port = Number(new URL(step.callbackUrl).port)), abort();
        },
      }));
      await expect(result).rejects.toBeInstanceOf(RequestAbortedError);
      expect({ opened, steps }).toEqual({ opened: false, steps: ["listening"] });
      expect(await accepts("127.0.0.1", port!)).toBe(false);
    });

    it("ends at once when aborted while the browser opens, and closes", async () => {
      let port: number | undefined;
      const { result, steps } = aborted((abort) => ({
        openBrowser: () => (abort(), never()),
        onUrl: (url) => (port = Number(new URL(new URL(url).searchParams.get("callback_url")!).port)),
      }));
      await expect(result).rejects.toBeInstanceOf(RequestAbortedError);
      expect(steps).toEqual(["listening"]);
      expect(await accepts("127.0.0.1", port!)).toBe(false);
    });
  });
});
