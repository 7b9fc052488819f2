import { readFileSync } from "node:fs";
import { deserialize } from "node:v8";
import { inject } from "vitest";
import { recordPlan, type RecordedPlan } from "../../scripts/plan/record";
import type { SnapshotResource } from "../../scripts/plan/snapshot";
import { ROOT_DIR, writeTenantDir } from "./declarations";

/**
 * The prod stack's plan of the working tree, as `recordPlan({ rootDir: ROOT_DIR })` gives it,
 * recorded once for the whole run (test/global-setup.ts). A fresh copy on each call: a test may
 * change what it gets. test/scripts/plan/snapshot.test.ts holds it equal to a fresh recording.
 */
export function prodPlan(): RecordedPlan {
  const shared = inject("sharedProdPlan");
  if ("error" in shared) throw new Error(`the prod plan could not be recorded:\n${shared.error}`);
  return deserialize(readFileSync(shared.file)) as RecordedPlan;
}

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
