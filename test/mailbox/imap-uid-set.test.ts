// UIDs become compact sequence sets, so one UID MOVE carries a whole batch.
import { describe, expect, it } from "vitest";
import { uidSets } from "../../src/mailbox/imap-uid-set.ts";

describe("uidSets", () => {
  it("writes consecutive UIDs as one range", () => {
    expect(uidSets([3, 4, 5, 6])).toEqual(["3:6"]);
  });

  it("writes gaps as separate members, in order, without duplicates", () => {
    expect(uidSets([9, 1, 2, 7, 2, 12, 11])).toEqual(["1:2,7,9,11:12"]);
  });

  it("gives no set for no UIDs", () => {
    expect(uidSets([])).toEqual([]);
  });

  it("splits a set that would be longer than the limit, keeping every UID", () => {
    const everyOther = Array.from({ length: 1_000 }, (_, n) => 2 * n + 1);
    const sets = uidSets(everyOther, 100);

    expect(sets.every((set) => set.length <= 100)).toBe(true);
    expect(sets.join(",").split(",").map(Number)).toEqual(everyOther);
  });
});
