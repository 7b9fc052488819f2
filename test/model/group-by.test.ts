import { describe, expect, it } from "vitest";
import { groupBy } from "../../model/group-by";

describe("groupBy", () => {
  it("keeps the items' order in each group and the keys' first appearance between groups, leaving out items with no key", () => {
    const groups = groupBy(["b1", "a1", "x", "b2", "a2"], (item) => (item === "x" ? undefined : item[0]));
    expect([...groups.entries()]).toEqual([
      ["b", ["b1", "b2"]],
      ["a", ["a1", "a2"]],
    ]);
  });
});
