import { describe, expect, it } from "vitest";
import { POLICIES } from "../../../policies/all";
import { checkPolicies, formatViolations } from "../../../scripts/plan/policies";
import { recordPlan } from "../../../scripts/plan/record";
import { ROOT_DIR } from "../../helpers/declarations";

describe("policies over the plan", () => {
  it("finds no violation in the prod plan", async () => {
    const { snapshot } = await recordPlan({ rootDir: ROOT_DIR });
    expect(await checkPolicies(snapshot, POLICIES)).toEqual([]);
    expect(formatViolations([], POLICIES.length)).toBe("policies: 2 checked, no violation");
  });

  it("reports a tenant namespace left unprotected, with its URN and the policy's level", async () => {
    const { snapshot } = await recordPlan({ rootDir: ROOT_DIR });
    const unprotected = {
      ...snapshot,
      resources: snapshot.resources.map((r) => (r.name === "amap-du-plateau-namespace" ? { ...r, protect: false } : r)),
    };
    const violations = await checkPolicies(unprotected, POLICIES);
    expect(violations).toEqual([
      {
        policy: "tenant-data-protected",
        enforcementLevel: "mandatory",
        urn: "urn:pulumi:prod::jardin::jardin:tenant:Tenant$kubernetes:core/v1:Namespace::amap-du-plateau-namespace",
        message: 'the namespace of tenant "amap-du-plateau" is not protected; create it with { protect: true, retainOnDelete: true }',
      },
    ]);
    expect(formatViolations(violations, POLICIES.length)).toBe(
      "policies: 1 violation\n" +
        "  [mandatory] tenant-data-protected: urn:pulumi:prod::jardin::jardin:tenant:Tenant$kubernetes:core/v1:Namespace::amap-du-plateau-namespace: " +
        'the namespace of tenant "amap-du-plateau" is not protected; create it with { protect: true, retainOnDelete: true }',
    );
  });
});
