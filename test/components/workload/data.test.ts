import { describe, expect, it } from "vitest";
import { cronJob } from "../../../components/workload/cron-job";
import { backupCredentialEntries, postgres } from "../../../components/workload/postgres";
import { appSecret } from "../../../components/workload/secret";
import { volumeClaim } from "../../../components/workload/volume-claim";
import { byType, inputs, one, underAppScope } from "../../helpers/app-scope";

const services = {
  backups: { bucket: "jardin-backups", endpoint: "https://fsn1.your-objectstorage.com", region: "fsn1", accessKeyId: undefined!, secretAccessKey: undefined! },
};
// The app's Secret: postgres() reads the bucket's keys from it, under the keys backupCredentialEntries writes.
const secretName = "demo";

describe("volumeClaim", () => {
  it("claims the size asked on the Retain class, protected and retained on delete", async () => {
    const { resources } = await underAppScope((scope) => {
      expect(volumeClaim(scope, { key: "files", sizeGiB: 50 })).toEqual({
        name: "demo-files",
        volume: { name: "files", persistentVolumeClaim: { claimName: "demo-files" } },
      });
    });
    const claim = one(resources, "kubernetes:core/v1:PersistentVolumeClaim");
    expect([claim.name, claim.protect, claim.retainOnDelete]).toEqual(["les-semeurs-demo-files", true, true]);
    expect(inputs(claim).spec).toEqual({
      storageClassName: "jardin-retain",
      accessModes: ["ReadWriteOnce"],
      resources: { requests: { storage: "50Gi" } },
    });
  });

  it.each(["suspended", "archived"] as const)("keeps the claim of a %s tenant", async (state) => {
    const { resources } = await underAppScope((scope) => volumeClaim(scope, { key: "files", sizeGiB: 5 }), { state });
    expect(one(resources, "kubernetes:core/v1:PersistentVolumeClaim").protect).toBe(true);
  });
});

describe("appSecret", () => {
  it("keeps every key of the app in one Secret, values hidden from the plan", async () => {
    const { resources } = await underAppScope((scope) => appSecret(scope, { token: "s3cr3t", "db-password": "p4ss" }));
    const secret = one(resources, "kubernetes:core/v1:Secret");
    expect(inputs(secret).metadata.name).toBe("demo");
    // The provider marks the whole of stringData secret, keys included.
    expect(inputs(secret).stringData).toBe("[secret]");
    expect(JSON.stringify(secret)).not.toContain("s3cr3t");
  });
});

describe("cronJob", () => {
  const spec = { schedule: "*/5 * * * *", containers: [{ name: "cron", image: "example/web:1.2.3", command: ["run"], resources: { cpuMillis: 50, memoryMiB: 64 } }] };

  it("runs a hardened job on its schedule, never two at once", async () => {
    const { resources, budget } = await underAppScope((scope) => cronJob(scope, "cron", spec, "demo"));
    const job = inputs(one(resources, "kubernetes:batch/v1:CronJob"));
    expect([job.spec.schedule, job.spec.concurrencyPolicy, job.spec.suspend]).toEqual(["*/5 * * * *", "Forbid", false]);
    const pod = job.spec.jobTemplate.spec.template.spec;
    expect(pod.restartPolicy).toBe("Never");
    expect(pod.containers[0].securityContext.readOnlyRootFilesystem).toBe(true);
    expect(budget.footprints).toEqual([{ app: "demo", owner: "demo/cron", pods: 1, cpuMillis: 50, memoryMiB: 64, memoryLimitMiB: 128 }]);
  });

  it("suspends a suspended tenant's job and drops an archived tenant's", async () => {
    const suspended = await underAppScope((scope) => cronJob(scope, "cron", spec, "demo"), { state: "suspended" });
    expect(inputs(one(suspended.resources, "kubernetes:batch/v1:CronJob")).spec.suspend).toBe(true);
    const archived = await underAppScope((scope) => cronJob(scope, "cron", spec, "demo"), { state: "archived" });
    expect(archived.resources).toEqual([]);
  });
});

describe("postgres", () => {
  const backups = { schedule: "30 2 * * *", retentionDays: 45 };

  it("runs a protected CloudNativePG cluster on the Retain class, archiving to the fleet's bucket", async () => {
    const { resources, budget } = await underAppScope((scope) => {
      expect(postgres(scope, { backups, secretName, services, sizeGiB: 20 })).toEqual({
        host: "demo-db-rw",
        database: "demo",
        user: "demo",
        password: { secretName: "demo-db-app", secretKey: "password" },
      });
    });
    const cluster = byType(resources, "kubernetes:postgresql.cnpg.io/v1:Cluster")[0]!;
    expect([cluster.name, cluster.protect, cluster.retainOnDelete]).toEqual(["les-semeurs-demo-db", true, true]);
    expect(inputs(cluster).spec).toMatchObject({
      instances: 2,
      imageName: "ghcr.io/cloudnative-pg/postgresql:17.6",
      bootstrap: { initdb: { database: "demo", owner: "demo" } },
      storage: { size: "20Gi", storageClass: "jardin-retain" },
      plugins: [{ name: "barman-cloud.cloudnative-pg.io", isWALArchiver: true, parameters: { barmanObjectName: "demo-backups" } }],
    });
    const store = one(resources, "kubernetes:barmancloud.cnpg.io/v1:ObjectStore");
    expect(inputs(store).spec).toEqual({
      configuration: {
        destinationPath: "s3://jardin-backups/les-semeurs/demo",
        endpointURL: "https://fsn1.your-objectstorage.com",
        s3Credentials: {
          accessKeyId: { name: "demo", key: "backups-access-key-id" },
          secretAccessKey: { name: "demo", key: "backups-secret-access-key" },
        },
        wal: { compression: "gzip" },
        data: { compression: "gzip" },
      },
      retentionPolicy: "45d",
    });
    expect(inputs(one(resources, "kubernetes:postgresql.cnpg.io/v1:ScheduledBackup")).spec).toEqual({
      schedule: "0 30 2 * * *",
      suspend: false,
      backupOwnerReference: "self",
      cluster: { name: "demo-db" },
      method: "plugin",
      pluginConfiguration: { name: "barman-cloud.cloudnative-pg.io" },
    });
    expect(budget.footprints).toEqual([{ app: "demo", owner: "demo/database", pods: 3, cpuMillis: 100, memoryMiB: 256, memoryLimitMiB: 512 }]);
  });

  it("reads the bucket's keys from where backupCredentialEntries puts them in the app's Secret", () => {
    expect(Object.keys(backupCredentialEntries(services.backups))).toEqual(["backups-access-key-id", "backups-secret-access-key"]);
  });

  it("keeps an archived tenant's database running and backed up, with one more backup taken on archiving", async () => {
    const { resources, budget } = await underAppScope((scope) => postgres(scope, { backups, secretName, services }), { state: "archived" });
    expect(resources.map((r) => [r.type, r.name, r.protect, r.retainOnDelete])).toEqual([
      ["kubernetes:barmancloud.cnpg.io/v1:ObjectStore", "les-semeurs-demo-backups", false, false],
      ["kubernetes:postgresql.cnpg.io/v1:Backup", "les-semeurs-demo-db-backup-on-archived", false, true],
      ["kubernetes:postgresql.cnpg.io/v1:Cluster", "les-semeurs-demo-db", true, true],
      ["kubernetes:postgresql.cnpg.io/v1:ScheduledBackup", "les-semeurs-demo-db-backup", false, false],
    ]);
    expect((resources[2]!.inputs as any).spec.priorityClassName).toBe("jardin-export");
    expect((resources[3]!.inputs as any).spec.suspend).toBe(false);
    // Its instances (and the standby's clone job) stay in the quota the namespace derives.
    expect(budget.footprints.map((f) => [f.owner, f.pods])).toEqual([["demo/database", 3]]);
  });
});
