import { at, get, type Inputs } from "./inputs";
import type { SchedulingRules } from "./schedule";

/** A workload's placement rules as its manifest declares them, before the planner resolves whom it joins. */
export interface DeclaredRules {
  readonly rules: Omit<SchedulingRules, "colocateWith">;
  /** The labels of the pods it must share a node with (a required pod affinity on the hostname). */
  readonly colocateWithLabels: Readonly<Record<string, string>> | undefined;
  /** Rules the planner does not model: the plan fails on them rather than size them wrongly. */
  readonly unsupported: readonly string[];
}

const HOSTNAME = "kubernetes.io/hostname";

/**
 * The rules of a pod template (https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#scheduling).
 * `replicated`: a ReplicaSet or StatefulSet owns its pods, so the system default spread applies
 * when the template has no topologySpreadConstraints of its own (podtopologyspread/scoring.go,
 * initPreScoreState).
 *
 * A DoNotSchedule spread over hostnames caps the pods per node at its maxSkew: the skew is counted
 * against the least loaded eligible node, and the control-plane servers (tainted, but counted:
 * nodeTaintsPolicy defaults to Ignore) always hold none of a workload's pods.
 */
export function podTemplateRules(template: Inputs, replicated: boolean): DeclaredRules {
  const labels = stringRecord(at(template, "metadata", "labels"));
  const spec = at(template, "spec") ?? {};
  const unsupported: string[] = [];
  let maxPerNode: number | undefined;
  let apartWeight = 0;
  let colocateWithLabels: Record<string, string> | undefined;
  const own = (term: unknown) => selectsOwn(term, labels);
  const cap = (n: number) => (maxPerNode = maxPerNode === undefined ? n : Math.min(maxPerNode, n));

  const constraints = list(spec["topologySpreadConstraints"]);
  for (const c of constraints) {
    if (c["topologyKey"] === HOSTNAME && c["whenUnsatisfiable"] === "DoNotSchedule" && own(c)) cap(Number(c["maxSkew"] ?? 1));
    else unsupported.push(`topologySpreadConstraints ${JSON.stringify(c)}`);
  }
  const affinity = at(spec, "affinity") ?? {};
  for (const term of list(get(affinity, "podAntiAffinity", "requiredDuringSchedulingIgnoredDuringExecution"))) {
    if (term["topologyKey"] === HOSTNAME && own(term)) cap(1);
    else unsupported.push(`required podAntiAffinity ${JSON.stringify(term)}`);
  }
  for (const weighted of list(get(affinity, "podAntiAffinity", "preferredDuringSchedulingIgnoredDuringExecution"))) {
    const term = at(weighted, "podAffinityTerm") ?? {};
    if (term["topologyKey"] === HOSTNAME && own(term)) apartWeight += Number(weighted["weight"] ?? 0);
    else unsupported.push(`preferred podAntiAffinity ${JSON.stringify(weighted)}`);
  }
  const joins = list(get(affinity, "podAffinity", "requiredDuringSchedulingIgnoredDuringExecution"));
  for (const term of joins) {
    const matchLabels = stringRecord(at(term, "labelSelector", "matchLabels"));
    if (term["topologyKey"] === HOSTNAME && joins.length === 1 && at(term, "labelSelector", "matchExpressions") === undefined && Object.keys(matchLabels).length > 0) {
      colocateWithLabels = matchLabels;
    } else {
      unsupported.push(`required podAffinity ${JSON.stringify(term)}`);
    }
  }
  for (const key of ["nodeAffinity"] as const) if (affinity[key] !== undefined) unsupported.push(`${key} ${JSON.stringify(affinity[key])}`);
  if (get(affinity, "podAffinity", "preferredDuringSchedulingIgnoredDuringExecution") !== undefined) unsupported.push("preferred podAffinity");

  return {
    rules: { maxPerNode, defaultSpread: replicated && constraints.length === 0, apartWeight },
    colocateWithLabels,
    unsupported,
  };
}

/**
 * A CloudNativePG cluster's instances: the operator gives them an anti-affinity to each other,
 * preferred with weight 100 unless `podAntiAffinityType: required`, on `topologyKey` (hostname by
 * default), unless `enablePodAntiAffinity: false` (cloudnative-pg v1.30.0 pkg/specs/pods.go,
 * CreateGeneratedAntiAffinity; api/v1/cluster_defaults.go sets "preferred"). The system default
 * spread adds nothing: no ReplicaSet owns them, and the Services that select them each select one
 * role (primary, replicas), so it counts a primary's peers as none.
 */
export function cloudnativePgRules(affinity: Inputs): DeclaredRules {
  const unsupported: string[] = [];
  for (const key of ["additionalPodAntiAffinity", "additionalPodAffinity", "nodeAffinity"]) {
    if (affinity[key] !== undefined) unsupported.push(`affinity.${key}`);
  }
  const enabled = affinity["enablePodAntiAffinity"] !== false;
  const key = affinity["topologyKey"] ?? HOSTNAME;
  if (enabled && key !== HOSTNAME) unsupported.push(`affinity.topologyKey ${JSON.stringify(key)}`);
  const required = affinity["podAntiAffinityType"] === "required";
  return {
    rules: {
      maxPerNode: enabled && key === HOSTNAME && required ? 1 : undefined,
      defaultSpread: false,
      apartWeight: enabled && key === HOSTNAME && !required ? 100 : 0,
    },
    colocateWithLabels: undefined,
    unsupported,
  };
}

/** Whether a term's label selector picks the pod's own labels (matchLabels only). */
function selectsOwn(term: unknown, labels: Readonly<Record<string, string>>): boolean {
  if (at(term, "labelSelector", "matchExpressions") !== undefined) return false;
  const wanted = Object.entries(stringRecord(at(term, "labelSelector", "matchLabels")));
  return wanted.length > 0 && wanted.every(([k, v]) => labels[k] === v);
}

/** Whether these pod labels carry every label of the selector. */
export function labelsMatch(selector: Readonly<Record<string, string>>, labels: Readonly<Record<string, string>>): boolean {
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

export function stringRecord(value: unknown): Record<string, string> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value as Inputs).filter((e): e is [string, string] => typeof e[1] === "string"));
}

function list(value: unknown): Inputs[] {
  return Array.isArray(value) ? value.filter((v): v is Inputs => v !== null && typeof v === "object") : [];
}
