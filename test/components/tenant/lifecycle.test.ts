import { describe, expect, it } from "vitest";
import { DATA_KEEPING_PRIORITY_CLASS } from "../../../model/contract/data-keeping";
import { exportObjects, tenantData } from "../../../scripts/export/jobs";
import type { SnapshotResource } from "../../../scripts/plan/snapshot";
import { admissionRefusals, type PodGroup } from "../../helpers/admission";
import { named, tenantResources } from "../../helpers/tenant";

const STATES = ["active", "suspended", "archived"] as const;
const inputs = (r: SnapshotResource) => r.inputs as any;
const ofType = (resources: readonly SnapshotResource[], type: string) => resources.filter((r) => r.type === `kubernetes:${type}`);

/**
 * The pods a tenant's namespace holds at once, read from the plan's objects as the controllers
 * would start them: each workload's replicas, each database's instances, one volume-backup pod
 * (k8up runs one at a time per repository), and `npm run export`'s Jobs for the tenant.
 */
function podsOf(resources: readonly SnapshotResource[]): PodGroup[] {
  const workloads = [...ofType(resources, "apps/v1:Deployment"), ...ofType(resources, "apps/v1:StatefulSet")].map((w) => ({
    owner: w.name,
    count: inputs(w).spec.replicas as number,
    spec: inputs(w).spec.template.spec,
  }));
  const databases = ofType(resources, "postgresql.cnpg.io/v1:Cluster").map((c) => ({
    owner: c.name,
    count: inputs(c).spec.instances as number,
    spec: { priorityClassName: inputs(c).spec.priorityClassName, containers: [{ name: "postgres", resources: inputs(c).spec.resources }] },
  }));
  const podConfig = ofType(resources, "k8up.io/v1:PodConfig")[0];
  const backups = ofType(resources, "k8up.io/v1:Schedule").map((s) => ({
    owner: s.name,
    count: 1,
    spec: { ...inputs(podConfig!).spec.template.spec, containers: [{ name: "k8up", resources: inputs(s).spec.resourceRequirementsTemplate }] },
  }));
  const target = { tenant: "les-semeurs", date: "2026-12-03", bucket: "jardin-backups", endpoint: "https://hel1.your-objectstorage.com", region: "hel1" };
  const exports = exportObjects(target, tenantData(resources, "les-semeurs"))
    .filter((o) => o["kind"] === "Job")
    .map((job: any) => ({ owner: job.metadata.name as string, count: 1, spec: job.spec.template.spec }));
  return [...workloads, ...databases, ...backups, ...exports];
}

describe("a tenant's lifecycle keeps its data safe", () => {
  it.each(STATES)("admits its databases, its volume backup and its export Jobs, all at once, when %s", async (state) => {
    const resources = await tenantResources({ state, apps: { nextcloud: {} } });
    const pods = podsOf(resources);
    expect(pods.filter((p) => p.owner.startsWith("export-")).map((p) => p.owner)).toEqual(["export-nextcloud-2026-12-03"]);
    expect(pods.filter((p) => p.count > 0 && p.spec.priorityClassName !== DATA_KEEPING_PRIORITY_CLASS).length > 0).toBe(state === "active");
    expect(admissionRefusals(resources, pods)).toEqual([]);
  });

  it("would refuse an export pod of another class in a stopped namespace, or one above the containers' cap", async () => {
    const resources = await tenantResources({ state: "archived", apps: { nextcloud: {} } });
    const exportPod = podsOf(resources).find((p) => p.owner.startsWith("export-"))!;
    expect(admissionRefusals(resources, [{ ...exportPod, spec: { ...exportPod.spec, priorityClassName: undefined } }])).toEqual([
      "quota jardin-lifecycle: pods 1 > 0 (export-nextcloud-2026-12-03×1)",
    ]);
    const greedy = { ...exportPod, spec: { ...exportPod.spec, containers: [{ name: "upload", resources: { limits: { memory: "64Gi" } } }] } };
    expect(admissionRefusals(resources, [greedy])).toContain("limits jardin-defaults: export-nextcloud-2026-12-03/upload memory 64Gi > 512Mi");
  });

  it.each(["suspended", "archived"] as const)("keeps backing up a %s tenant, and takes one more backup of each kind on entering the state", async (state) => {
    const resources = await tenantResources({ state, apps: { nextcloud: {} } });
    expect(inputs(named(resources, "les-semeurs-nextcloud-db-backup")).spec).toMatchObject({ schedule: "0 0 3 * * *", suspend: false });
    expect(inputs(named(resources, "les-semeurs-volume-backups-schedule")).spec.backup).toEqual({ schedule: "0 3 * * *" });
    const lastDatabase = named(resources, `les-semeurs-nextcloud-db-backup-on-${state}`);
    expect(inputs(lastDatabase)).toMatchObject({
      apiVersion: "postgresql.cnpg.io/v1",
      kind: "Backup",
      metadata: { name: `nextcloud-db-on-${state}`, namespace: "les-semeurs" },
      spec: { cluster: { name: "nextcloud-db" }, method: "plugin", pluginConfiguration: { name: "barman-cloud.cloudnative-pg.io" } },
    });
    const lastVolumes = named(resources, `les-semeurs-volume-backups-on-${state}`);
    expect(inputs(lastVolumes)).toMatchObject({
      apiVersion: "k8up.io/v1",
      kind: "Backup",
      metadata: { name: `volume-backups-on-${state}`, namespace: "les-semeurs" },
      spec: { podConfigRef: { name: "volume-backups" }, backend: inputs(named(resources, "les-semeurs-volume-backups-schedule")).spec.backend },
    });
    // Their objects are the only record of those backups: a later state change keeps them.
    expect([lastDatabase.retainOnDelete, lastVolumes.retainOnDelete]).toEqual([true, true]);
  });

  it("takes no extra backup of an active tenant", async () => {
    const names = (await tenantResources({ apps: { nextcloud: {} } })).map((r) => r.name);
    expect(names.filter((n) => n.includes("-on-"))).toEqual([]);
  });
});
