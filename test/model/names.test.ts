import { describe, expect, it } from "vitest";
import { cronProblem } from "../../model/cron";
import { isHostname, isSlug } from "../../model/names";
import { closestName, editDistance, listAlternatives } from "../../model/suggest";

describe("names", () => {
  it("takes slugs that are namespaces and RFC 1035 labels, no longer than asked", () => {
    expect(["a1", "la-rue", "x"].map((s) => isSlug(s, 30))).toEqual([true, true, true]);
    expect(["1a", "-a", "a-", "La-rue", "la_rue", "", "a".repeat(31)].map((s) => isSlug(s, 30))).toEqual([
      false, false, false, false, false, false, false,
    ]);
  });

  it("takes fully qualified lowercase hostnames only", () => {
    expect(["cloud.example.org", "a.b", "x-1.y2.example"].map(isHostname)).toEqual([true, true, true]);
    expect(["localhost", "Cloud.example.org", "cloud.example.org.", "-a.example", "a..b", `${"a".repeat(64)}.org`].map(isHostname)).toEqual([
      false, false, false, false, false, false,
    ]);
  });
});

describe("cron schedules", () => {
  it("accepts the usual forms", () => {
    expect(["0 3 * * *", "*/15 * * * *", "0 1-5 * * 1,3,5", "30 2 1 */2 0"].map(cronProblem)).toEqual([
      undefined, undefined, undefined, undefined,
    ]);
  });

  it("names the field at fault", () => {
    expect(cronProblem("0 3 * *")).toBe('"0 3 * *" must have 5 fields (minute hour day-of-month month day-of-week), like "0 3 * * *"');
    expect(cronProblem("0 3 32 * *")).toBe(
      '"0 3 32 * *": the day of month field "32" is not valid; use numbers from 1 to 31, "*", ranges "a-b", lists "a,b" or steps "*/n"',
    );
    expect(cronProblem("*/0 * * * *")).toMatch(/the minute field "\*\/0" is not valid/);
    expect(cronProblem("@daily")).toMatch(/must have 5 fields/);
  });
});

describe("suggestions", () => {
  it("measures edits", () => {
    expect(editDistance("storageGB", "storageGiB")).toBe(1);
    expect(editDistance("", "abc")).toBe(3);
    expect(editDistance("kitten", "sitting")).toBe(3);
  });

  it("suggests a close name and nothing for a far one", () => {
    expect(closestName("clustr", ["cluster", "contact"])).toBe("cluster");
    expect(closestName("rocketchat", ["nextcloud", "jitsi", "matrix"])).toBeUndefined();
  });

  it("lists alternatives in prose", () => {
    expect(listAlternatives(["a"])).toBe('"a"');
    expect(listAlternatives(["a", "b", "c"])).toBe('"a", "b" or "c"');
  });
});
