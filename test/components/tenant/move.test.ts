import { describe, expect, it } from "vitest";
import { customResourceProblems } from "../../../scripts/contracts/check-custom-resource";
import { findCrd, loadCrdContracts } from "../../../scripts/contracts/contracts";
import type { SnapshotResource } from "../../../scripts/plan/snapshot";
import { baselineTenant, ROOT_DIR } from "../../helpers/declarations";
import { planWithTenants, prodPlan, URN } from "../../helpers/plan";

const NEW_SIDE = "urn:pulumi:prod::jardin::jardin:tenant:Move$jardin:tenant:Tenant";
const OLD_SIDE = "urn:pulumi:prod::jardin::jardin:tenant:Tenant";
const at = (resources: readonly SnapshotResource[], urn: string) => {
  const found = resources.find((r) => r.urn === urn);
  if (found === undefined) throw new Error(`no ${urn}`);
  return found;
};
const spec = (r: SnapshotResource) => r.inputs["spec"] as Record<string, any>;

// tenants/amap-du-plateau.ts, mid-move from louise-michel to ada-lovelace, in phase "restore".
describe("the example move of amap-du-plateau, restoring on ada-lovelace", () => {
  const { snapshot } = prodPlan();
  const resources = snapshot.resources;
  const nextcloud = `$jardin:apps:Nextcloud$kubernetes:postgresql.cnpg.io/v1:Cluster::amap-du-plateau-nextcloud-db`;

  it("recovers the database from the old side's archive in the same ObjectStore path, archiving under a name of its own", () => {
    const recovered = at(resources, `${NEW_SIDE}${nextcloud}`);
    expect(recovered.provider).toBe(URN.createdProvider("ada-lovelace"));
    expect([recovered.protect, recovered.retainOnDelete]).toEqual([true, true]);
    expect(spec(recovered).bootstrap).toEqual({ recovery: { source: "origin", database: "nextcloud", owner: "nextcloud" } });
    expect(spec(recovered).externalClusters).toEqual([
      { name: "origin", plugin: { name: "barman-cloud.cloudnative-pg.io", parameters: { barmanObjectName: "nextcloud-backups", serverName: "nextcloud-db" } } },
    ]);
    expect(spec(recovered).plugins).toEqual([
      { name: "barman-cloud.cloudnative-pg.io", isWALArchiver: true, parameters: { barmanObjectName: "nextcloud-backups", serverName: "nextcloud-db-on-ada-lovelace" } },
    ]);
    // The old side's cluster archives under its own name (the plugin's default: the Cluster's name).
    const old = at(resources, `${OLD_SIDE}${nextcloud}`);
    expect(old.provider).toBe(URN.adoptedProvider("louise-michel"));
    expect(spec(old).plugins).toEqual([{ name: "barman-cloud.cloudnative-pg.io", isWALArchiver: true, parameters: { barmanObjectName: "nextcloud-backups" } }]);
    expect(spec(old).bootstrap).toEqual({ initdb: { database: "nextcloud", owner: "nextcloud" } });
    // Both ObjectStores read and write the same path: the archives are one.
    const store = (side: string) => spec(at(resources, `${side}$jardin:apps:Nextcloud$kubernetes:barmancloud.cnpg.io/v1:ObjectStore::amap-du-plateau-nextcloud-backups`)).configuration;
    expect(store(NEW_SIDE)).toEqual(store(OLD_SIDE));
    expect(store(NEW_SIDE).destinationPath).toBe("s3://jardin-prod-backups/amap-du-plateau/nextcloud");
  });

  it("restores the claim from its last snapshot with the schedule's repository, as the user that writes it", () => {
    const restore = at(resources, `${NEW_SIDE}$kubernetes:k8up.io/v1:Restore::amap-du-plateau-volume-restore-nextcloud-files`);
    const schedule = spec(at(resources, `${OLD_SIDE}$kubernetes:k8up.io/v1:Schedule::amap-du-plateau-volume-backups-schedule`));
    expect(restore.inputs["metadata"]).toMatchObject({ name: "restore-nextcloud-files", namespace: "amap-du-plateau" });
    expect(spec(restore)).toEqual({
      backend: schedule.backend,
      podConfigRef: { name: "volume-backups" },
      // Nextcloud's fpm-alpine image runs as www-data (82) and its pod's fsGroup is 82.
      podSecurityContext: { runAsNonRoot: true, runAsUser: 82, fsGroup: 82, seccompProfile: { type: "RuntimeDefault" } },
      paths: ["/data/nextcloud-files"],
      restoreMethod: { folder: { claimName: "nextcloud-files" } },
      failedJobsHistoryLimit: 3,
      successfulJobsHistoryLimit: 1,
    });
    expect(restore.retainOnDelete).toBe(true);
    // It waits for the claim it writes into.
    expect(restore.dependencies).toContain(`${NEW_SIDE}$jardin:apps:Nextcloud$kubernetes:core/v1:PersistentVolumeClaim::amap-du-plateau-nextcloud-files`);
    // No schedule on the side still restoring: a half-restored claim is never the latest snapshot.
    expect(resources.filter((r) => r.urn.startsWith(`${NEW_SIDE}$kubernetes:k8up.io/v1:Schedule`))).toEqual([]);
  });

  it("holds every new object against its CRD at the pinned versions", () => {
    const crds = loadCrdContracts(ROOT_DIR);
    const objects = resources.filter((r) => r.urn.startsWith(NEW_SIDE) && /(cnpg\.io|k8up\.io)\//.test(String(r.inputs["apiVersion"])));
    const kinds = objects.map((r) => {
      const found = findCrd(crds, String(r.inputs["apiVersion"]), String(r.inputs["kind"]));
      expect(found, r.type).toBeDefined();
      expect(customResourceProblems(found!.schema, r.inputs, r.name)).toEqual([]);
      return String(r.inputs["kind"]);
    });
    expect([...new Set(kinds)].sort()).toEqual(["Cluster", "ObjectStore", "PodConfig", "Restore", "ScheduledBackup"]);
  });

  it("runs nothing on the new side and serves no name there; the old side is suspended behind the maintenance page, its names still pointing at it", () => {
    const newSide = resources.filter((r) => r.urn.startsWith(NEW_SIDE));
    expect(newSide.filter((r) => r.type === "kubernetes:apps/v1:Deployment").map((r) => spec(r).replicas)).toEqual([0, 0]);
    expect(newSide.filter((r) => r.type === "kubernetes:networking.k8s.io/v1:Ingress")).toEqual([]);
    // Nor does it take a "last backup" of what it does not hold yet.
    expect(newSide.filter((r) => r.type.endsWith(":Backup"))).toEqual([]);
    const namespace = at(resources, URN.namespace("amap-du-plateau"));
    expect((namespace.inputs["metadata"] as any).labels).toMatchObject({ "jardin/lifecycle": "suspended", "jardin/cluster": "louise-michel" });
    expect(at(resources, `${OLD_SIDE}$kubernetes:networking.k8s.io/v1:Ingress::amap-du-plateau-maintenance`).provider).toBe(URN.adoptedProvider("louise-michel"));
    const record = resources.find((r) => r.type === "hcloud:index/zoneRrset:ZoneRrset" && r.inputs["name"] === "cloud.amap-du-plateau")!;
    expect(record.inputs["records"]).toEqual([{ value: "198.51.100.20" }]);
  });

  it("keeps one realm, one OIDC client, one mail account and one volume-backup password for both sides: the old side's", () => {
    const of = (type: string) => resources.filter((r) => r.type === type && r.name.startsWith("amap-du-plateau")).map((r) => r.urn);
    expect(of("keycloak:index/realm:Realm")).toEqual([`${OLD_SIDE}$keycloak:index/realm:Realm::amap-du-plateau-realm`]);
    expect(of("keycloak:openid/client:Client")).toEqual([`${OLD_SIDE}$jardin:apps:Nextcloud$keycloak:openid/client:Client::amap-du-plateau-nextcloud-oidc`]);
    expect(resources.filter((r) => r.name === "amap-du-plateau-volume-backups-password").map((r) => r.urn)).toEqual([
      `${OLD_SIDE}$random:index/randomPassword:RandomPassword::amap-du-plateau-volume-backups-password`,
    ]);
    expect(resources.filter((r) => r.name === "amap-du-plateau-mail-password").map((r) => r.urn)).toEqual([
      `${OLD_SIDE}$random:index/randomPassword:RandomPassword::amap-du-plateau-mail-password`,
    ]);
    expect(at(resources, `${NEW_SIDE}$kubernetes:core/v1:Secret::amap-du-plateau-mail-account`).dependencies).toContain(
      `${OLD_SIDE}$random:index/randomPassword:RandomPassword::amap-du-plateau-mail-password`,
    );
    // The new side's Secret carries that same password (its input is the old side's output).
    expect(at(resources, `${NEW_SIDE}$kubernetes:core/v1:Secret::amap-du-plateau-volume-backups`).dependencies).toContain(
      `${OLD_SIDE}$random:index/randomPassword:RandomPassword::amap-du-plateau-volume-backups-password`,
    );
  });
});

describe("a move in its switch phase", () => {
  const files = {
    "fede-educpop.ts": baselineTenant({
      id: "fede-educpop",
      domain: "educpop.example",
      cluster: "ada-lovelace",
      apps: { nextcloud: { storageGiB: 50 }, matrix: {} },
      move: { from: "louise-michel", phase: "switch", recoveryTargetTime: "2027-01-15T22:00:00+01:00" },
    }),
  };

  it("runs the apps on the new cluster with the old side's Matrix key, recovers to the declared moment, and keeps the old side suspended", async () => {
    const { snapshot } = await planWithTenants(files);
    const resources = snapshot.resources;
    const newSide = resources.filter((r) => r.urn.startsWith(NEW_SIDE));
    expect(newSide.filter((r) => r.type === "kubernetes:apps/v1:Deployment").every((r) => spec(r).replicas >= 1)).toBe(true);
    expect(newSide.filter((r) => r.type === "kubernetes:networking.k8s.io/v1:Ingress").map((r) => r.provider)).toEqual(
      expect.arrayContaining([URN.createdProvider("ada-lovelace")]),
    );
    expect(newSide.filter((r) => r.type === "kubernetes:k8up.io/v1:Restore")).toEqual([]);
    expect(newSide.filter((r) => r.type === "kubernetes:k8up.io/v1:Schedule")).toHaveLength(1);
    const matrixDb = at(resources, `${NEW_SIDE}$jardin:apps:Matrix$kubernetes:postgresql.cnpg.io/v1:Cluster::fede-educpop-matrix-db`);
    expect(spec(matrixDb).bootstrap).toEqual({
      recovery: { source: "origin", database: "matrix", owner: "matrix", recoveryTarget: { targetTime: "2027-01-15T22:00:00+01:00" } },
    });
    expect(resources.filter((r) => r.name === "fede-educpop-matrix-signing-seed").map((r) => r.urn)).toEqual([
      `${OLD_SIDE}$jardin:apps:Matrix$random:index/randomBytes:RandomBytes::fede-educpop-matrix-signing-seed`,
    ]);
    expect(resources.filter((r) => r.type === "keycloak:openid/client:Client" && r.name.startsWith("fede-educpop")).map((r) => r.name).sort()).toEqual([
      "fede-educpop-matrix-oidc",
      "fede-educpop-nextcloud-oidc",
    ]);
    const oldDeployments = resources.filter((r) => r.urn.startsWith(`${OLD_SIDE}$`) && r.type === "kubernetes:apps/v1:Deployment" && r.name.startsWith("fede-educpop"));
    expect(oldDeployments.length).toBeGreaterThan(0);
    expect(oldDeployments.every((r) => spec(r).replicas === 0 && r.provider === URN.adoptedProvider("louise-michel"))).toBe(true);
  });
});
