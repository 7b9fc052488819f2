import { BACKUP_GRACE_SECONDS, CERTIFICATE_WARNING_DAYS, VOLUME_FULL_RATIO, type RequiredAlert } from "../../../model/contract/alerts";
import { cronLongestGapMinutes } from "../../../model/cron";
import { DEFAULT_ETCD_SNAPSHOT_SCHEDULE } from "../../../model/fleet";
import { CUSTOM_RESOURCE_METRICS, metricName } from "./custom-resource-metrics";

/** A Prometheus duration as vmalert reads a rule's `for`. */
export type Duration = `${number}${"s" | "m" | "h" | "d"}`;

/** One alerting rule: what it watches, how long before it fires, and what the gardener does. */
export interface AlertRule {
  readonly name: RequiredAlert;
  /** MetricsQL (PromQL-compatible); a series it returns is an alert. */
  readonly expr: string;
  /** How long the expression must hold before the alert fires. */
  readonly for: Duration;
  readonly severity: "critical" | "warning";
  /** One line: what is wrong, with the alert's labels in Go templates (`{{ $labels.namespace }}`). */
  readonly summary: string;
  /** What to do about it. */
  readonly remedy: string;
}

/** What one cluster's rules depend on. */
export interface AlertRulesArgs {
  /** A created cluster's etcd snapshots are jardin's (k3s `etcd-snapshot-schedule-cron`); an adopted one's may not exist. */
  readonly etcdSnapshotSchedule: string | undefined;
}

const DAY_SECONDS = 24 * 3600;

/**
 * Every alert of one cluster. Backups, certificates and etcd snapshots are read from their
 * objects through kube-state-metrics (custom-resource-metrics.ts); nodes and pods from its
 * built-in metrics (kube_node_status_condition, kube_pod_container_status_waiting_reason,
 * kube_pod_container_status_ready: https://github.com/kubernetes/kube-state-metrics/tree/v2.20.0/docs/metrics);
 * volumes from each kubelet's `kubelet_volume_stats_*` (the kubelet's /metrics).
 */
export function alertRules(args: AlertRulesArgs): AlertRule[] {
  const objectStore = (gauge: (typeof CUSTOM_RESOURCE_METRICS)["objectStore"]["gauges"][number]["name"]) => metricName("objectStore", gauge);
  const volumeBackup = metricName("volumeBackup", "condition_timestamp_seconds");
  const volumeSchedule = (gauge: (typeof CUSTOM_RESOURCE_METRICS)["volumeBackupSchedule"]["gauges"][number]["name"]) => metricName("volumeBackupSchedule", gauge);
  const succeeded = `${volumeBackup}{type="Completed",status="True",reason="Succeeded"}`;
  // Each archive and each namespace's schedule carries its own allowed age (BACKUP_MAX_AGE_ANNOTATION).
  const storeMaxAge = `max by (namespace, name) (${objectStore("backup_max_age_seconds")})`;
  const volumeMaxAge = `max by (namespace) (${volumeSchedule("backup_max_age_seconds")})`;
  return [
    {
      name: "DatabaseBackupFailed",
      expr: `${objectStore("last_failed_backup_timestamp_seconds")} > ${objectStore("last_successful_backup_timestamp_seconds")}`,
      for: "5m",
      severity: "critical",
      summary: "The last base backup of database {{ $labels.server }} in {{ $labels.namespace }} failed",
      remedy: "kubectl -n {{ $labels.namespace }} get backups.postgresql.cnpg.io and describe the failed one; check the barman-cloud plugin's logs in cnpg-system and the object storage keys (backupsAccessKeyId), then take one by hand (kubectl cnpg backup)",
    },
    {
      name: "DatabaseBackupTooOld",
      // A server's last success too old, or an archive store older than its schedule with no success at all.
      expr: `time() - ${objectStore("last_successful_backup_timestamp_seconds")} > on (namespace, name) group_left ${storeMaxAge} or (time() - ${objectStore("created_timestamp_seconds")} > on (namespace, name) ${storeMaxAge} unless on (namespace, name) ${objectStore("last_successful_backup_timestamp_seconds")} > 0)`,
      for: "15m",
      severity: "critical",
      summary: "No base backup of a database in {{ $labels.namespace }} ({{ $labels.name }}) within its schedule",
      remedy: "kubectl -n {{ $labels.namespace }} get scheduledbackups,backups.postgresql.cnpg.io: is the ScheduledBackup there and are backups failing? Check the instance's and the barman-cloud plugin's logs, then take one by hand (kubectl cnpg backup)",
    },
    {
      name: "VolumeBackupFailed",
      expr: `time() - ${volumeBackup}{type="Completed",status="True",reason!="Succeeded"} < ${DAY_SECONDS}`,
      for: "1m",
      severity: "critical",
      summary: "The volume backup {{ $labels.name }} in {{ $labels.namespace }} failed ({{ $labels.reason }})",
      remedy: "kubectl -n {{ $labels.namespace }} describe backups.k8up.io {{ $labels.name }} and read its Job's logs; check the restic repository's password (Secret volume-backups) and the object storage keys",
    },
    {
      name: "VolumeBackupTooOld",
      expr: `time() - max by (namespace) (${succeeded}) > on (namespace) ${volumeMaxAge} or (time() - max by (namespace) (${volumeSchedule("created_timestamp_seconds")}) > on (namespace) ${volumeMaxAge} unless on (namespace) ${succeeded})`,
      for: "15m",
      severity: "critical",
      summary: "No successful volume backup in {{ $labels.namespace }} within its schedule",
      remedy: "kubectl -n {{ $labels.namespace }} get schedules.k8up.io,backups.k8up.io: is the Schedule there, do its backups fail or never start? Check the k8up operator's logs in the k8up namespace",
    },
    {
      name: "CertificateExpiresSoon",
      expr: `${metricName("certificate", "not_after_timestamp_seconds")} - time() < ${CERTIFICATE_WARNING_DAYS * DAY_SECONDS}`,
      for: "1h",
      severity: "warning",
      summary: `The certificate {{ $labels.name }} in {{ $labels.namespace }} expires within ${CERTIFICATE_WARNING_DAYS} days`,
      remedy: "kubectl -n {{ $labels.namespace }} describe certificate {{ $labels.name }} and its CertificateRequest and Challenge: cert-manager renews 30 days ahead, so a renewal is failing (DNS not pointing at the ingress, HTTP-01 solver unreachable, Let's Encrypt rate limit)",
    },
    {
      name: "VolumeAlmostFull",
      expr: `kubelet_volume_stats_used_bytes / kubelet_volume_stats_capacity_bytes > ${VOLUME_FULL_RATIO}`,
      for: "15m",
      severity: "warning",
      summary: `The volume {{ $labels.persistentvolumeclaim }} in {{ $labels.namespace }} is more than ${Math.round(VOLUME_FULL_RATIO * 100)} % full`,
      remedy: "Grow it: raise the app's size in the tenant file (e.g. apps.nextcloud.storageGiB) in a pull request; the Retain class expands claims in place. Or ask the organisation to clean up",
    },
    {
      name: "NodeNotReady",
      expr: `kube_node_status_condition{condition="Ready",status="true"} == 0`,
      for: "5m",
      severity: "critical",
      summary: "The node {{ $labels.node }} is not Ready",
      remedy: "kubectl describe node {{ $labels.node }}; if the machine is gone or stuck, follow README's 'Replace a dead node'",
    },
    {
      name: "EtcdSnapshotMissing",
      expr: etcdSnapshotExpr(args.etcdSnapshotSchedule),
      for: "15m",
      severity: "critical",
      summary: "No etcd snapshot on object storage within its schedule",
      remedy: "kubectl get etcdsnapshotfiles; on a control-plane server, journalctl -u k3s | grep -i snapshot: check the etcd-s3 settings and keys in /etc/rancher/k3s/config.yaml, then k3s etcd-snapshot save",
    },
    {
      name: "PodCrashLooping",
      expr: `max by (namespace, pod, container) (kube_pod_container_status_waiting_reason{reason="CrashLoopBackOff"}) == 1`,
      for: "15m",
      severity: "warning",
      summary: "The container {{ $labels.container }} of {{ $labels.namespace }}/{{ $labels.pod }} keeps crashing",
      remedy: "kubectl -n {{ $labels.namespace }} logs {{ $labels.pod }} -c {{ $labels.container }} --previous, and describe the pod (OOMKilled: raise its memory in the app's component)",
    },
    {
      name: "VideobridgeUnreachable",
      // The videobridge's readiness probe asks its own /about/health (components/apps/jitsi.ts).
      expr: `kube_pod_container_status_ready{container="jvb"} == 0`,
      for: "5m",
      severity: "critical",
      summary: "The videobridge of {{ $labels.namespace }} does not answer its health check: video calls fail",
      remedy: "kubectl -n {{ $labels.namespace }} logs deploy/jitsi-meet -c jvb and describe the pod; check the media NodePort's UDP port is open on every node (pulumi stack output byHand on an adopted cluster)",
    },
  ];
}

/**
 * The newest snapshot on object storage, ready to restore, older than the schedule allows. Where
 * jardin does not configure the snapshots (an adopted cluster), only snapshots that exist are
 * held to the default schedule: no series at all says nothing there.
 */
function etcdSnapshotExpr(schedule: string | undefined): string {
  const created = metricName("etcdSnapshot", "created_timestamp_seconds");
  const ready = metricName("etcdSnapshot", "ready");
  const onS3 = `${created}{bucket!=""} and on (name) ${ready} == 1`;
  const maxAge = (cronLongestGapMinutes(schedule ?? DEFAULT_ETCD_SNAPSHOT_SCHEDULE) * 60) + BACKUP_GRACE_SECONDS;
  const stale = `time() - max(${onS3}) > ${maxAge}`;
  return schedule === undefined ? stale : `${stale} or absent(${onS3})`;
}
