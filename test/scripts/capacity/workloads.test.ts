import { describe, expect, it } from "vitest";
import { parseQuantity } from "../../../scripts/capacity/quantity";
import { workloadsOf } from "../../../scripts/capacity/workloads";
import type { SnapshotResource } from "../../../scripts/plan/snapshot";

const STACK = "urn:pulumi:prod::jardin::";
const resource = (type: string, name: string, inputs: Record<string, unknown>, parent: string | null = null, provider: string | null = null): SnapshotResource => ({
  urn: `${STACK}${type}::${name}`, type, name, parent, provider, protect: false, retainOnDelete: false, dependencies: [], inputs,
});

const cluster = resource("jardin:cluster:K3sCluster", "ada-lovelace", {});
const provider = resource("pulumi:providers:kubernetes", "ada-lovelace-k8s", {}, cluster.urn);
const tenant = resource("jardin:tenant:Tenant", "sante", {});
const onAda = (type: string, name: string, inputs: Record<string, unknown>, parent: string | null = tenant.urn) =>
  resource(type, name, inputs, parent, provider.urn);
const container = (cpu: string, memory: string) => ({ name: "c", resources: { requests: { cpu, memory } } });

describe("quantities", () => {
  it("reads Kubernetes quantities in base units", () => {
    expect([parseQuantity("250m"), parseQuantity("1.5"), parseQuantity("512Mi"), parseQuantity("1G"), parseQuantity("2e3"), parseQuantity("x")]).toEqual([
      0.25, 1.5, 512 * 2 ** 20, 1e9, 2000, undefined,
    ]);
  });
});

describe("workloads in a plan", () => {
  const deployment = onAda("kubernetes:apps/v1:Deployment", "sante-nextcloud", {
    spec: {
      replicas: 2,
      template: {
        spec: {
          containers: [container("500m", "1Gi"), container("100m", "128Mi")],
          initContainers: [container("1", "256Mi")],
          nodeSelector: { "jardin/tenant": "sante" },
          tolerations: [{ key: "jardin/tenant", operator: "Equal", value: "sante", effect: "NoSchedule" }],
        },
      },
    },
  });
  const snapshot = {
    stack: "prod",
    resources: [
      cluster, provider, tenant, deployment,
      onAda("kubernetes:batch/v1:CronJob", "sante-backup", { spec: { jobTemplate: { spec: { template: { spec: { containers: [{ resources: { limits: { cpu: "200m", memory: "64Mi" } } }] } } } } } }),
      onAda("kubernetes:postgresql.cnpg.io/v1:Cluster", "sante-db", {
        spec: { instances: 3, resources: { requests: { cpu: "250m", memory: "512Mi" } }, storage: { size: "10Gi" }, walStorage: { size: "2Gi" } },
      }),
      onAda("kubernetes:core/v1:PersistentVolumeClaim", "sante-files", { spec: { resources: { requests: { storage: "300Gi" } } } }),
      onAda("kubernetes:helm.sh/v3:Release", "ada-lovelace-traefik", { chart: "traefik", values: {} }, cluster.urn),
      onAda("kubernetes:helm.sh/v3:Release", "ada-lovelace-ccm", { chart: "hcloud-cloud-controller-manager", values: { resources: { requests: { cpu: "200m", memory: "100Mi" } } } }, cluster.urn),
      onAda("kubernetes:helm.sh/v3:Release", "ada-lovelace-mystery", { chart: "mystery" }, cluster.urn),
      resource("hcloud:index/loadBalancer:LoadBalancer", "ada-lovelace-lb", { loadBalancerType: "lb11" }, cluster.urn),
      resource("hcloud:index/volume:Volume", "ada-lovelace-extra", { size: 50 }, cluster.urn),
    ],
  };
  const found = workloadsOf(snapshot, ["ada-lovelace", "louise-michel"]);

  it("sizes a pod as its containers together, or its largest init container if that is more, with its placement", () => {
    expect(found.pods[0]).toEqual({
      id: "sante-nextcloud", cluster: "ada-lovelace", tenant: "sante", replicas: 2, perNode: false,
      cpuMilli: 1000, memoryMiB: 1152, selectsTenantPool: "sante", toleratesTenantPools: ["sante"],
    });
  });

  it("reads CronJobs (limits standing for requests), CloudNativePG instances and chart reserves or chart values", () => {
    expect(found.pods.slice(1).map((p) => [p.id, p.tenant, p.replicas, p.cpuMilli, p.memoryMiB])).toEqual([
      ["sante-backup", "sante", 1, 200, 64],
      ["sante-db", "sante", 3, 250, 512],
      ["ada-lovelace-traefik", undefined, 2, 100, 128],
      ["ada-lovelace-ccm", undefined, 1, 200, 100],
    ]);
  });

  it("counts storage per claim, database instances included, and Hetzner volumes and load balancers per cluster", () => {
    expect(found.storage).toEqual([
      { id: "sante-db", cluster: "ada-lovelace", tenant: "sante", gib: 36, hetznerVolume: false },
      { id: "sante-files", cluster: "ada-lovelace", tenant: "sante", gib: 300, hetznerVolume: false },
      { id: "ada-lovelace-extra", cluster: "ada-lovelace", tenant: undefined, gib: 50, hetznerVolume: true },
    ]);
    expect(found.loadBalancers).toEqual([{ cluster: "ada-lovelace", type: "lb11", id: "ada-lovelace-lb" }]);
  });

  it("names a chart it cannot size and where to declare its reserve", () => {
    expect(found.problems).toEqual([
      'chart "mystery" (ada-lovelace-mystery) hides its pods from the plan and has no reserve; declare one in scripts/capacity/reserves.ts (CHART_RESERVES) with where its figures come from',
    ]);
  });
});
