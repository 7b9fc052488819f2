import type { KubeClient } from "./kube-client";
import { messageOf, ok, problem, type CheckResult } from "./result";

/** A PersistentVolumeClaim's `status.phase` (core/v1): Pending, Bound or Lost. */
interface Claim {
  readonly status?: { readonly phase?: string };
}

/** A protected claim of the tenant exists and is Bound to its volume. */
export async function checkClaim(kube: KubeClient, target: { readonly subject: string; readonly namespace: string; readonly claim: string }): Promise<CheckResult> {
  const { subject, namespace, claim } = target;
  const check = `claim ${claim}`;
  const describe = `\`kubectl -n ${namespace} describe pvc ${claim}\` (its events say why: the storage class, the CSI driver, a volume in another location)`;
  let found;
  try {
    found = await kube.get<Claim>(`/api/v1/namespaces/${namespace}/persistentvolumeclaims/${claim}`);
  } catch (error) {
    return problem("fail", subject, check, `the cluster's API did not answer: ${messageOf(error)}`, "reach the API from one of adminCidrs with the stack's kubeconfig");
  }
  if (found === undefined) return problem("fail", subject, check, "no such claim", `it is protected in the stack: someone deleted it by hand; restore its data from the volume backups (README, Backups and restores), then \`pulumi up\``);
  const phase = found.status?.phase ?? "unknown";
  if (phase !== "Bound") return problem("fail", subject, check, phase, describe);
  return ok(subject, check, "Bound");
}
