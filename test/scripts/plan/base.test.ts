import { describe, expect, it } from "vitest";
import { loadBase } from "../../../scripts/plan/base";
import { PlanError } from "../../../scripts/plan/plan-error";
import { ROOT_DIR } from "../../helpers/declarations";

describe("the plan's base", () => {
  it("fails clearly on a base that is neither a file nor a ref", () => {
    const load = () => loadBase("no-such-thing", ROOT_DIR, "prod");
    expect(load).toThrow(PlanError);
    expect(load).toThrow(/^--base "no-such-thing" is neither a snapshot file nor a git ref of this repository$/);
  });
});
