// The one way every wait of the package listens to an AbortSignal: a signal that has already aborted is acted on at
// once, since its "abort" event will not fire again.
import { getEventListeners } from "node:events";
import { describe, expect, it } from "vitest";
import { unlessAborted, whenAborted } from "../../src/base/abort.js";

class Aborted extends Error {}

describe("whenAborted", () => {
  it("acts at once on a signal that has already aborted", () => {
    let calls = 0;
    whenAborted(AbortSignal.abort(), () => calls++);
    expect(calls).toBe(1);
  });

  it("acts once when the signal aborts later, and not at all once let go of", () => {
    const kept = new AbortController();
    const dropped = new AbortController();
    const calls = { kept: 0, dropped: 0 };
    whenAborted(kept.signal, () => calls.kept++);
    whenAborted(dropped.signal, () => calls.dropped++)();
    expect(calls).toEqual({ kept: 0, dropped: 0 });
    expect(getEventListeners(dropped.signal, "abort")).toHaveLength(0);
    kept.abort();
    dropped.abort();
    kept.signal.dispatchEvent(new Event("abort"));
    expect(calls).toEqual({ kept: 1, dropped: 0 });
  });

  it("does nothing without a signal", () => {
    expect(() => whenAborted(undefined, () => expect.unreachable())()).not.toThrow();
  });
});

describe("unlessAborted", () => {
  const never = () => new Promise<never>(() => {});

  it("starts nothing, and rejects with the given error, when the signal has already aborted", async () => {
    let started = false;
    const waiting = unlessAborted(AbortSignal.abort(), () => new Aborted(), () => ((started = true), never()));
    await expect(waiting).rejects.toBeInstanceOf(Aborted);
    expect(started).toBe(false);
  });

  it("rejects at once when the signal aborts while the work runs", async () => {
    const controller = new AbortController();
    const waiting = unlessAborted(controller.signal, () => new Aborted(), never);
    controller.abort();
    await expect(waiting).rejects.toBeInstanceOf(Aborted);
  });

  it("gives what the work gives, or its failure, and then lets go of the signal", async () => {
    const controller = new AbortController();
    const failure = new Error("the work failed");
    await expect(unlessAborted(controller.signal, () => new Aborted(), async () => "done")).resolves.toBe("done");
    await expect(unlessAborted(controller.signal, () => new Aborted(), () => Promise.reject(failure))).rejects.toBe(failure);
    await expect(unlessAborted(undefined, () => new Aborted(), async () => "no signal")).resolves.toBe("no signal");
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
  });
});
