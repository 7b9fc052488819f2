import { VOLUME_BACKUP_ANNOTATION } from "../../../components/workload/volume-claim";
import type { ChangedResource, OwnerDiff } from "../diff";
import type { SnapshotResource } from "../snapshot";
import { refused, type GateContext, type GateFinding } from "./finding";
import { inputAt as at, inputString as str, isRecord } from "./inputs";

const OBJECT_STORE = "kubernetes:barmancloud.cnpg.io/v1:ObjectStore";
const DATABASE = "kubernetes:postgresql.cnpg.io/v1:Cluster";
const SCHEDULED_BACKUP = "kubernetes:postgresql.cnpg.io/v1:ScheduledBackup";
const VOLUME_BACKUPS = "kubernetes:k8up.io/v1:Schedule";
const CLAIM = "kubernetes:core/v1:PersistentVolumeClaim";

/** The barman-cloud plugin's name on a CloudNativePG Cluster (components/workload/postgres.ts). */
const BARMAN_PLUGIN = "barman-cloud.cloudnative-pg.io";

/**
 * What keeps a tenant's backups running and its archives apart, guarded like its data: WAL
 * archiving, the schedules, retention, the bucket, a path that names the tenant, and the claims
 * volume backups take. Each refusal but a mixed path can be declared as a migration.
 */
export function backupFindings({ diffs }: GateContext): GateFinding[] {
  return diffs.flatMap((diff) => [
    ...diff.changed.flatMap((change) => weakened(diff, change)),
    ...(diff.owner.kind === "tenant" ? [...diff.added, ...diff.changed.map((c) => c.resource)].flatMap((r) => mixedPath(diff, r)) : []),
  ]);
}

function weakened(diff: OwnerDiff, { resource, before }: ChangedResource): GateFinding[] {
  const migration = (what: string, happens: string) =>
    refused(diff.owner, resource, what, `put it back; to change it on purpose, declare a migration naming ${resource.name} in the fleet file (declaredChanges.migrations) that says what happens to the archives`, {
      kind: "migrations",
      happens,
    });
  switch (resource.type) {
    case DATABASE:
      return walArchiving(before) && !walArchiving(resource)
        ? [migration("stops archiving its WAL: no point-in-time recovery, and base backups fail without it", "WAL archiving stops; the archives already made stay in the bucket")]
        : [];
    case OBJECT_STORE: {
      const findings: GateFinding[] = [];
      const [bucketBefore, bucketAfter] = [before, resource].map((r) => bucketOf(str(r, "spec.configuration.destinationPath")));
      if (bucketBefore !== bucketAfter) {
        findings.push(migration(`moves its archive from bucket ${bucketBefore} to ${bucketAfter}: the old archive is no longer written, and a restore reads the new, empty one`, `new archives go to ${bucketAfter}; the old ones stay in ${bucketBefore}`));
      }
      const [daysBefore, daysAfter] = [before, resource].map((r) => retentionDays(str(r, "spec.retentionPolicy")));
      if (daysBefore !== undefined && (daysAfter === undefined || daysAfter < daysBefore)) {
        findings.push(migration(`cuts its retention from ${str(before, "spec.retentionPolicy")} to ${str(resource, "spec.retentionPolicy") ?? "nothing"}: the next run deletes the history beyond it`, "the history beyond the new retention is deleted at the next run"));
      }
      return findings;
    }
    case SCHEDULED_BACKUP:
      return isScheduled(before, "spec.schedule") && at(before, "spec.suspend") !== true && (!isScheduled(resource, "spec.schedule") || at(resource, "spec.suspend") === true)
        ? [migration("stops the database's scheduled base backups", "no new base backup is taken")]
        : [];
    case VOLUME_BACKUPS: {
      const findings: GateFinding[] = [];
      if (isScheduled(before, "spec.backup.schedule") && !isScheduled(resource, "spec.backup.schedule")) {
        findings.push(migration("stops the tenant's volume backups (its backup schedule is removed or empty)", "no new volume backup is taken"));
      }
      const cut = retentionCuts(record(at(before, "spec.prune.retention")), record(at(resource, "spec.prune.retention")));
      if (cut.length > 0) findings.push(migration(`cuts its retention (${cut.join(", ")}): the next prune deletes the history beyond it`, "the history beyond the new retention is pruned"));
      const [bucketBefore, bucketAfter] = [before, resource].map((r) => bucketOf(str(r, "spec.backend.s3.bucket")));
      if (bucketBefore !== bucketAfter) {
        findings.push(migration(`moves its repository from bucket ${bucketBefore} to ${bucketAfter}: the old snapshots are no longer written, and a restore reads the new, empty one`, `new snapshots go to ${bucketAfter}; the old ones stay in ${bucketBefore}`));
      }
      return findings;
    }
    case CLAIM:
      return backedUp(before) && !backedUp(resource)
        ? [migration("is no longer taken by the volume backups (its k8up.io/backup annotation is no longer \"true\")", "its files are no longer backed up")]
        : [];
    default:
      return [];
  }
}

/** A backup path must name its tenant: two tenants under one path mix their archives, and a restore may pick another organisation's. */
function mixedPath(diff: OwnerDiff, resource: SnapshotResource): GateFinding[] {
  const tenant = diff.owner.kind === "tenant" ? diff.owner.id : "";
  const path = resource.type === OBJECT_STORE ? str(resource, "spec.configuration.destinationPath") : resource.type === VOLUME_BACKUPS ? str(resource, "spec.backend.s3.bucket") : undefined;
  if (path === undefined || path.replace(/^s3:\/\//, "").split("/").slice(1).includes(tenant)) return [];
  return [
    refused(diff.owner, resource, `writes its backups to ${path}, a path that does not name the tenant: its archives could mix with another organisation's`, `keep the tenant's id as a folder of the path (…/${tenant}/…)`),
  ];
}

/** k8up runs with skipWithoutAnnotation (components/platform/k8up.ts): it takes only the claims annotated "true". */
function backedUp(claim: SnapshotResource): boolean {
  const annotations = at(claim, "metadata.annotations");
  return isRecord(annotations) && annotations[VOLUME_BACKUP_ANNOTATION] === "true";
}

function walArchiving(resource: SnapshotResource): boolean {
  const plugins = at(resource, "spec.plugins");
  return Array.isArray(plugins) && plugins.some((p) => isRecord(p) && p["name"] === BARMAN_PLUGIN && p["isWALArchiver"] === true);
}

function isScheduled(resource: SnapshotResource, path: string): boolean {
  const schedule = str(resource, path);
  return schedule !== undefined && schedule.trim() !== "";
}

/** `jardin-prod-backups` from `s3://jardin-prod-backups/x/y` or `jardin-prod-backups/x/y`. */
function bucketOf(path: string | undefined): string | undefined {
  return path?.replace(/^s3:\/\//, "").split("/")[0];
}

/** Barman's retention policy, `<n>d|w|m`, in days. https://cloudnative-pg.io/plugin-barman-cloud/docs/retention/ */
function retentionDays(policy: string | undefined): number | undefined {
  const match = /^(\d+)([dwm])$/.exec(policy ?? "");
  if (match === null) return undefined;
  return Number(match[1]) * { d: 1, w: 7, m: 30 }[match[2] as "d" | "w" | "m"];
}

/** k8up's `keep*` counts that shrank or went. */
function retentionCuts(before: Record<string, unknown> | undefined, after: Record<string, unknown> | undefined): string[] {
  return Object.entries(before ?? {}).flatMap(([key, value]) => {
    const now = after?.[key];
    return typeof value === "number" && (typeof now !== "number" || now < value) ? [`${key} ${value} → ${now ?? "none"}`] : [];
  });
}

function record(value: unknown): Record<string, unknown> | undefined {
  return isRecord(value) ? value : undefined;
}
