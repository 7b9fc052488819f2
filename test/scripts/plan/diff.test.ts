import { describe, expect, it } from "vitest";
import { diffSnapshots, formatDiff } from "../../../scripts/plan/diff";
import type { Snapshot } from "../../../scripts/plan/snapshot";
import { baselineTenant, exampleTenantFiles, exampleTenantText } from "../../helpers/declarations";
import { planWithTenants, URN } from "../../helpers/plan";

describe("plan diff", () => {
  it("shows the new tenant's additions, and its videobridge port opened in its cluster's firewall, when an example is copied", async () => {
    const examples = exampleTenantFiles();
    const copy = exampleTenantText("la-fourmiliere")
      .replace('id: "la-fourmiliere"', 'id: "les-glaneuses"')
      .replaceAll("lafourmiliere.example", "lesglaneuses.example");
    const base = (await planWithTenants(examples)).snapshot;
    const head = (await planWithTenants({ ...examples, "les-glaneuses.ts": copy })).snapshot;

    const diff = diffSnapshots(base, head);
    // Jitsi's videobridge port opens in the cluster's firewall: the one change outside the tenant.
    const firewall = "urn:pulumi:prod::jardin::jardin:cluster:K3sCluster$hcloud:index/firewall:Firewall::ada-lovelace-firewall";
    expect(diff.map((d) => ({ owner: d.owner, changed: d.changed.map((c) => [c.resource.urn, c.paths]), removed: d.removed }))).toEqual([
      { owner: { kind: "cluster", name: "ada-lovelace" }, changed: [[firewall, ["inputs.rules"]]], removed: [] },
      { owner: { kind: "tenant", id: "les-glaneuses" }, changed: [], removed: [] },
    ]);
    expect(diff[0]!.added).toEqual([]);
    const added = diff[1]!.added;
    expect(added.map((r) => r.urn)).toContain(URN.namespace("les-glaneuses"));
    expect(added.every((r) => r.urn.includes("::les-glaneuses"))).toBe(true);
    const text = formatDiff(diff, "main").split("\n");
    expect(text.slice(0, 6)).toEqual([
      "jardin plan diff · against main",
      "",
      "cluster ada-lovelace: 1 to change",
      "  ~ hcloud:index/firewall:Firewall  ada-lovelace-firewall  (inputs.rules)",
      "",
      `tenant les-glaneuses: ${added.length} to add`,
    ]);
    expect(text).toContain("  + kubernetes:core/v1:Namespace  les-glaneuses-namespace");
    expect(text.at(-1)).toBe(`total: ${added.length} to add, 1 to change, 0 to remove`);
  });

  it("names the changed input paths when a tenant is suspended", async () => {
    const base = (await planWithTenants({ "les-semeurs.ts": baselineTenant() })).snapshot;
    const head = (await planWithTenants({ "les-semeurs.ts": baselineTenant({ state: "suspended" }) })).snapshot;
    const [tenant] = diffSnapshots(base, head);
    // The lifecycle quota, the maintenance page, and one last backup of the database and the volumes.
    expect(tenant?.added.map((r) => r.urn)).toEqual([
      "urn:pulumi:prod::jardin::jardin:tenant:Tenant$jardin:apps:Nextcloud$kubernetes:postgresql.cnpg.io/v1:Backup::les-semeurs-nextcloud-db-backup-on-suspended",
      URN.quota("les-semeurs"),
      "urn:pulumi:prod::jardin::jardin:tenant:Tenant$kubernetes:k8up.io/v1:Backup::les-semeurs-volume-backups-on-suspended",
      "urn:pulumi:prod::jardin::jardin:tenant:Tenant$kubernetes:networking.k8s.io/v1:Ingress::les-semeurs-maintenance",
    ]);
    // The apps' own Ingresses go: the maintenance page answers their hostnames. The backups keep
    // their schedule (test/components/tenant/lifecycle.test.ts).
    expect(tenant?.removed.map((r) => r.type).sort()).toEqual([
      "kubernetes:networking.k8s.io/v1:Ingress",
      "kubernetes:networking.k8s.io/v1:Ingress",
      "kubernetes:networking.k8s.io/v1:Ingress",
      // With no Ingress of its own, no certificate to prove: cert-manager's solvers' policy goes.
      "kubernetes:networking.k8s.io/v1:NetworkPolicy",
    ]);
    const namespace = tenant?.changed.find((c) => c.resource.urn === URN.namespace("les-semeurs"));
    expect(namespace?.paths).toEqual(["inputs.metadata.labels.jardin/lifecycle"]);
    const deployment = tenant?.changed.find((c) => c.resource.name === "les-semeurs-nextcloud-web");
    expect(deployment?.paths).toContain("inputs.spec.replicas");
  });

  it("warns that a removed tenant's namespace is protected", async () => {
    // On the adopted cluster (a tenant it admits): a tenant with Jitsi on a created one also closes its firewall port.
    const base = (await planWithTenants({ "fede-educpop.ts": baselineTenant({ id: "fede-educpop", domain: "educpop.example", cluster: "louise-michel" }) })).snapshot;
    const head = (await planWithTenants({})).snapshot;
    const text = formatDiff(diffSnapshots(base, head), "HEAD");
    expect(text).toContain(
      "  - kubernetes:core/v1:Namespace  fede-educpop-namespace  [protected: pulumi up refuses to delete it until it is unprotected]",
    );
    expect(text).toContain(
      "  - kubernetes:core/v1:PersistentVolumeClaim  fede-educpop-nextcloud-files  [protected: pulumi up refuses to delete it until it is unprotected]",
    );
    expect(text).toMatch(/total: 0 to add, 0 to change, \d+ to remove/);
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
      dependencies: [],
      inputs: { metadata: { labels: { a: "1" } }, list: [1, 2] },
    };
    const changed = { ...resource, provider: "urn:b", protect: false, inputs: { metadata: { labels: { a: "2" } }, list: [1, 2, 3] } };
    const [group] = diffSnapshots({ stack: "prod", resources: [resource] }, { stack: "prod", resources: [changed] });
    expect(group?.owner).toEqual({ kind: "fleet" });
    expect(group?.changed[0]?.paths).toEqual(["inputs.list", "inputs.metadata.labels.a", "protect", "provider"]);
  });
});
