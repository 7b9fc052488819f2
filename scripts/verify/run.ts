import type { TenantTargets } from "../../model/contract/verify-targets";
import { checkCertificate } from "./certificate-check";
import { checkClaim } from "./claims-check";
import type { VerifyContext } from "./context";
import { checkDatabaseBackup } from "./database-backups-check";
import { checkDiscovery } from "./discovery-check";
import { checkDns } from "./dns-check";
import { checkEtcdSnapshots } from "./etcd-snapshots-check";
import { checkHealth } from "./health-check";
import { kubeClient, type KubeClient } from "./kube-client";
import { checkLogin } from "./login-check";
import { checkNodes } from "./nodes-check";
import type { FleetOutputs } from "./outputs";
import { messageOf, problem, type CheckResult } from "./result";
import { checkVolumeBackup } from "./volume-backups-check";

/** Every check of the fleet the outputs describe, in a stable order: clusters first, then tenants. */
export async function verifyFleet(outputs: FleetOutputs, context: VerifyContext): Promise<CheckResult[]> {
  const clients = new Map<string, KubeClient | CheckResult>();
  for (const name of Object.keys(outputs.verify.clusters)) clients.set(name, clientFor(outputs, name, context));

  const clusters = Object.entries(outputs.verify.clusters).map(async ([name, cluster]) => {
    const kube = clients.get(name)!;
    if (!isClient(kube)) return [kube];
    return [
      await checkNodes(kube, name),
      ...(cluster.etcdSnapshotSchedule === undefined ? [] : [await checkEtcdSnapshots(context, kube, { cluster: name, schedule: cluster.etcdSnapshotSchedule })]),
    ];
  });
  const tenants = Object.entries(outputs.verify.tenants).map(([id, tenant]) => verifyTenant(outputs, context, id, tenant, clients.get(tenant.cluster)!));
  return [...(await Promise.all(clusters)).flat(), ...(await Promise.all(tenants)).flat()];
}

async function verifyTenant(outputs: FleetOutputs, context: VerifyContext, id: string, tenant: TenantTargets, kube: KubeClient | CheckResult): Promise<CheckResult[]> {
  const ingress = outputs.verify.clusters[tenant.cluster]!.ingress;
  const outside = Promise.all([
    ...tenant.hostnames.map((hostname) => checkDns(context, id, hostname, ingress)),
    // An archived tenant's names serve nothing (no Ingress, not even the maintenance page's).
    ...(tenant.state === "archived" ? [] : tenant.hostnames.map((hostname) => checkCertificate(context, id, hostname))),
    ...tenant.endpoints.map((endpoint) => checkHealth(context, id, tenant.namespace, endpoint)),
  ]);
  const discovery = await checkDiscovery(context, id, tenant.issuer);
  const logins = Promise.all(tenant.logins.map((login) => checkLogin(context, id, login, discovery.discovery)));
  const inside = isClient(kube)
    ? Promise.all([
        ...tenant.backups.databases.map((cluster) => checkDatabaseBackup(context, kube, { subject: id, namespace: tenant.namespace, cluster, schedule: tenant.backups.schedule })),
        ...(tenant.backups.volumes ? [checkVolumeBackup(context, kube, { subject: id, namespace: tenant.namespace, schedule: tenant.backups.schedule })] : []),
        ...tenant.claims.map((claim) => checkClaim(kube, { subject: id, namespace: tenant.namespace, claim })),
      ])
    : Promise.resolve([problem("fail", id, "backups and claims", `not checked: ${kube.detail}`, kube.remedy)]);
  return [...(await outside), discovery.result, ...(await logins), ...(await inside)];
}

function clientFor(outputs: FleetOutputs, cluster: string, context: VerifyContext): KubeClient | CheckResult {
  const kubeconfig = outputs.kubeconfigs[cluster];
  const subject = `cluster ${cluster}`;
  if (kubeconfig === undefined) return problem("fail", subject, "api", "the stack outputs no kubeconfig for it", "`pulumi up` (the stack outputs every cluster's kubeconfig), then run verify again");
  try {
    return kubeClient(kubeconfig, `kubeconfigs.${cluster}`, context.requestTimeoutMs);
  } catch (error) {
    return problem("fail", subject, "api", messageOf(error), "fix the cluster's kubeconfig (for an adopted cluster, its secret config kubeconfig-<cluster>), `pulumi up`");
  }
}

function isClient(value: KubeClient | CheckResult): value is KubeClient {
  return "get" in value;
}
