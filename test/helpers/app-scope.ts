import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { ClusterPlatform } from "../../model/contract/platform";
import { PodBudget } from "../../components/workload/budget";
import type { Placement } from "../../components/workload/placement";
import type { AppScope } from "../../components/workload/scope";
import type { LifecycleState } from "../../model/tenant";
import { runUnderMocks } from "../../scripts/plan/mock-runtime";
import type { SnapshotResource } from "../../scripts/plan/snapshot";

export const TEST_PROVIDER_URN = "urn:pulumi:prod::jardin::pulumi:providers:kubernetes::test-cluster";
export const TEST_APP_URN = "urn:pulumi:prod::jardin::jardin:test:App::les-semeurs-demo";

export const TEST_PLATFORM: ClusterPlatform = {
  cluster: "ada-lovelace",
  storageClass: "jardin-retain",
  ingressClass: "traefik",
  ingressNamespace: "traefik",
  clusterIssuer: "letsencrypt",
  ingressAddress: "203.0.113.10",
  network: { apiServerCidrs: ["10.0.1.0/24"] },
  dependsOn: [],
};

export const TEST_LABELS = { "app.kubernetes.io/instance": "les-semeurs", "jardin/tenant": "les-semeurs" } as const;

/** Resources the building block registers for an app named `demo` of tenant les-semeurs. */
export async function underAppScope(
  build: (scope: AppScope) => void,
  options: { state?: LifecycleState; placement?: Placement } = {},
): Promise<{ resources: SnapshotResource[]; budget: PodBudget }> {
  const budget = new PodBudget();
  const run = await runUnderMocks({ project: "jardin", stack: "prod" }, async () => {
    const provider = new k8s.Provider("test-cluster", { kubeconfig: "{}" });
    const parent = new pulumi.ComponentResource("jardin:test:App", "les-semeurs-demo");
    build({
      parent,
      name: "les-semeurs-demo",
      app: "demo",
      namespace: "les-semeurs",
      provider,
      labels: TEST_LABELS,
      platform: TEST_PLATFORM,
      placement: options.placement,
      state: options.state ?? "active",
      budget,
    });
  });
  return { resources: run.resources.filter((r) => r.parent === TEST_APP_URN), budget };
}

export function byType(resources: readonly SnapshotResource[], type: string): SnapshotResource[] {
  return resources.filter((r) => r.type === type);
}

export function one(resources: readonly SnapshotResource[], type: string): SnapshotResource {
  const found = byType(resources, type);
  if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}: ${resources.map((r) => r.urn).join(", ")}`);
  return found[0]!;
}

/** A nested input, typed loosely for assertions. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function inputs(resource: SnapshotResource): any {
  return resource.inputs;
}
