import { describe, expect, it } from "vitest";
import { parseQuantity } from "../../../scripts/capacity/quantity";
import { workloadsOf } from "../../../scripts/capacity/workloads";
import type { SnapshotResource } from "../../../scripts/plan/snapshot";
import { prodPlan } from "../../helpers/plan";

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
      // A Deployment's pods, with no constraints of their own: the scheduler's default spread.
      rules: { maxPerNode: undefined, defaultSpread: true, apartWeight: 0, colocateWith: undefined },
    });
  });

  it("reads the CronJob's and CloudNativePG's rules: no default spread for a Job's pod, CloudNativePG's preferred anti-affinity", () => {
    expect(found.pods.slice(1, 3).map((p) => [p.id, p.rules])).toEqual([
      ["sante-backup", { maxPerNode: undefined, defaultSpread: false, apartWeight: 0, colocateWith: undefined }],
      ["sante-db", { maxPerNode: undefined, defaultSpread: false, apartWeight: 100, colocateWith: undefined }],
    ]);
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

describe("placement rules in a plan", () => {
  const labels = { "app.kubernetes.io/name": "nextcloud", "app.kubernetes.io/component": "web" };
  const web = (spec: Record<string, unknown> = {}, name = "sante-web") =>
    onAda("kubernetes:apps/v1:Deployment", name, {
      metadata: { namespace: "sante" },
      spec: { replicas: 2, template: { metadata: { labels }, spec: { containers: [container("100m", "64Mi")], ...spec } } },
    });
  const cron = (namespace: string, matchLabels: Record<string, string>) =>
    onAda("kubernetes:batch/v1:CronJob", "sante-cron", {
      metadata: { namespace },
      spec: { jobTemplate: { spec: { template: { spec: {
        containers: [container("50m", "32Mi")],
        affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels }, topologyKey: "kubernetes.io/hostname" }] } },
      } } } } },
    });
  const of = (...resources: SnapshotResource[]) => workloadsOf({ stack: "prod", resources: [cluster, provider, tenant, ...resources] }, ["ada-lovelace"]);

  it("caps replicas per node at a DoNotSchedule hostname spread's maxSkew, and at one under a required anti-affinity to themselves", () => {
    const spread = web({ topologySpreadConstraints: [{ maxSkew: 1, topologyKey: "kubernetes.io/hostname", whenUnsatisfiable: "DoNotSchedule", labelSelector: { matchLabels: labels } }] });
    const apart = web({ affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: labels }, topologyKey: "kubernetes.io/hostname" }] } } });
    expect(of(spread).pods[0]!.rules).toEqual({ maxPerNode: 1, defaultSpread: false, apartWeight: 0, colocateWith: undefined });
    expect(of(apart).pods[0]!.rules).toEqual({ maxPerNode: 1, defaultSpread: true, apartWeight: 0, colocateWith: undefined });
  });

  it("reads CloudNativePG's required anti-affinity as one instance per node", () => {
    const db = onAda("kubernetes:postgresql.cnpg.io/v1:Cluster", "sso-db", { spec: { instances: 3, affinity: { enablePodAntiAffinity: true, podAntiAffinityType: "required", topologyKey: "kubernetes.io/hostname" } } });
    const off = onAda("kubernetes:postgresql.cnpg.io/v1:Cluster", "loose-db", { spec: { instances: 2, affinity: { enablePodAntiAffinity: false } } });
    expect(of(db, off).pods.map((p) => [p.id, p.rules.maxPerNode, p.rules.apartWeight])).toEqual([["sso-db", 1, 0], ["loose-db", undefined, 0]]);
  });

  it("joins a pod to the workload of its namespace whose pods carry the labels its required affinity names", () => {
    expect(of(web(), cron("sante", labels)).pods.map((p) => [p.id, p.rules.colocateWith])).toEqual([["sante-web", undefined], ["sante-cron", "sante-web"]]);
  });

  it("fails on an affinity no workload answers: other labels, or the same labels in another namespace", () => {
    const message = (matchLabels: Record<string, string>) =>
      `sante-cron must run on the node of pods labelled ${JSON.stringify(matchLabels)} (a required podAffinity), which no workload of its namespace has: it would stay Pending; fix its labels or its affinity`;
    expect(of(web(), cron("sante", { ...labels, "app.kubernetes.io/component": "webb" })).problems).toEqual([message({ ...labels, "app.kubernetes.io/component": "webb" })]);
    expect(of(web(), cron("other", labels)).problems).toEqual([message(labels)]);
  });

  it("fails on a rule it does not model rather than size it wrongly", () => {
    const zone = web({ topologySpreadConstraints: [{ maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "DoNotSchedule", labelSelector: { matchLabels: labels } }] });
    expect(of(zone).problems).toEqual([
      `sante-web declares a placement rule the capacity planner does not model (topologySpreadConstraints {"maxSkew":1,"topologyKey":"topology.kubernetes.io/zone","whenUnsatisfiable":"DoNotSchedule","labelSelector":{"matchLabels":{"app.kubernetes.io/name":"nextcloud","app.kubernetes.io/component":"web"}}}); model it in scripts/capacity/scheduling-rules.ts, or drop it`,
    ]);
  });
});

describe("a suspended CronJob", () => {
  it("runs no pod, so it asks for no room (a stopped tenant's, whose web is scaled to zero)", () => {
    const job = onAda("kubernetes:batch/v1:CronJob", "stopped-cron", { spec: { suspend: true, jobTemplate: { spec: { template: { spec: { containers: [container("100m", "64Mi")] } } } } } });
    expect(workloadsOf({ stack: "prod", resources: [cluster, provider, tenant, job] }, ["ada-lovelace"]).pods.map((p) => [p.id, p.replicas])).toEqual([["stopped-cron", 0]]);
  });
});

describe("the alerting stack in the prod plan", () => {
  it("counts each of its pods on each cluster, from the values its charts and objects get (the config-reloader sidecar included)", () => {
    const { snapshot } = prodPlan();
    const found = workloadsOf(snapshot, ["ada-lovelace", "louise-michel"]);
    const stack = ["vm-operator", "kube-state-metrics", "store", "ruler", "alertmanager"];
    for (const cluster of ["ada-lovelace", "louise-michel"]) {
      const ids = stack.map((s) => `${cluster}-${s}`);
      const pods = found.pods.filter((p) => ids.includes(p.id)).sort((a, b) => ids.indexOf(a.id) - ids.indexOf(b.id));
      expect(pods.map((p) => [p.id, p.tenant, p.replicas, p.cpuMilli, p.memoryMiB])).toEqual([
        [`${cluster}-vm-operator`, undefined, 1, 20, 64],
        [`${cluster}-kube-state-metrics`, undefined, 1, 10, 64],
        [`${cluster}-store`, undefined, 1, 55, 272],
        [`${cluster}-ruler`, undefined, 1, 15, 64],
        [`${cluster}-alertmanager`, undefined, 1, 15, 48],
      ]);
    }
  });
});
