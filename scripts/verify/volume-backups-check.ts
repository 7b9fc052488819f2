import type { VerifyContext } from "./context";
import { judgeFreshness } from "./freshness";
import type { KubeClient, List } from "./kube-client";
import { messageOf, problem, type CheckResult } from "./result";

/**
 * The fields of a k8up `Backup` read here (k8up.io/v1, CRD kept in test/contracts/crds/k8up-4.9.0):
 * its `status.conditions`. A backup has succeeded when its `Completed` condition is True with
 * reason `Succeeded`, and failed when it is True with another reason (api/v1/status.go,
 * HasSucceeded and HasFailed, at k8up v2.15.0); the condition's lastTransitionTime is when.
 */
export interface K8upBackup {
  readonly metadata: { readonly name: string };
  readonly status?: { readonly conditions?: readonly { readonly type: string; readonly status: string; readonly reason?: string; readonly message?: string; readonly lastTransitionTime?: string }[] };
}

/** The tenant's newest successful volume backup (k8up) is younger than its schedule allows. */
export async function checkVolumeBackup(
  context: VerifyContext,
  kube: KubeClient,
  target: { readonly subject: string; readonly namespace: string; readonly schedule: string },
): Promise<CheckResult> {
  const { subject, namespace } = target;
  const line = {
    subject,
    check: "volume backup",
    remedy: `see the last backups and their pods' logs: \`kubectl -n ${namespace} get backups.k8up.io\`; check the volume-backups Schedule and the object storage keys`,
  };
  let list;
  try {
    list = await kube.get<List<K8upBackup>>(`/apis/k8up.io/v1/namespaces/${namespace}/backups`);
  } catch (error) {
    return problem("fail", subject, line.check, `the cluster's API did not answer: ${messageOf(error)}`, "reach the API from one of adminCidrs with the stack's kubeconfig");
  }
  const finished = (list?.items ?? []).flatMap((backup) => {
    const completed = backup.status?.conditions?.find((c) => c.type === "Completed" && c.status === "True" && c.lastTransitionTime !== undefined);
    return completed === undefined ? [] : [{ name: backup.metadata.name, at: new Date(completed.lastTransitionTime!), succeeded: completed.reason === "Succeeded", message: completed.message }];
  });
  const newest = (succeeded: boolean) => finished.filter((b) => b.succeeded === succeeded).sort((a, b) => b.at.getTime() - a.at.getTime())[0];
  const success = newest(true);
  const failed = newest(false);
  const failedLater = failed !== undefined && (success === undefined || failed.at > success.at);
  return judgeFreshness(
    line,
    target.schedule,
    {
      ...(success === undefined ? {} : { lastSuccess: success.at }),
      ...(failedLater ? { failedSince: failed.at, failure: `${failed.name}: ${failed.message ?? "failed"}` } : {}),
    },
    context.now,
  );
}
