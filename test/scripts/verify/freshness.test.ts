import { describe, expect, it } from "vitest";
import { allowedAgeMinutes, judgeFreshness } from "../../../scripts/verify/freshness";

const now = new Date("2026-12-03T12:00:00Z");
const hoursAgo = (h: number) => new Date(now.getTime() - h * 3_600_000);
const line = { subject: "les-semeurs", check: "volume backup", remedy: "look" };

describe("how old a scheduled result may be", () => {
  it("is the longest gap between runs and a quarter of it to finish, at least an hour", () => {
    expect(allowedAgeMinutes("0 3 * * *")).toBe(30 * 60);
    expect(allowedAgeMinutes("0 */6 * * *")).toBe(7.5 * 60);
    expect(allowedAgeMinutes("*/15 * * * *")).toBe(75);
  });

  it("judges a result at the limit ok, a minute past it a failure", () => {
    expect(judgeFreshness(line, "0 3 * * *", { lastSuccess: hoursAgo(30) }, now).status).toBe("ok");
    expect(judgeFreshness(line, "0 3 * * *", { lastSuccess: new Date(hoursAgo(30).getTime() - 60_000) }, now)).toMatchObject({ status: "fail", remedy: "look" });
  });

  it("warns when a newer run failed but the last success is fresh; fails when none succeeded", () => {
    expect(judgeFreshness(line, "0 3 * * *", { lastSuccess: hoursAgo(20), failedSince: hoursAgo(1), failure: "b: locked" }, now)).toMatchObject({
      status: "warn",
      detail: "last success 2026-12-02T16:00:00.000Z, 20 h ago, but a newer run failed: b: locked",
    });
    expect(judgeFreshness(line, "0 3 * * *", {}, now)).toMatchObject({ status: "fail", detail: 'none has succeeded (schedule "0 3 * * *")' });
  });
});
