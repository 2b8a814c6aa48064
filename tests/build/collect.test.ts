// The build's full collection between stages frees what nothing refers to any more.
import { describe, expect, it } from "vitest";
import { collectGarbage } from "../../src/build/collect.ts";

/** A turn of the event loop: a WeakRef's target is kept alive until the job that made it ends. */
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe("collectGarbage", () => {
  it("frees an object nothing refers to, at once", async () => {
    const make = (): WeakRef<object> => new WeakRef({ words: "x".repeat(100_000).split("") });
    const dropped = make();
    await nextTurn();
    collectGarbage();
    expect(dropped.deref()).toBeUndefined();
    // Twice in one process is fine: `gc` is fetched once.
    const again = make();
    await nextTurn();
    collectGarbage();
    expect(again.deref()).toBeUndefined();
  });

  it("keeps what is still referred to", async () => {
    const kept = { words: ["a", "b"] };
    const ref = new WeakRef(kept);
    await nextTurn();
    collectGarbage();
    expect(ref.deref()).toBe(kept);
  });
});
