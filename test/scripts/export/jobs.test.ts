import { describe, expect, it } from "vitest";
import { isNewSide } from "../../../scripts/plan/gate/tenant-states";
import { exportManifest, exportObjects, RCLONE_IMAGE, tenantData, type ExportTarget } from "../../../scripts/export/jobs";
import { prodPlan } from "../../helpers/plan";

const target: ExportTarget = {
  tenant: "fede-educpop",
  date: "2026-11-22",
  bucket: "jardin-prod-backups",
  endpoint: "https://hel1.your-objectstorage.com",
  region: "hel1",
};
const data = async () => tenantData(prodPlan().snapshot.resources, "fede-educpop");

describe("export", () => {
  it("takes its inventory from the plan: every claim and database of the tenant, with the user that owns the files", async () => {
    const { volumes, databases } = await data();
    expect(volumes).toEqual([
      { app: "grist", claim: "grist-documents", owner: { user: 1001, group: 1001, component: "web" } },
      { app: "hedgedoc", claim: "hedgedoc-uploads", owner: { user: 10000, group: 10000, component: "web" } },
      { app: "matrix", claim: "matrix-media", owner: { user: 991, group: 991, component: "synapse" } },
      { app: "mobilizon", claim: "mobilizon-media", owner: { user: 65534, group: 65534, component: "web" } },
      { app: "nextcloud", claim: "nextcloud-files", owner: { user: 82, group: 82, component: "web" } },
    ]);
    expect(databases).toEqual([
      { app: "hedgedoc", cluster: "hedgedoc-db", database: "hedgedoc", image: "ghcr.io/cloudnative-pg/postgresql:17.6" },
      { app: "matrix", cluster: "matrix-db", database: "matrix", image: "ghcr.io/cloudnative-pg/postgresql:17.6" },
      { app: "mobilizon", cluster: "mobilizon-db", database: "mobilizon", image: "ghcr.io/cloudnative-pg/postgis:17-3.5" },
      { app: "nextcloud", cluster: "nextcloud-db", database: "nextcloud", image: "ghcr.io/cloudnative-pg/postgresql:17.6" },
    ]);
  });

  it("lists what is where in manifest.json, in open formats", async () => {
    const manifest = exportManifest(target, await data()) as any;
    expect(manifest.location).toBe("s3://jardin-prod-backups/exports/fede-educpop/2026-11-22/");
    expect(manifest.databases.map((d: any) => d.file)).toEqual([
      "hedgedoc/hedgedoc.sql.gz.bin", "matrix/matrix.sql.gz.bin", "mobilizon/mobilizon.sql.gz.bin", "nextcloud/nextcloud.sql.gz.bin",
    ]);
    expect(manifest.volumes.map((v: any) => v.file)).toEqual([
      "grist/grist-documents.tar.gz.bin", "hedgedoc/hedgedoc-uploads.tar.gz.bin", "matrix/matrix-media.tar.gz.bin",
      "mobilizon/mobilizon-media.tar.gz.bin", "nextcloud/nextcloud-files.tar.gz.bin",
    ]);
    expect(manifest.encryption.key).toBe(
      'the organisation\'s export passphrase, key "export-password" of the Secret "volume-backups" in namespace fede-educpop, handed over with the files',
    );
  });

  it("writes one hardened Job per app: dump with the database's own image, then stream every volume as tar to the bucket", async () => {
    const [configMap, ...jobs] = exportObjects(target, await data()) as any[];
    expect([configMap.kind, configMap.metadata.name, configMap.metadata.namespace]).toEqual(["ConfigMap", "export-2026-11-22", "fede-educpop"]);
    expect(jobs.map((j) => j.metadata.name)).toEqual([
      "export-grist-2026-11-22", "export-hedgedoc-2026-11-22", "export-matrix-2026-11-22", "export-mobilizon-2026-11-22",
      "export-nextcloud-2026-11-22",
    ]);
    const matrix = jobs[2].spec.template.spec;
    expect(matrix.priorityClassName).toBe("jardin-export");
    expect(matrix.automountServiceAccountToken).toBe(false);
    expect(matrix.securityContext).toEqual({
      runAsNonRoot: true, runAsUser: 991, runAsGroup: 991, supplementalGroups: [991], seccompProfile: { type: "RuntimeDefault" },
    });
    expect(matrix.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].labelSelector.matchLabels).toEqual({
      "app.kubernetes.io/instance": "fede-educpop", "app.kubernetes.io/name": "matrix", "app.kubernetes.io/component": "synapse",
    });
    const [dump] = matrix.initContainers;
    expect([dump.image, dump.command, dump.env]).toEqual([
      "ghcr.io/cloudnative-pg/postgresql:17.6",
      ["bash", "-c", 'set -eo pipefail; pg_dump --format=plain --no-owner --no-privileges "$DATABASE_URI" | gzip > /work/matrix.sql.gz'],
      [{ name: "DATABASE_URI", valueFrom: { secretKeyRef: { name: "matrix-db-app", key: "uri" } } }],
    ]);
    const [upload] = matrix.containers;
    expect(upload.image).toBe(RCLONE_IMAGE);
    expect(upload.command).toEqual([
      "sh",
      "-c",
      "set -eo pipefail; " +
        "RCLONE_CONFIG_SEALED_PASSWORD=\"$(printf '%s\\n' \"$EXPORT_PASSWORD\" | rclone obscure -)\" && export RCLONE_CONFIG_SEALED_PASSWORD && " +
        "rclone copyto /work/matrix.sql.gz sealed:matrix/matrix.sql.gz && " +
        "tar -czf - -C /volumes/matrix-media . | rclone rcat sealed:matrix/matrix-media.tar.gz && " +
        "rclone copyto /manifest/manifest.json export:jardin-prod-backups/exports/fede-educpop/2026-11-22/manifest.json",
    ]);
    // Every byte of data goes through the crypt remote over the export's folder, keyed by the
    // tenant's own passphrase; only the manifest is written to the bucket directly.
    expect(upload.env.slice(0, 4)).toEqual([
      { name: "RCLONE_CONFIG_SEALED_TYPE", value: "crypt" },
      { name: "RCLONE_CONFIG_SEALED_REMOTE", value: "export:jardin-prod-backups/exports/fede-educpop/2026-11-22" },
      { name: "RCLONE_CONFIG_SEALED_FILENAME_ENCRYPTION", value: "off" },
      { name: "EXPORT_PASSWORD", valueFrom: { secretKeyRef: { name: "volume-backups", key: "export-password" } } },
    ]);
    for (const job of jobs) {
      const command: string = job.spec.template.spec.containers[0].command[2];
      const clearWrites = command.split(" && ").filter((step) => step.includes(" export:"));
      expect(clearWrites).toEqual([expect.stringMatching(/^rclone copyto \/manifest\/manifest\.json export:\S+\/manifest\.json$/)]);
    }
    expect(upload.volumeMounts).toContainEqual({ name: "matrix-media", mountPath: "/volumes/matrix-media", readOnly: true });
    expect(matrix.volumes).toContainEqual({ name: "matrix-media", persistentVolumeClaim: { claimName: "matrix-media", readOnly: true } });
    for (const container of [dump, upload]) {
      expect(container.securityContext).toEqual({
        runAsNonRoot: true, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] }, seccompProfile: { type: "RuntimeDefault" },
      });
      expect(container.resources.limits.memory).toBe("512Mi");
    }
    // Credentials from the tenant's Secret, never in clear.
    expect(upload.env.filter((e: any) => /KEY/.test(e.name)).every((e: any) => e.valueFrom?.secretKeyRef?.name === "volume-backups")).toBe(true);
    expect(jobs[0].spec.template.spec.initContainers).toBeUndefined();
  });

  it("still writes a Job when the app no longer runs: no affinity to wait for, an unprivileged user of its own", () => {
    const [, job] = exportObjects(target, { volumes: [{ app: "grist", claim: "grist-documents" }], databases: [] }) as any[];
    expect(job.spec.template.spec.affinity).toBeUndefined();
    expect(job.spec.template.spec.securityContext.runAsUser).toBe(65532);
  });

  it("reads a database recovered from backups (a move's new side) by the database its recovery names", () => {
    const newSide = prodPlan().snapshot.resources.filter((r) => isNewSide(r.urn));
    expect(tenantData(newSide, "amap-du-plateau").databases.map((d) => [d.cluster, d.database])).toEqual([["nextcloud-db", "nextcloud"]]);
  });
});
