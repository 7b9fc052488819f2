import * as k8s from "@pulumi/kubernetes";
import { describe, expect, it } from "vitest";
import { POSTGRES_IMAGE, postgresCluster, type PostgresClusterArgs } from "../../../components/platform/postgres-cluster";
import { runUnderMocks } from "../../../scripts/plan/mock-runtime";
import type { SnapshotResource } from "../../../scripts/plan/snapshot";
import { customResourceProblems } from "../../../scripts/contracts/check-custom-resource";
import { findCrd, loadCrdContracts } from "../../../scripts/contracts/contracts";
import { isCustomResource } from "../../../scripts/contracts/plan-check";
import { ROOT_DIR } from "../../helpers/declarations";

type Overrides = Partial<Omit<PostgresClusterArgs, "child" | "stateful" | "dependsOn">>;

function plan(overrides: Overrides) {
  return runUnderMocks({ project: "jardin", stack: "prod" }, async () => {
    const provider = new k8s.Provider("cluster", {});
    const db = postgresCluster({
      id: "grist",
      namespace: "les-semeurs",
      labels: { "app.kubernetes.io/name": "grist" },
      resourceNames: { objectStore: "store", cluster: "cluster", scheduledBackup: "backup" },
      clusterSpec: { instances: 2, imageName: POSTGRES_IMAGE },
      storage: { storageClass: "hcloud-volumes-retain", size: "5Gi" },
      backupPrefix: "les-semeurs/grist",
      backups: { bucket: "jardin-prod-backups", endpoint: "https://hel1.your-objectstorage.com" },
      credentials: { secretName: "grist-backups", accessKeyId: "id", secretAccessKey: "secret" },
      retentionDays: 14,
      scheduledBackup: { schedule: "30 2 * * *", suspend: false },
      dependsOn: [],
      child: { provider },
      stateful: { provider, protect: true, retainOnDelete: true },
      ...overrides,
    });
    return { host: db.host, database: db.database, appSecret: db.appSecret };
  });
}

const named = (resources: readonly SnapshotResource[], name: string): SnapshotResource => {
  const found = resources.find((r) => r.name === name);
  if (found === undefined) throw new Error(`no resource named ${name}`);
  return found;
};
const spec = (r: SnapshotResource) => r.inputs["spec"] as Record<string, unknown>;

describe("a PostgreSQL database on CloudNativePG (tenants' and Keycloak's)", () => {
  it("names every object from its id, archives to its own prefix, and protects only the Cluster", async () => {
    const run = await plan({});
    expect(run.result).toEqual({ host: "grist-db-rw", database: "grist", appSecret: "grist-db-app" });
    expect(run.resources.map((r) => [r.type, r.name, r.protect, r.retainOnDelete])).toEqual([
      ["kubernetes:barmancloud.cnpg.io/v1:ObjectStore", "store", false, false],
      ["kubernetes:postgresql.cnpg.io/v1:Cluster", "cluster", true, true],
      ["kubernetes:postgresql.cnpg.io/v1:ScheduledBackup", "backup", false, false],
      ["pulumi:providers:kubernetes", "cluster", false, false],
    ]);
    expect(named(run.resources, "store").inputs).toEqual({
      apiVersion: "barmancloud.cnpg.io/v1",
      kind: "ObjectStore",
      // The alerts hold its last base backup to the daily schedule: 24 h + 3 h.
      metadata: { name: "grist-backups", namespace: "les-semeurs", labels: { "app.kubernetes.io/name": "grist" }, annotations: { "jardin/backup-max-age-seconds": "97200" } },
      spec: {
        configuration: {
          destinationPath: "s3://jardin-prod-backups/les-semeurs/grist",
          endpointURL: "https://hel1.your-objectstorage.com",
          // No region key unless the caller's Secret has one.
          s3Credentials: { accessKeyId: { name: "grist-backups", key: "id" }, secretAccessKey: { name: "grist-backups", key: "secret" } },
          wal: { compression: "gzip" },
          data: { compression: "gzip" },
        },
        retentionPolicy: "14d",
      },
    });
    expect(spec(named(run.resources, "cluster"))).toEqual({
      instances: 2,
      imageName: "ghcr.io/cloudnative-pg/postgresql:17.6",
      bootstrap: { initdb: { database: "grist", owner: "grist" } },
      storage: { size: "5Gi", storageClass: "hcloud-volumes-retain" },
      plugins: [{ name: "barman-cloud.cloudnative-pg.io", isWALArchiver: true, parameters: { barmanObjectName: "grist-backups" } }],
    });
    expect(spec(named(run.resources, "backup"))).toEqual({
      schedule: "0 30 2 * * *",
      suspend: false,
      backupOwnerReference: "self",
      cluster: { name: "grist-db" },
      method: "plugin",
      pluginConfiguration: { name: "barman-cloud.cloudnative-pg.io" },
    });
  });

  it("reads the region from the credentials' Secret when given one, creates extensions at bootstrap, and leaves suspend unset when not asked", async () => {
    const run = await plan({
      credentials: { secretName: "keycloak-backups-s3", accessKeyId: "ACCESS_KEY_ID", secretAccessKey: "ACCESS_SECRET_KEY", region: "REGION" },
      extensions: ["postgis"],
      scheduledBackup: { schedule: "0 3 * * *" },
    });
    const configuration = spec(named(run.resources, "store"))["configuration"] as Record<string, unknown>;
    expect(configuration["s3Credentials"]).toEqual({
      accessKeyId: { name: "keycloak-backups-s3", key: "ACCESS_KEY_ID" },
      secretAccessKey: { name: "keycloak-backups-s3", key: "ACCESS_SECRET_KEY" },
      region: { name: "keycloak-backups-s3", key: "REGION" },
    });
    expect(spec(named(run.resources, "cluster"))["bootstrap"]).toEqual({
      initdb: { database: "grist", owner: "grist", postInitApplicationSQL: ["CREATE EXTENSION IF NOT EXISTS postgis;"] },
    });
    expect(spec(named(run.resources, "backup"))).not.toHaveProperty("suspend");
    expect(spec(named(run.resources, "backup"))["schedule"]).toBe("0 0 3 * * *");
  });

  it("takes no base backup when none is asked (an archived tenant's database), and keeps the Cluster and its archive", async () => {
    const run = await plan({ scheduledBackup: undefined });
    expect(run.resources.map((r) => r.type)).toEqual([
      "kubernetes:barmancloud.cnpg.io/v1:ObjectStore",
      "kubernetes:postgresql.cnpg.io/v1:Cluster",
      "pulumi:providers:kubernetes",
    ]);
  });

  it("keeps every field of its objects through CloudNativePG's and the plugin's CRDs, at the pinned charts (the API server prunes the rest)", async () => {
    const run = await plan({ lastBackup: "suspended" });
    const crds = loadCrdContracts(ROOT_DIR);
    const kinds = run.resources.filter((r) => isCustomResource(r.type)).map((r) => {
      const { schema } = findCrd(crds, String(r.inputs["apiVersion"]), String(r.inputs["kind"]))!;
      expect(customResourceProblems(schema, r.inputs, r.name)).toEqual([]);
      return r.inputs["kind"];
    });
    expect(kinds.sort()).toEqual(["Backup", "Cluster", "ObjectStore", "ScheduledBackup"]);
  });
});
