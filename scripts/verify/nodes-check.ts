import type { KubeClient, List } from "./kube-client";
import { messageOf, ok, problem, type CheckResult } from "./result";

/** A Node's `status.conditions`, of which `Ready` (core/v1). */
export interface Node {
  readonly metadata: { readonly name: string };
  readonly status?: { readonly conditions?: readonly { readonly type: string; readonly status: string; readonly reason?: string }[] };
}

/** Every node of the cluster is Ready. */
export async function checkNodes(kube: KubeClient, cluster: string): Promise<CheckResult> {
  const subject = `cluster ${cluster}`;
  let list;
  try {
    list = await kube.get<List<Node>>("/api/v1/nodes");
  } catch (error) {
    return problem("fail", subject, "api", `the cluster's API did not answer: ${messageOf(error)}`, "reach the API from one of adminCidrs with the stack's kubeconfig (`pulumi stack output kubeconfigs --show-secrets`)");
  }
  const nodes = list?.items ?? [];
  const notReady = nodes.filter((n) => n.status?.conditions?.find((c) => c.type === "Ready")?.status !== "True");
  if (nodes.length === 0) return problem("fail", subject, "nodes", "the API lists no node", "look at the servers in the Hetzner Console and k3s on each (`systemctl status k3s`)");
  if (notReady.length > 0) {
    const names = notReady.map((n) => `${n.metadata.name} (${n.status?.conditions?.find((c) => c.type === "Ready")?.reason ?? "no Ready condition"})`);
    return problem("fail", subject, "nodes", `not Ready: ${names.join(", ")}`, "`kubectl describe node <name>`, then the server's k3s service (`journalctl -u k3s` or `k3s-agent`); its pods move once it is drained");
  }
  return ok(subject, "nodes", `${nodes.length} Ready`);
}
