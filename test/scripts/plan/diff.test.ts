import { describe, expect, it } from "vitest";
import { diffSnapshots, formatDiff } from "../../../scripts/plan/diff";
import type { Snapshot } from "../../../scripts/plan/snapshot";
import { baselineTenant, exampleTenantFiles, exampleTenantText } from "../../helpers/declarations";
import { planWithTenants, URN } from "../../helpers/plan";

describe("plan diff", () => {
  it("shows only additions, all for the new tenant, when an example is copied under a new id and domain", async () => {
    const examples = exampleTenantFiles();
    const copy = exampleTenantText("la-fourmiliere")
      .replace('id: "la-fourmiliere"', 'id: "les-glaneuses"')
      .replaceAll("lafourmiliere.example", "lesglaneuses.example");
    const base = (await planWithTenants(examples)).snapshot;
    const head = (await planWithTenants({ ...examples, "les-glaneuses.ts": copy })).snapshot;

    const diff = diffSnapshots(base, head);
    const own = head.resources.filter((r) => r.urn.includes("les-glaneuses")).map((r) => r.urn);
    expect(own).toEqual(expect.arrayContaining([URN.namespace("les-glaneuses"), URN.tenant("les-glaneuses")]));
    expect(diff.map((d) => ({ owner: d.owner, added: d.added.map((r) => r.urn), changed: d.changed, removed: d.removed }))).toEqual([
      { owner: { kind: "tenant", id: "les-glaneuses" }, added: own, changed: [], removed: [] },
    ]);
    const text = formatDiff(diff, "main");
    expect(text).toMatch(new RegExp(`^jardin plan diff · against main\n\ntenant les-glaneuses: ${own.length} to add\n`));
    expect(text).toContain("  + kubernetes:core/v1:Namespace  les-glaneuses-namespace\n");
    expect(text.endsWith(`\n\ntotal: ${own.length} to add, 0 to change, 0 to remove`)).toBe(true);
  });

  it("names the changed input paths when a tenant is suspended", async () => {
    const base = (await planWithTenants({ "les-semeurs.ts": baselineTenant() })).snapshot;
    const head = (await planWithTenants({ "les-semeurs.ts": baselineTenant({ state: "suspended" }) })).snapshot;
    const [tenant] = diffSnapshots(base, head);
    expect(tenant?.added.map((r) => r.urn)).toEqual([URN.quota("les-semeurs")]);
    // Every object of the tenant carries its lifecycle label, and nothing else changes on them.
    const changed = tenant?.changed ?? [];
    expect(changed.map((c) => c.resource.urn)).toContain(URN.namespace("les-semeurs"));
    for (const c of changed) expect([c.resource.urn, c.paths]).toEqual([c.resource.urn, ["inputs.metadata.labels.jardin/lifecycle"]]);
    // A suspended tenant runs no pod: its backup schedule goes, its data and password stay.
    expect(tenant?.removed.map((r) => r.type)).toEqual(["kubernetes:k8up.io/v1:PodConfig", "kubernetes:k8up.io/v1:Schedule"]);
  });

  it("warns that a removed tenant's namespace is protected", async () => {
    const base = (await planWithTenants({ "les-semeurs.ts": baselineTenant() })).snapshot;
    const head = (await planWithTenants({})).snapshot;
    const text = formatDiff(diffSnapshots(base, head), "HEAD");
    expect(text).toContain(
      "  - kubernetes:core/v1:Namespace  les-semeurs-namespace  [protected: pulumi up refuses to delete it until it is unprotected]",
    );
    const owned = base.resources.filter((r) => r.urn.includes("les-semeurs")).length;
    expect(text).toContain(`total: 0 to add, 0 to change, ${owned} to remove`);
  });

  it("says so when nothing changes", () => {
    const snapshot: Snapshot = { stack: "prod", resources: [] };
    expect(formatDiff(diffSnapshots(snapshot, snapshot), "HEAD")).toBe(
      "jardin plan diff · against HEAD\n\nno changes\n\ntotal: 0 to add, 0 to change, 0 to remove",
    );
  });

  it("compares protection, provider and parent as well as inputs", () => {
    const resource = {
      urn: "urn:pulumi:prod::jardin::kubernetes:core/v1:Namespace::x",
      type: "kubernetes:core/v1:Namespace",
      name: "x",
      parent: null,
      provider: "urn:a",
      protect: true,
      retainOnDelete: true,
      inputs: { metadata: { labels: { a: "1" } }, list: [1, 2] },
    };
    const changed = { ...resource, provider: "urn:b", protect: false, inputs: { metadata: { labels: { a: "2" } }, list: [1, 2, 3] } };
    const [group] = diffSnapshots({ stack: "prod", resources: [resource] }, { stack: "prod", resources: [changed] });
    expect(group?.owner).toEqual({ kind: "fleet" });
    expect(group?.changed[0]?.paths).toEqual(["inputs.list", "inputs.metadata.labels.a", "protect", "provider"]);
  });
});
