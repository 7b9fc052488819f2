import { TENANT_NODE_KEY } from "../../model/contract/nodes";
import { CLUSTER_TYPE_PREFIX, ownersOf } from "../plan/owners";
import type { Snapshot, SnapshotResource } from "../plan/snapshot";
import { at, get, type Inputs } from "./inputs";
import { parseQuantity, GIB, MIB } from "./quantity";
import { NO_RULES, type SchedulingRules } from "./schedule";
import { cloudnativePgRules, labelsMatch, podTemplateRules, stringRecord, type DeclaredRules } from "./scheduling-rules";
import { CHART_RESERVES, OPERATED_PODS } from "./reserves";

/** The node label and taint that reserve a dedicated pool to one tenant. */

/** Pods of one workload: same size, same placement, each replica on a node of its own. */
export interface PodGroup {
  /** The resource it comes from (stable: its URN's name part). */
  readonly id: string;
  readonly cluster: string;
  /** The tenant it belongs to; undefined for the platform. */
  readonly tenant: string | undefined;
  readonly replicas: number;
  readonly cpuMilli: number;
  readonly memoryMiB: number;
  /** The tenant whose dedicated nodes it selects (`nodeSelector jardin/tenant=<id>`). */
  readonly selectsTenantPool: string | undefined;
  /** Tenants whose dedicated taint it tolerates. */
  readonly toleratesTenantPools: readonly string[];
  /** Once per node instead of `replicas` times (DaemonSet). */
  readonly perNode: boolean;
  /** Its own placement rules (spread, anti-affinity, the workload whose node it joins, by id). */
  readonly rules: SchedulingRules;
}

/** Storage claimed by a tenant (or the platform) on a cluster. */
export interface StorageClaim {
  readonly id: string;
  readonly cluster: string;
  readonly tenant: string | undefined;
  readonly gib: number;
  /** An hcloud Volume ordered by jardin itself, rather than a claim on the cluster's storage class. */
  readonly hetznerVolume: boolean;
}

export interface SnapshotWorkloads {
  readonly pods: PodGroup[];
  readonly storage: StorageClaim[];
  /** Hetzner load balancers, by cluster. */
  readonly loadBalancers: { readonly cluster: string; readonly type: string; readonly id: string }[];
  /** Mistakes the planner cannot size: an undeclared chart, a workload on an unknown cluster. */
  readonly problems: string[];
  /** Workloads deployed through a provider that is no cluster's: they take no room in the fleet. */
  readonly outsideFleet: string[];
}

/**
 * Where each kind keeps its pod template, how many pods it runs, and whether the scheduler's system
 * default spread applies to them: it does to pods a ReplicaSet or StatefulSet owns (a Deployment's
 * through its ReplicaSet), not to a Job's or a bare Pod's (podtopologyspread/common.go,
 * buildDefaultConstraints, through helper.DefaultSelector).
 */
const POD_TEMPLATES: Readonly<Record<string, (inputs: Inputs) => { template: Inputs | undefined; replicas: number; perNode: boolean; replicated: boolean }>> = {
  "kubernetes:apps/v1:Deployment": (i) => ({ template: at(i, "spec", "template"), replicas: count(get(i, "spec", "replicas"), 1), perNode: false, replicated: true }),
  "kubernetes:apps/v1:StatefulSet": (i) => ({ template: at(i, "spec", "template"), replicas: count(get(i, "spec", "replicas"), 1), perNode: false, replicated: true }),
  "kubernetes:apps/v1:ReplicaSet": (i) => ({ template: at(i, "spec", "template"), replicas: count(get(i, "spec", "replicas"), 1), perNode: false, replicated: true }),
  "kubernetes:apps/v1:DaemonSet": (i) => ({ template: at(i, "spec", "template"), replicas: 1, perNode: true, replicated: false }),
  "kubernetes:batch/v1:Job": (i) => ({ template: at(i, "spec", "template"), replicas: count(get(i, "spec", "parallelism"), 1), perNode: false, replicated: false }),
  // A CronJob's pod needs room while it runs, whenever that is; a suspended one runs none (a
  // stopped tenant's, whose other workloads are scaled to zero).
  "kubernetes:batch/v1:CronJob": (i) => ({
    template: at(i, "spec", "jobTemplate", "spec", "template"),
    replicas: get(i, "spec", "suspend") === true ? 0 : count(get(i, "spec", "jobTemplate", "spec", "parallelism"), 1),
    perNode: false,
    replicated: false,
  }),
  "kubernetes:core/v1:Pod": (i) => ({ template: i, replicas: 1, perNode: false, replicated: false }),
};

const CNPG_CLUSTER = "kubernetes:postgresql.cnpg.io/v1:Cluster";
const PVC = "kubernetes:core/v1:PersistentVolumeClaim";
const HELM_TYPES = new Set(["kubernetes:helm.sh/v3:Release", "kubernetes:helm.sh/v4:Chart"]);
const HCLOUD_VOLUME = "hcloud:index/volume:Volume";
const HCLOUD_LOAD_BALANCER = "hcloud:index/loadBalancer:LoadBalancer";


/**
 * Everything in a plan that takes room on a node or a disk, by cluster and tenant. Reads only
 * standard Kubernetes shapes, so apps added later are sized without touching this file.
 */
export function workloadsOf(snapshot: Snapshot, clusters: readonly string[]): SnapshotWorkloads {
  const byUrn = new Map(snapshot.resources.map((r) => [r.urn, r]));
  const owners = ownersOf(snapshot);
  const clusterOf = clusterResolver(byUrn, clusters);
  const result: SnapshotWorkloads = { pods: [], storage: [], loadBalancers: [], problems: [], outsideFleet: [] };
  const refuseUnsupported = (name: string, unsupported: readonly string[]) => {
    for (const rule of unsupported) {
      result.problems.push(`${name} declares a placement rule the capacity planner does not model (${rule}); model it in scripts/capacity/scheduling-rules.ts, or drop it`);
    }
  };
  const pending: { group: PodGroup; declared: DeclaredRules; namespace: unknown; labels: Record<string, string> }[] = [];

  for (const resource of snapshot.resources) {
    const owner = owners.get(resource.urn);
    const tenant = owner?.kind === "tenant" ? owner.id : undefined;
    const template = POD_TEMPLATES[resource.type];
    const operated = OPERATED_PODS[resource.type];
    const sized = template !== undefined || operated !== undefined || resource.type === CNPG_CLUSTER || HELM_TYPES.has(resource.type) || resource.type === PVC;
    const cluster = clusterOf(resource);
    if (resource.type === HCLOUD_LOAD_BALANCER || resource.type === HCLOUD_VOLUME) {
      if (cluster === undefined) continue;
      if (resource.type === HCLOUD_LOAD_BALANCER) {
        result.loadBalancers.push({ cluster, type: String(resource.inputs["loadBalancerType"]), id: resource.name });
      } else {
        result.storage.push({ cluster, tenant, id: resource.name, gib: Number(resource.inputs["size"] ?? 0), hetznerVolume: true });
      }
      continue;
    }
    if (!sized) continue;
    if (cluster === undefined) {
      result.outsideFleet.push(`${resource.name} (${resource.type}): its provider is no cluster's, so it is not sized`);
      continue;
    }
    if (template !== undefined) {
      const { template: podTemplate, replicas, perNode, replicated } = template(resource.inputs);
      const spec = at(podTemplate, "spec");
      if (podTemplate === undefined || spec === undefined) continue;
      const declared = podTemplateRules(podTemplate, replicated);
      const group: PodGroup = { id: resource.name, cluster, tenant, replicas, perNode, ...podRequests(spec), ...placement(spec), rules: { ...declared.rules, colocateWith: undefined } };
      result.pods.push(group);
      pending.push({ group, declared, namespace: get(resource.inputs, "metadata", "namespace"), labels: stringRecord(at(podTemplate, "metadata", "labels")) });
    } else if (operated !== undefined) {
      const spec = at(resource.inputs, "spec") ?? {};
      result.pods.push({
        id: resource.name, cluster, tenant, perNode: false,
        replicas: count(spec[operated.replicas], 1),
        ...podRequests({ containers: operated.containers.map((key) => ({ resources: at(spec, key) ?? {} })) }),
        ...placement(spec),
        // The operator makes a Deployment or StatefulSet of it: the scheduler spreads its replicas by default, as a chart's.
        rules: { ...NO_RULES, defaultSpread: true },
      });
    } else if (resource.type === CNPG_CLUSTER) {
      // https://github.com/cloudnative-pg/cloudnative-pg/blob/v1.30.0/docs/src/cloudnative-pg.v1.md#clusterspec
      const spec = at(resource.inputs, "spec") ?? {};
      const instances = count(spec["instances"], 1);
      const requests = at(spec, "resources", "requests") ?? at(spec, "resources", "limits") ?? {};
      const affinity = at(spec, "affinity") ?? {};
      const cnpgDeclared = cloudnativePgRules(affinity);
      result.pods.push({
        id: resource.name, cluster, tenant, replicas: instances, perNode: false,
        cpuMilli: milli(requests["cpu"]), memoryMiB: mebi(requests["memory"]),
        ...placement({ nodeSelector: affinity["nodeSelector"], tolerations: affinity["tolerations"] }),
        rules: { ...cnpgDeclared.rules, colocateWith: undefined },
      });
      refuseUnsupported(resource.name, cnpgDeclared.unsupported);
      const perInstance = gibi(at(spec, "storage")?.["size"]) + gibi(at(spec, "walStorage")?.["size"]);
      if (perInstance > 0) result.storage.push({ id: resource.name, cluster, tenant, gib: perInstance * instances, hetznerVolume: false });
    } else if (resource.type === PVC) {
      result.storage.push({ id: resource.name, cluster, tenant, gib: gibi(at(resource.inputs, "spec", "resources", "requests")?.["storage"]), hetznerVolume: false });
    } else {
      const chart = String(resource.inputs["chart"] ?? "");
      const reserve = CHART_RESERVES[chart];
      const values = at(resource.inputs, "values") ?? {};
      const requests = at(values, "resources", "requests");
      if (reserve === undefined && requests === undefined) {
        result.problems.push(
          `chart "${chart}" (${resource.name}) hides its pods from the plan and has no reserve; declare one in scripts/capacity/reserves.ts (CHART_RESERVES) with where its figures come from`,
        );
        continue;
      }
      result.pods.push({
        id: resource.name, cluster, tenant, perNode: false,
        replicas: count(values["replicaCount"], reserve?.replicas ?? 1),
        cpuMilli: requests === undefined ? reserve!.cpuMilli : milli(requests["cpu"]),
        memoryMiB: requests === undefined ? reserve!.memoryMiB : mebi(requests["memory"]),
        ...placement(values),
        // A chart's pods are a Deployment's, as far as the plan can tell: the default spread.
        rules: { ...NO_RULES, defaultSpread: true },
      });
    }
  }
  for (const { group, declared } of pending) refuseUnsupported(group.id, declared.unsupported);
  // A pod that must share a node with another workload's pods (a ReadWriteOnce claim) names it by
  // labels: the workload in its namespace whose pods carry them.
  pending.forEach((entry) => {
    const wanted = entry.declared.colocateWithLabels;
    if (wanted === undefined) return;
    const target = pending.find((other) => other !== entry && other.group.cluster === entry.group.cluster && other.namespace === entry.namespace && labelsMatch(wanted, other.labels));
    if (target === undefined) {
      result.problems.push(
        `${entry.group.id} must run on the node of pods labelled ${JSON.stringify(wanted)} (a required podAffinity), which no workload of its namespace has: it would stay Pending; fix its labels or its affinity`,
      );
      return;
    }
    const index = result.pods.indexOf(entry.group);
    result.pods[index] = { ...entry.group, rules: { ...entry.group.rules, colocateWith: target.group.id } };
  });
  return result;
}

/** Requests of one pod: its containers together, or its largest init container if that is more. */
function podRequests(spec: Inputs): { cpuMilli: number; memoryMiB: number } {
  const of = (list: unknown) =>
    (Array.isArray(list) ? list : []).map((c) => {
      const resources = at(c, "resources") ?? {};
      // Kubernetes takes the limit as the request when only a limit is set.
      const requests = { ...(at(resources, "limits") ?? {}), ...(at(resources, "requests") ?? {}) };
      return { cpu: milli(requests["cpu"]), memory: mebi(requests["memory"]) };
    });
  const containers = of(spec["containers"]);
  const init = of(spec["initContainers"]);
  const sum = (key: "cpu" | "memory") => containers.reduce((s, c) => s + c[key], 0);
  const peak = (key: "cpu" | "memory") => init.reduce((m, c) => Math.max(m, c[key]), 0);
  return { cpuMilli: Math.max(sum("cpu"), peak("cpu")), memoryMiB: Math.max(sum("memory"), peak("memory")) };
}

function placement(spec: Inputs): Pick<PodGroup, "selectsTenantPool" | "toleratesTenantPools"> {
  const selector = (spec["nodeSelector"] ?? {}) as Inputs;
  const selected = selector[TENANT_NODE_KEY];
  const tolerations = Array.isArray(spec["tolerations"]) ? (spec["tolerations"] as Inputs[]) : [];
  return {
    selectsTenantPool: typeof selected === "string" ? selected : undefined,
    toleratesTenantPools: tolerations
      .filter((t) => t["key"] === TENANT_NODE_KEY && (t["effect"] === undefined || t["effect"] === "NoSchedule"))
      .map((t) => String(t["value"] ?? "*")),
  };
}

/**
 * The cluster a resource lands on: the cluster component above its provider (or above itself,
 * for machines), else a provider named `<cluster>-...`.
 */
function clusterResolver(byUrn: ReadonlyMap<string, SnapshotResource>, clusters: readonly string[]) {
  const clusterAbove = (urn: string | null): string | undefined => {
    for (let r = urn === null ? undefined : byUrn.get(urn); r !== undefined; r = r.parent === null ? undefined : byUrn.get(r.parent)) {
      if (r.type.startsWith(CLUSTER_TYPE_PREFIX) && clusters.includes(r.name)) return r.name;
    }
    return undefined;
  };
  return (resource: SnapshotResource): string | undefined => {
    if (resource.provider !== null) {
      const viaProvider = clusterAbove(resource.provider);
      if (viaProvider !== undefined) return viaProvider;
      const providerName = byUrn.get(resource.provider)?.name ?? "";
      const named = clusters.find((c) => providerName.startsWith(`${c}-`));
      if (named !== undefined) return named;
    }
    return clusterAbove(resource.urn);
  };
}

function count(value: unknown, fallback: number): number {
  return typeof value === "number" && Number.isInteger(value) && value >= 0 ? value : fallback;
}

const milli = (value: unknown) => Math.round((parseQuantity(value) ?? 0) * 1000);
const mebi = (value: unknown) => Math.round((parseQuantity(value) ?? 0) / MIB);
const gibi = (value: unknown) => (parseQuantity(value) ?? 0) / GIB;
