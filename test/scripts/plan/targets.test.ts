import { describe, expect, it } from "vitest";
import type { OwnerDiff } from "../../../scripts/plan/diff";
import type { SnapshotResource } from "../../../scripts/plan/snapshot";
import { describeScope, previewScope } from "../../../scripts/plan/targets";

const resource = (urn: string) => ({ urn }) as SnapshotResource;
const tenantDiff = (id: string, ...urns: string[]): OwnerDiff => ({ owner: { kind: "tenant", id }, added: urns.map(resource), changed: [], removed: [] });

describe("the real preview's scope", () => {
  it("targets the changed tenants' resources when only tenant files changed", () => {
    const scope = previewScope(["tenants/les-semeurs.ts"], [tenantDiff("les-semeurs", "urn:b", "urn:a")]);
    expect(scope).toEqual({ kind: "targeted", tenants: ["les-semeurs"], shared: [], urns: ["urn:a", "urn:b"] });
    expect(describeScope(scope)).toBe(
      "The real preview targets the changed tenants only (les-semeurs: 2 resources, `--target` with `--target-dependents`): only tenant files changed.",
    );
  });

  it("targets the cluster and fleet resources the tenant files change too (a firewall rule, DNS records)", () => {
    const firewall: OwnerDiff = { owner: { kind: "cluster", name: "ada-lovelace" }, added: [], changed: [{ resource: resource("urn:firewall"), before: resource("urn:firewall"), paths: ["inputs.rules"] }], removed: [] };
    const dns: OwnerDiff = { owner: { kind: "fleet" }, added: [resource("urn:record")], changed: [], removed: [] };
    const scope = previewScope(["tenants/les-semeurs.ts"], [dns, firewall, tenantDiff("les-semeurs", "urn:a")]);
    expect(scope).toEqual({ kind: "targeted", tenants: ["les-semeurs"], shared: ["fleet", "cluster ada-lovelace"], urns: ["urn:a", "urn:firewall", "urn:record"] });
    expect(describeScope(scope)).toBe(
      "The real preview targets the changed tenants and what they touch in fleet, cluster ada-lovelace only (les-semeurs: 3 resources, `--target` with `--target-dependents`): only tenant files changed.",
    );
  });

  it("previews the whole stack as soon as another file changed", () => {
    const scope = previewScope(["stacks/prod.ts", "tenants/les-semeurs.ts"], [tenantDiff("les-semeurs", "urn:a")]);
    expect(describeScope(scope)).toBe("The real preview covers the whole stack: files outside tenants/ changed (stacks/prod.ts).");
  });

  it("previews the whole stack when the tenant files change nothing", () => {
    expect(previewScope(["tenants/x.ts"], [])).toEqual({ kind: "whole", reason: "the tenant files changed but no resource does" });
  });
});
