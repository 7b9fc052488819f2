import type { VerifyContext } from "./context";
import { judgeFreshness } from "./freshness";
import type { KubeClient, List } from "./kube-client";
import { messageOf, problem, type CheckResult } from "./result";

/**
 * The fields of k3s's `ETCDSnapshotFile` read here (k3s.cattle.io/v1, cluster-scoped; CRD kept in
 * test/contracts/crds/k3s-api-v0.1.2): `spec.s3`, set on every snapshot uploaded to object
 * storage, and `status.creationTime`, `status.readyToUse`, `status.error`. Only snapshots in
 * object storage count: a snapshot on a server's disk goes with the server.
 */
export interface EtcdSnapshotFile {
  readonly metadata: { readonly name: string };
  readonly spec?: { readonly nodeName?: string; readonly location?: string; readonly s3?: object };
  readonly status?: { readonly creationTime?: string; readonly readyToUse?: boolean; readonly error?: { readonly message?: string; readonly time?: string } };
}

/** The cluster's newest etcd snapshot in object storage is younger than its schedule allows. */
export async function checkEtcdSnapshots(
  context: VerifyContext,
  kube: KubeClient,
  target: { readonly cluster: string; readonly schedule: string },
): Promise<CheckResult> {
  const subject = `cluster ${target.cluster}`;
  const line = {
    subject,
    check: "etcd snapshots",
    remedy: "see `kubectl get etcdsnapshotfiles` and the k3s log of each control-plane server (`journalctl -u k3s | grep -i snapshot`); check the etcd snapshots' object storage keys (README, Running it for real)",
  };
  let list;
  try {
    list = await kube.get<List<EtcdSnapshotFile>>("/apis/k3s.cattle.io/v1/etcdsnapshotfiles");
  } catch (error) {
    return problem("fail", subject, line.check, `the cluster's API did not answer: ${messageOf(error)}`, "reach the API from one of adminCidrs with the stack's kubeconfig");
  }
  const stored = (list?.items ?? []).filter((s) => s.spec?.s3 !== undefined && s.status?.creationTime !== undefined);
  const newest = (ready: boolean) => stored.filter((s) => (s.status?.readyToUse === true) === ready).sort((a, b) => Date.parse(b.status!.creationTime!) - Date.parse(a.status!.creationTime!))[0];
  const success = newest(true);
  const failed = newest(false);
  const failedLater = failed !== undefined && (success === undefined || Date.parse(failed.status!.creationTime!) > Date.parse(success.status!.creationTime!));
  return judgeFreshness(
    line,
    target.schedule,
    {
      ...(success === undefined ? {} : { lastSuccess: new Date(success.status!.creationTime!) }),
      ...(failedLater ? { failedSince: new Date(failed.status!.creationTime!), failure: `${failed.metadata.name}: ${failed.status?.error?.message ?? "not ready to use"}` } : {}),
    },
    context.now,
  );
}
