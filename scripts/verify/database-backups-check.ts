import type { VerifyContext } from "./context";
import { judgeFreshness } from "./freshness";
import type { KubeClient, List } from "./kube-client";
import { messageOf, problem, type CheckResult } from "./result";

/**
 * The fields of a CloudNativePG `Backup` read here (postgresql.cnpg.io/v1, CRD kept in
 * test/contracts/crds/cloudnative-pg-0.29.0): `spec.cluster.name`, `status.phase` ("completed" or
 * "failed", api/v1/backup_types.go), `status.stoppedAt`, `status.error`. The Cluster's
 * `status.lastSuccessfulBackup` is "not set for backup plugins" (its CRD's description), and
 * jardin backs up through the barman-cloud plugin: the Backup objects are the record.
 */
export interface CnpgBackup {
  readonly metadata: { readonly name: string };
  readonly spec?: { readonly cluster?: { readonly name?: string } };
  readonly status?: { readonly phase?: string; readonly stoppedAt?: string; readonly error?: string };
}

/** The newest successful base backup of the database is younger than the tenant's schedule allows. */
export async function checkDatabaseBackup(
  context: VerifyContext,
  kube: KubeClient,
  target: { readonly subject: string; readonly namespace: string; readonly cluster: string; readonly schedule: string },
): Promise<CheckResult> {
  const { subject, namespace, cluster } = target;
  const line = {
    subject,
    check: `database backup ${cluster}`,
    remedy: `see the last backups: \`kubectl -n ${namespace} get backups.postgresql.cnpg.io\`, \`kubectl cnpg status ${cluster} -n ${namespace}\`; check the ScheduledBackup and the object storage keys`,
  };
  let list;
  try {
    list = await kube.get<List<CnpgBackup>>(`/apis/postgresql.cnpg.io/v1/namespaces/${namespace}/backups`);
  } catch (error) {
    return problem("fail", subject, line.check, `the cluster's API did not answer: ${messageOf(error)}`, "reach the API from one of adminCidrs with the stack's kubeconfig");
  }
  const mine = (list?.items ?? []).filter((b) => b.spec?.cluster?.name === cluster && b.status?.stoppedAt !== undefined);
  const newest = (phase: string) => mine.filter((b) => b.status?.phase === phase).sort((a, b) => Date.parse(b.status!.stoppedAt!) - Date.parse(a.status!.stoppedAt!))[0];
  const success = newest("completed");
  const failed = newest("failed");
  const failedLater = failed !== undefined && (success === undefined || Date.parse(failed.status!.stoppedAt!) > Date.parse(success.status!.stoppedAt!));
  return judgeFreshness(
    line,
    target.schedule,
    {
      ...(success === undefined ? {} : { lastSuccess: new Date(success.status!.stoppedAt!) }),
      ...(failedLater ? { failedSince: new Date(failed.status!.stoppedAt!), failure: `${failed.metadata.name}: ${failed.status?.error ?? "failed"}` } : {}),
    },
    context.now,
  );
}
