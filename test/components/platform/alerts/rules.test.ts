import { describe, expect, it } from "vitest";
import { alertRules, type AlertRulesArgs } from "../../../../components/platform/alerts/rules";
import { customResourceRules, customResourceStateConfig } from "../../../../components/platform/alerts/custom-resource-metrics";
import { backupMaxAgeAnnotation, REQUIRED_ALERTS } from "../../../../model/contract/alerts";

const created: AlertRulesArgs = { etcdSnapshotSchedule: "0 */6 * * *" };
const byName = (args: AlertRulesArgs) => Object.fromEntries(alertRules(args).map((r) => [r.name, r]));

describe("a cluster's alert rules", () => {
  it("hold every required alert once, each with a summary and a remedy", () => {
    const rules = alertRules(created);
    expect(rules.map((r) => r.name).sort()).toEqual([...REQUIRED_ALERTS].sort());
    for (const r of rules) {
      expect(r.summary, r.name).not.toBe("");
      expect(r.remedy, r.name).not.toBe("");
    }
  });

  it("hold each archive and each namespace's volume backups to the age its own object allows (jardin's annotation)", () => {
    const succeeded = 'jardin_volume_backup_condition_timestamp_seconds{type="Completed",status="True",reason="Succeeded"}';
    const volumeMaxAge = "max by (namespace) (jardin_volume_backup_schedule_backup_max_age_seconds)";
    expect(byName(created)["VolumeBackupTooOld"]!.expr).toBe(
      `time() - max by (namespace) (${succeeded}) > on (namespace) ${volumeMaxAge} or (time() - max by (namespace) (jardin_volume_backup_schedule_created_timestamp_seconds) > on (namespace) ${volumeMaxAge} unless on (namespace) ${succeeded})`,
    );
    const storeMaxAge = "max by (namespace, name) (jardin_objectstore_backup_max_age_seconds)";
    expect(byName(created)["DatabaseBackupTooOld"]!.expr).toBe(
      `time() - jardin_objectstore_last_successful_backup_timestamp_seconds > on (namespace, name) group_left ${storeMaxAge} or (time() - jardin_objectstore_created_timestamp_seconds > on (namespace, name) ${storeMaxAge} unless on (namespace, name) jardin_objectstore_last_successful_backup_timestamp_seconds > 0)`,
    );
    expect(byName(created)["VolumeBackupFailed"]!.expr).toBe('time() - jardin_volume_backup_condition_timestamp_seconds{type="Completed",status="True",reason!="Succeeded"} < 86400');
  });

  it("give a schedule's object its allowed age: the longest gap between runs plus three hours", () => {
    expect(backupMaxAgeAnnotation("0 3 * * *")).toEqual({ "jardin/backup-max-age-seconds": "97200" });
    expect(backupMaxAgeAnnotation("0 2 * * 0")).toEqual({ "jardin/backup-max-age-seconds": "615600" });
  });

  it("alert at the thresholds the collective chose: 14 days of certificate, 85 % of a volume", () => {
    const rules = byName(created);
    expect(rules["CertificateExpiresSoon"]!.expr).toBe("jardin_certificate_not_after_timestamp_seconds - time() < 1209600");
    expect(rules["VolumeAlmostFull"]!.expr).toBe("kubelet_volume_stats_used_bytes / kubelet_volume_stats_capacity_bytes > 0.85");
    expect(rules["NodeNotReady"]!.expr).toBe('kube_node_status_condition{condition="Ready",status="true"} == 0');
    expect(rules["PodCrashLooping"]!.expr).toBe('max by (namespace, pod, container) (kube_pod_container_status_waiting_reason{reason="CrashLoopBackOff"}) == 1');
    expect(rules["VideobridgeUnreachable"]!.expr).toBe('kube_pod_container_status_ready{container="jvb"} == 0');
    expect(rules["DatabaseBackupFailed"]!.expr).toBe("jardin_objectstore_last_failed_backup_timestamp_seconds > jardin_objectstore_last_successful_backup_timestamp_seconds");
  });

  it("want an etcd snapshot on object storage within the created cluster's schedule, and only judge those that exist on an adopted one", () => {
    const onS3 = 'jardin_etcd_snapshot_created_timestamp_seconds{bucket!=""} and on (name) jardin_etcd_snapshot_ready == 1';
    expect(byName(created)["EtcdSnapshotMissing"]!.expr).toBe(`time() - max(${onS3}) > 32400 or absent(${onS3})`);
    expect(byName({ ...created, etcdSnapshotSchedule: undefined })["EtcdSnapshotMissing"]!.expr).toBe(`time() - max(${onS3}) > 32400`);
  });
});

describe("kube-state-metrics' custom resource metrics", () => {
  it("read the fields the rules use, from the kinds at their pinned versions, and may list and watch exactly those", () => {
    const config = customResourceStateConfig() as { spec: { resources: { groupVersionKind: { kind: string }; metricNamePrefix: string; metrics: { name: string; each: { gauge: Record<string, unknown> } }[] }[] } };
    const metrics = config.spec.resources.flatMap((r) => r.metrics.map((m) => [`${r.groupVersionKind.kind}`, `${r.metricNamePrefix}_${m.name}`, m.each.gauge]));
    expect(metrics).toEqual([
      ["ObjectStore", "jardin_objectstore_created_timestamp_seconds", { path: ["metadata", "creationTimestamp"] }],
      ["ObjectStore", "jardin_objectstore_backup_max_age_seconds", { path: ["metadata", "annotations", "jardin/backup-max-age-seconds"] }],
      ["ObjectStore", "jardin_objectstore_last_successful_backup_timestamp_seconds", { path: ["status", "serverRecoveryWindow"], valueFrom: ["lastSuccessfulBackupTime"], labelFromKey: "server", nilIsZero: true }],
      ["ObjectStore", "jardin_objectstore_last_failed_backup_timestamp_seconds", { path: ["status", "serverRecoveryWindow"], valueFrom: ["lastFailedBackupTime"], labelFromKey: "server", nilIsZero: true }],
      ["Backup", "jardin_volume_backup_condition_timestamp_seconds", { path: ["status", "conditions"], valueFrom: ["lastTransitionTime"], labelsFromPath: { type: ["type"], status: ["status"], reason: ["reason"] } }],
      ["Schedule", "jardin_volume_backup_schedule_created_timestamp_seconds", { path: ["metadata", "creationTimestamp"] }],
      ["Schedule", "jardin_volume_backup_schedule_backup_max_age_seconds", { path: ["metadata", "annotations", "jardin/backup-max-age-seconds"] }],
      ["Certificate", "jardin_certificate_not_after_timestamp_seconds", { path: ["status", "notAfter"] }],
      ["ETCDSnapshotFile", "jardin_etcd_snapshot_created_timestamp_seconds", { path: ["status", "creationTime"] }],
      ["ETCDSnapshotFile", "jardin_etcd_snapshot_ready", { path: ["status", "readyToUse"], nilIsZero: true }],
    ]);
    expect(customResourceRules()).toEqual([
      { apiGroups: ["barmancloud.cnpg.io"], resources: ["objectstores"], verbs: ["list", "watch"] },
      { apiGroups: ["cert-manager.io"], resources: ["certificates"], verbs: ["list", "watch"] },
      { apiGroups: ["k3s.cattle.io"], resources: ["etcdsnapshotfiles"], verbs: ["list", "watch"] },
      { apiGroups: ["k8up.io"], resources: ["backups", "schedules"], verbs: ["list", "watch"] },
    ]);
  });
});

describe("the objects the backup alerts read, in the prod plan", () => {
  it("each tenant's k8up Schedule and each scheduled database archive carry their allowed age", async () => {
    const { prodPlan } = await import("../../../helpers/plan");
    const { snapshot } = prodPlan();
    const annotated = (type: string) =>
      snapshot.resources.filter((r) => r.type === type).map((r) => [r.name, (r.inputs["metadata"] as { annotations?: Record<string, string> }).annotations?.["jardin/backup-max-age-seconds"]]);
    const schedules = annotated("kubernetes:k8up.io/v1:Schedule");
    const stores = annotated("kubernetes:barmancloud.cnpg.io/v1:ObjectStore");
    expect(schedules.length).toBeGreaterThan(0);
    expect(stores.length).toBeGreaterThan(0);
    // sante-solidaire backs up every 6 hours (6 h + 3 h); the others daily (24 h + 3 h).
    const expected = (name: unknown) => (String(name).startsWith("sante-solidaire") ? String(6 * 3600 + 3 * 3600) : "97200");
    expect(schedules.filter(([name, age]) => age !== expected(name))).toEqual([]);
    expect(stores.filter(([name, age]) => age !== expected(name))).toEqual([]);
  });
});
