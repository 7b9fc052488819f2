import { BACKUP_MAX_AGE_ANNOTATION } from "../../../model/contract/alerts";

/**
 * Metrics kube-state-metrics makes of custom resources' status, so that every alert about backups,
 * certificates and etcd snapshots reads objects the API server already holds: nothing scrapes a
 * tenant's database pods nor cert-manager's, and no NetworkPolicy opens a tenant namespace to the
 * monitoring one. kube-state-metrics' CustomResourceStateMetrics (v2.20.0, the pinned chart's
 * appVersion; docs/metrics/extend/customresourcestate-metrics.md): a metric is
 * `<metricNamePrefix>_<name>`, and an RFC 3339 timestamp becomes its Unix seconds
 * (pkg/customresourcestate/registry_factory.go, toFloat64).
 */

/** One metric of a custom resource, a gauge read at `path` (each entry of a list or map there). */
interface CustomResourceGauge {
  readonly name: string;
  readonly help: string;
  readonly path: readonly string[];
  /** Inside each entry of a list or map at `path`. */
  readonly valueFrom?: readonly string[];
  /** Labels from each entry. */
  readonly labelsFromPath?: Readonly<Record<string, readonly string[]>>;
  /** For a map at `path`: the label its keys go into. */
  readonly labelFromKey?: string;
  /** A missing value counts as 0 (a time never reached: as old as can be). */
  readonly nilIsZero?: boolean;
}

interface CustomResourceMetrics {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  /** Its plural, for the role that lets kube-state-metrics list and watch it. */
  readonly plural: string;
  readonly prefix: string;
  readonly labelsFromPath: Readonly<Record<string, readonly string[]>>;
  readonly gauges: readonly CustomResourceGauge[];
}

const NAMESPACED = { namespace: ["metadata", "namespace"], name: ["metadata", "name"] } as const;
const CREATED: CustomResourceGauge = { name: "created_timestamp_seconds", help: "When the object was created.", path: ["metadata", "creationTimestamp"] };
/** jardin's annotation on a backup schedule's object (model/contract/alerts.ts): absent, no series. */
const MAX_AGE: CustomResourceGauge = { name: "backup_max_age_seconds", help: "How old its last successful backup may be.", path: ["metadata", "annotations", BACKUP_MAX_AGE_ANNOTATION] };

/**
 * Each custom resource jardin alerts on, with the fields read at the pinned versions:
 * - barman-cloud's ObjectStore (plugin v0.13.0, api/v1/objectstore_types.go, and the CRD contract
 *   test/contracts/crds/plugin-barman-cloud-0.7.0): `status.serverRecoveryWindow.<server>`
 *   `.lastSuccessfulBackupTime` / `.lastFailedBackupTime`, the same figures the plugin's own
 *   metrics report (internal/cnpgi/instance/metrics.go);
 * - k8up's Backup (v2.15.0, api/v1/status.go): condition `Completed` true with reason `Succeeded`
 *   or any other reason (a failure), and its Schedule;
 * - cert-manager's Certificate (v1.21.1): `status.notAfter`;
 * - k3s's ETCDSnapshotFile (k3s.cattle.io/v1, pkg/apis/k3s.cattle.io/v1/types.go): one per
 *   snapshot, local or on S3 (`spec.s3`), `status.creationTime` and `status.readyToUse`.
 */
export const CUSTOM_RESOURCE_METRICS = {
  objectStore: {
    group: "barmancloud.cnpg.io", version: "v1", kind: "ObjectStore", plural: "objectstores",
    prefix: "jardin_objectstore", labelsFromPath: NAMESPACED,
    gauges: [
      CREATED,
      MAX_AGE,
      { name: "last_successful_backup_timestamp_seconds", help: "The last successful base backup of each server archived there.", path: ["status", "serverRecoveryWindow"], labelFromKey: "server", valueFrom: ["lastSuccessfulBackupTime"], nilIsZero: true },
      { name: "last_failed_backup_timestamp_seconds", help: "The last failed base backup of each server archived there.", path: ["status", "serverRecoveryWindow"], labelFromKey: "server", valueFrom: ["lastFailedBackupTime"], nilIsZero: true },
    ],
  },
  volumeBackup: {
    group: "k8up.io", version: "v1", kind: "Backup", plural: "backups",
    prefix: "jardin_volume_backup", labelsFromPath: NAMESPACED,
    gauges: [
      { name: "condition_timestamp_seconds", help: "When each condition of the backup last changed.", path: ["status", "conditions"], valueFrom: ["lastTransitionTime"], labelsFromPath: { type: ["type"], status: ["status"], reason: ["reason"] } },
    ],
  },
  volumeBackupSchedule: {
    group: "k8up.io", version: "v1", kind: "Schedule", plural: "schedules",
    prefix: "jardin_volume_backup_schedule", labelsFromPath: NAMESPACED,
    gauges: [CREATED, MAX_AGE],
  },
  certificate: {
    group: "cert-manager.io", version: "v1", kind: "Certificate", plural: "certificates",
    prefix: "jardin_certificate", labelsFromPath: NAMESPACED,
    gauges: [{ name: "not_after_timestamp_seconds", help: "When the certificate expires.", path: ["status", "notAfter"] }],
  },
  etcdSnapshot: {
    group: "k3s.cattle.io", version: "v1", kind: "ETCDSnapshotFile", plural: "etcdsnapshotfiles",
    prefix: "jardin_etcd_snapshot",
    labelsFromPath: { name: ["metadata", "name"], node: ["spec", "nodeName"], bucket: ["spec", "s3", "bucket"] },
    gauges: [
      { name: "created_timestamp_seconds", help: "When etcd took the snapshot.", path: ["status", "creationTime"] },
      { name: "ready", help: "1 when the snapshot can be restored.", path: ["status", "readyToUse"], nilIsZero: true },
    ],
  },
} as const satisfies Readonly<Record<string, CustomResourceMetrics>>;

/** The name kube-state-metrics gives one gauge of one custom resource. */
export function metricName<K extends keyof typeof CUSTOM_RESOURCE_METRICS>(kind: K, gauge: (typeof CUSTOM_RESOURCE_METRICS)[K]["gauges"][number]["name"]): string {
  return `${CUSTOM_RESOURCE_METRICS[kind].prefix}_${gauge}`;
}

/** kube-state-metrics' CustomResourceStateMetrics configuration for every resource above. */
export function customResourceStateConfig(): Record<string, unknown> {
  const resources: readonly CustomResourceMetrics[] = Object.values(CUSTOM_RESOURCE_METRICS);
  return {
    kind: "CustomResourceStateMetrics",
    spec: {
      resources: resources.map((r) => ({
        groupVersionKind: { group: r.group, version: r.version, kind: r.kind },
        metricNamePrefix: r.prefix,
        labelsFromPath: r.labelsFromPath,
        metrics: r.gauges.map((g) => ({
          name: g.name,
          help: g.help,
          each: {
            type: "Gauge",
            gauge: {
              path: g.path,
              ...(g.valueFrom === undefined ? {} : { valueFrom: g.valueFrom }),
              ...(g.labelsFromPath === undefined ? {} : { labelsFromPath: g.labelsFromPath }),
              ...(g.labelFromKey === undefined ? {} : { labelFromKey: g.labelFromKey }),
              ...(g.nilIsZero === true ? { nilIsZero: true } : {}),
            },
          },
        })),
      })),
    },
  };
}

/** What kube-state-metrics' role must let it list and watch for these metrics. */
export function customResourceRules(): { apiGroups: string[]; resources: string[]; verbs: string[] }[] {
  const resources: readonly CustomResourceMetrics[] = Object.values(CUSTOM_RESOURCE_METRICS);
  const groups = [...new Set(resources.map((r) => r.group))].sort();
  return groups.map((group) => ({
    apiGroups: [group],
    resources: resources.filter((r) => r.group === group).map((r) => r.plural).sort(),
    verbs: ["list", "watch"],
  }));
}
