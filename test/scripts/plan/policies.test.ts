import type { PolicyResource, ResourceValidationArgs, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { describe, expect, it } from "vitest";
import { POLICIES } from "../../../policies/all";
import { loadPackConfig } from "../../../policies/config";
import { checkPolicies, formatViolations } from "../../../scripts/plan/policies";
import { prodPlan, URN } from "../../helpers/plan";

const NAMESPACE = URN.namespace("amap-du-plateau");

describe("policies over the plan", () => {
  it("finds no mandatory violation in the prod plan, at the levels of the pack's config", async () => {
    const { snapshot } = prodPlan();
    const violations = await checkPolicies(snapshot, POLICIES, loadPackConfig());
    expect(violations.filter((v) => v.enforcementLevel === "mandatory")).toEqual([]);
  });

  it("hands resource policies the options, provider and settings the engine gives", async () => {
    const { snapshot } = prodPlan();
    const seen: ResourceValidationArgs[] = [];
    const spy: ResourceValidationPolicy = { name: "spy", description: "records what it sees", validateResource: (args) => void seen.push(args) };
    await checkPolicies(snapshot, [spy], { spy: { enforcementLevel: "advisory", note: "hello" } });
    expect(seen.map((args) => args.urn)).toEqual(snapshot.resources.map((r) => r.urn));
    const namespace = seen.find((args) => args.urn === NAMESPACE)!;
    expect(namespace.opts.protect).toBe(true);
    expect(namespace.opts.parent).toBe(URN.tenant("amap-du-plateau"));
    expect(namespace.provider).toMatchObject({ urn: URN.adoptedProvider("louise-michel"), type: "pulumi:providers:kubernetes", name: "louise-michel-k8s" });
    expect(namespace.props["metadata"]).toMatchObject({ name: "amap-du-plateau" });
    expect(namespace.getConfig()).toEqual({ note: "hello" });
  });

  it("hands stack policies every resource, linked to its parent, and takes the URN they report", async () => {
    const { snapshot } = prodPlan();
    let resources: PolicyResource[] = [];
    const spy: StackValidationPolicy = {
      name: "stack-spy",
      description: "records the stack and reports one resource",
      validateStack: (args, report) => {
        resources = args.resources;
        report("seen", NAMESPACE);
        report("the stack as a whole");
      },
    };
    const violations = await checkPolicies(snapshot, [spy]);
    expect(resources.map((r) => r.urn)).toEqual(snapshot.resources.map((r) => r.urn));
    expect(resources.find((r) => r.urn === NAMESPACE)?.parent?.urn).toBe(URN.tenant("amap-du-plateau"));
    expect(violations).toEqual([
      { policy: "stack-spy", enforcementLevel: "mandatory", urn: NAMESPACE, message: "seen" },
      { policy: "stack-spy", enforcementLevel: "mandatory", urn: "", message: "the stack as a whole" },
    ]);
    expect(formatViolations(violations, 1)).toBe(
      `policies: 2 violations (2 mandatory)\n  [mandatory] stack-spy: ${NAMESPACE}: seen\n  [mandatory] stack-spy: the stack: the stack as a whole`,
    );
  });

  it("reports a tenant namespace left unprotected, with its URN and the policy's level", async () => {
    const { snapshot } = prodPlan();
    const unprotected = { ...snapshot, resources: snapshot.resources.map((r) => (r.urn === NAMESPACE ? { ...r, protect: false } : r)) };
    const violations = await checkPolicies(unprotected, POLICIES, loadPackConfig());
    expect(violations.filter((v) => v.enforcementLevel === "mandatory")).toEqual([
      {
        policy: "data-protected",
        enforcementLevel: "mandatory",
        urn: NAMESPACE,
        message: 'the namespace of tenant "amap-du-plateau" is not protected; create it with { protect: true, retainOnDelete: true }',
      },
    ]);
  });

  it("says so when nothing is violated, and whether what is violated fails the plan", () => {
    expect(formatViolations([], POLICIES.length)).toBe(`policies: ${POLICIES.length} checked, no violation`);
    const advisory = { policy: "ingress-tls", enforcementLevel: "advisory", urn: NAMESPACE, message: "m" };
    expect(formatViolations([advisory], POLICIES.length).split("\n")[0]).toBe("policies: 1 violation (none mandatory)");
  });
});
