import { cronLongestGapMinutes } from "../cron";

/**
 * The alerts every cluster's rule set must hold (issue: "a backup failed or older than its
 * schedule, a certificate expiring within 14 days, a volume above 85 %, a node not Ready, an etcd
 * snapshot missing, a pod crash-looping, the videobridge unreachable"). The platform writes them
 * (components/platform/alerts/rules.ts) and the policy `alert-rules-present` asks each cluster for
 * every one of them: one list, so the two can never disagree.
 */
export const REQUIRED_ALERTS = [
  "DatabaseBackupFailed",
  "DatabaseBackupTooOld",
  "VolumeBackupFailed",
  "VolumeBackupTooOld",
  "CertificateExpiresSoon",
  "VolumeAlmostFull",
  "NodeNotReady",
  "EtcdSnapshotMissing",
  "PodCrashLooping",
  "VideobridgeUnreachable",
] as const;

export type RequiredAlert = (typeof REQUIRED_ALERTS)[number];

/** Where the alert objects live: VictoriaMetrics' VMRule kind, in the monitoring namespace. */
export const ALERT_RULE_KIND = { apiVersion: "operator.victoriametrics.com/v1beta1", kind: "VMRule" } as const;

/** A certificate expiring within this many days is alerted on. */
export const CERTIFICATE_WARNING_DAYS = 14;

/** A volume fuller than this share is alerted on. */
export const VOLUME_FULL_RATIO = 0.85;

/**
 * The annotation a backup schedule's object carries (a tenant's k8up Schedule, a database's
 * ObjectStore): how old, in seconds, its last successful backup may be. The alerts read it from the
 * object, so each is held to its own schedule without the cluster's rules knowing its tenants.
 */
export const BACKUP_MAX_AGE_ANNOTATION = "jardin/backup-max-age-seconds";

/** Time for a backup to run, on top of its schedule's longest gap. */
export const BACKUP_GRACE_SECONDS = 3 * 3600;

/** The annotation for a cron schedule: its longest gap between runs, and the grace. */
export function backupMaxAgeAnnotation(schedule: string): Record<string, string> {
  return { [BACKUP_MAX_AGE_ANNOTATION]: String((cronLongestGapMinutes(schedule) * 60) + BACKUP_GRACE_SECONDS) };
}
