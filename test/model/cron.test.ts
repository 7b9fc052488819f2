import { describe, expect, it } from "vitest";
import { cronLongestGapMinutes } from "../../model/cron";

describe("the longest gap between two runs of a schedule", () => {
  it.each([
    ["0 3 * * *", 24 * 60],
    ["30 2 * * *", 24 * 60],
    ["0 */6 * * *", 6 * 60],
    ["*/15 * * * *", 15],
    ["0 1,13 * * *", 12 * 60],
    // Monday and Thursday at 04:00: Thursday to Monday is four days.
    ["0 4 * * 1,4", 4 * 24 * 60],
    // 7 is Sunday, like 0.
    ["0 4 * * 7", 7 * 24 * 60],
    // Monthly: the longest month's gap (31 days).
    ["0 3 1 * *", 31 * 24 * 60],
    // Day of month and day of week together match either (the 1st, or any Sunday).
    ["0 3 1 * 0", 7 * 24 * 60],
    ["0 0 1 1 *", 366 * 24 * 60],
  ])("%s: %d minutes", (schedule, minutes) => {
    expect(cronLongestGapMinutes(schedule)).toBe(minutes);
  });

  it("refuses an invalid schedule, and one that never runs", () => {
    expect(() => cronLongestGapMinutes("0 3 * *")).toThrow("must have 5 fields");
    expect(() => cronLongestGapMinutes("0 0 31 2 *")).toThrow("never runs");
  });
});
