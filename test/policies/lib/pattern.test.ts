import { describe, expect, it } from "vitest";
import { matchesPattern } from "../../../policies/lib/pattern";

describe("allow-list patterns", () => {
  it("match a name exactly, or with * standing for any characters", () => {
    expect(matchesPattern("onlyoffice", "onlyoffice")).toBe(true);
    expect(matchesPattern("*-office", "les-semeurs-office")).toBe(true);
    expect(matchesPattern("*-office", "les-semeurs-office-2")).toBe(false);
    expect(matchesPattern("a.b", "axb")).toBe(false);
    expect(matchesPattern("*", undefined)).toBe(false);
  });
});
