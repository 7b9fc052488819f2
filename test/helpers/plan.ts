import { recordPlan, type RecordedPlan } from "../../scripts/plan/record";
import type { SnapshotResource } from "../../scripts/plan/snapshot";
import { ROOT_DIR, writeTenantDir } from "./declarations";

/** The prod stack's plan with these tenant files instead of the repository's. */
export function planWithTenants(files: Readonly<Record<string, unknown>>): Promise<RecordedPlan> {
  return recordPlan({ rootDir: ROOT_DIR, stack: "prod", tenantsDir: writeTenantDir(files) });
}

export function resourceAt(resources: readonly SnapshotResource[], urn: string): SnapshotResource {
  const found = resources.find((r) => r.urn === urn);
  if (found === undefined) throw new Error(`no resource ${urn}; have:\n${resources.map((r) => r.urn).join("\n")}`);
  return found;
}

export const URN = {
  tenant: (id: string) => `urn:pulumi:prod::jardin::jardin:tenant:Tenant::${id}`,
  namespace: (id: string) => `urn:pulumi:prod::jardin::jardin:tenant:Tenant$kubernetes:core/v1:Namespace::${id}-namespace`,
  quota: (id: string) => `urn:pulumi:prod::jardin::jardin:tenant:Tenant$kubernetes:core/v1:ResourceQuota::${id}-lifecycle`,
  adoptedProvider: (cluster: string) =>
    `urn:pulumi:prod::jardin::jardin:cluster:AdoptedCluster$pulumi:providers:kubernetes::${cluster}-k8s`,
  createdProvider: (cluster: string) => `urn:pulumi:prod::jardin::jardin:cluster:K3sCluster$pulumi:providers:kubernetes::${cluster}-k8s`,
};
