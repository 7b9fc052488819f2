import { basename } from "node:path";
import { adoptionProblems } from "./adoption";
import type { Fleet } from "./fleet";
import { groupBy } from "./group-by";
import { domainOverlaps, hostnameOwnershipProblems } from "./hostname-ownership";
import { tenantHostnames } from "./hostnames";
import { dedicatedPoolKey, nodeNames } from "./node-pools";
import type { Problem } from "./problems";
import { matrixServerName } from "./matrix";
import { matrixServerNameRecordProblems } from "./matrix-server-names";
import { moveProblems } from "./move-rules";
import { reservedNamespaceProblems } from "./reserved-namespaces";
import { closestName, listAlternatives } from "./suggest";
import type { Tenant } from "./tenant";

/** A validated tenant and the file it came from. */
export interface LoadedTenant {
  /** Relative to the repository root, e.g. `tenants/la-rue-commune.ts`. */
  readonly file: string;
  readonly tenant: Tenant;
}

/**
 * Rules no single file can check: names match files, ids and hostnames are unique, names are owned
 * (model/hostname-ownership.ts), clusters exist and can host the plan. Returns every problem at
 * once, one per fault: two files sharing a domain share every default hostname too, and that is
 * told once, as the domain's problem.
 *
 * `established`: ids of the tenants the deployed stack already has, when known (the plan reads
 * them from its base): a clash between one of them and a new file is the new file's fault.
 */
export function crossTenantProblems(fleet: Fleet, fleetFile: string, tenants: readonly LoadedTenant[], established?: ReadonlySet<string>): Problem[] {
  const overlapping = new Set(domainOverlaps(fleet, tenants).flatMap(({ inner, outer }) => [`${inner.file}\n${outer.file}`, `${outer.file}\n${inner.file}`]));
  // Hostnames or server names that clash only because their domains do: the domain's problem says it.
  // (A file clashing with itself, two of its apps on one name, is its own fault and always told.)
  const explainedByDomain = (files: readonly string[]) =>
    new Set(files).size === files.length && files.every((a, i) => files.every((b, j) => i === j || overlapping.has(`${a}\n${b}`)));
  return [
    ...fileNameProblems(tenants),
    ...duplicateIdProblems(tenants),
    ...duplicateHostnameProblems(tenants, explainedByDomain),
    ...duplicateMatrixServerNameProblems(tenants, explainedByDomain),
    ...hostnameOwnershipProblems(fleet, tenants, established),
    ...clusterProblems(fleet, fleetFile, tenants),
    ...adoptionRuleProblems(fleet, tenants),
    ...moveProblems(fleet, fleetFile, tenants),
    ...reservedNamespaceProblems(fleet, fleetFile, tenants),
    ...matrixServerNameRecordProblems(fleet, fleetFile, tenants),
  ];
}

/** An adoption names objects of an adopted cluster that the tenant's apps really keep. */
export function adoptionRuleProblems(fleet: Fleet, tenants: readonly LoadedTenant[]): Problem[] {
  return tenants.flatMap(({ file, tenant }): Problem[] => {
    if (tenant.adopt === undefined) return [];
    // A moving organisation's adoption is what it had on the cluster it leaves.
    const adoptedOn = tenant.move?.from ?? tenant.cluster;
    const cluster = fleet.clusters[adoptedOn];
    if (cluster !== undefined && cluster.origin.kind !== "adopted") {
      return [{
        file,
        field: tenant.move === undefined ? "adopt" : "move.from",
        message: `"${adoptedOn}" is a cluster jardin creates: nothing ran there before it; remove adopt, or set ${tenant.move === undefined ? "cluster" : "move.from"} to the adopted cluster the organisation runs on`,
      }];
    }
    return adoptionProblems(tenant).map((p) => ({ file, field: p.path, message: p.message }));
  });
}

/** Whether a clash between these files is already told by another problem. */
type Explained = (files: readonly string[]) => boolean;

export function fileNameProblems(tenants: readonly LoadedTenant[]): Problem[] {
  return tenants
    .filter(({ file, tenant }) => basename(file, ".ts") !== tenant.id)
    .map(({ file, tenant }) => ({
      file,
      field: "id",
      message: `"${tenant.id}" does not match the file name; rename the file to tenants/${tenant.id}.ts or set id: "${basename(file, ".ts")}"`,
    }));
}

export function duplicateIdProblems(tenants: readonly LoadedTenant[]): Problem[] {
  const uses = tenants.map(({ file, tenant }) => ({ file, field: "id", value: tenant.id, label: file }));
  return duplicateUseProblems(uses, (id, others) => `"${id}" is also the id of ${others}; each organisation needs its own id`);
}

export function duplicateHostnameProblems(tenants: readonly LoadedTenant[], explained: Explained = () => false): Problem[] {
  const uses = tenants.flatMap(({ file, tenant }) =>
    tenantHostnames(tenant).map((h) => {
      const field = `apps.${h.app}.${h.field}`;
      return { file, field, value: h.hostname, label: `${file} (${field})` };
    }),
  );
  return duplicateUseProblems(uses, (hostname, others) => `"${hostname}" is also used by ${others}; every app needs a hostname of its own`, explained);
}

/** A Matrix server name is the identity of every account on it: two tenants can never share one. */
export function duplicateMatrixServerNameProblems(tenants: readonly LoadedTenant[], explained: Explained = () => false): Problem[] {
  const uses = tenants.flatMap(({ file, tenant }) => {
    const matrix = tenant.apps.matrix;
    if (matrix === undefined) return [];
    // The Synapse hostname always exists when Matrix is enabled; it is the default server name.
    const value = matrixServerName(tenant)!;
    return [{ file, field: "apps.matrix.serverName", value, label: file }];
  });
  return duplicateUseProblems(
    uses,
    (name, others) => `"${name}" is also the Matrix server name of ${others}; each organisation's Matrix server needs a name of its own`,
    explained,
  );
}

export function clusterProblems(fleet: Fleet, fleetFile: string, tenants: readonly LoadedTenant[]): Problem[] {
  const known = Object.keys(fleet.clusters).sort();
  return tenants.flatMap(({ file, tenant }): Problem[] => {
    const cluster = fleet.clusters[tenant.cluster];
    if (cluster === undefined) {
      const guess = closestName(tenant.cluster, known);
      return [{
        file,
        field: "cluster",
        message: `"${tenant.cluster}" is not a cluster of ${fleetFile}${guess === undefined ? "" : ` (did you mean "${guess}"?)`}; use ${listAlternatives(known)}`,
      }];
    }
    // An adopted organisation (adopt) ran there before jardin: it is one the cluster still hosts.
    // A move to a retiring cluster is told by moveProblems (model/move-rules.ts), with its fix.
    if (cluster.status === "retiring" && tenant.move === undefined && tenant.adopt === undefined && !(cluster.admitted ?? []).includes(tenant.id)) {
      return [{
        file,
        field: "cluster",
        message: `"${tenant.cluster}" is retiring and takes no new tenant (${fleetFile} clusters.${tenant.cluster}.admitted lists those still there); ${whereToGo(activeClusters(fleet))}`,
      }];
    }
    // Every boundary of the bundle is a NetworkPolicy: on a cluster that ignores them, the
    // organisation would share a flat network with every other. An adoption's import step puts
    // none of jardin's objects there yet.
    if (cluster.origin.kind === "adopted" && !cluster.origin.existing.networkPolicies.enforced && tenant.adopt?.step !== "import") {
      return [{
        file,
        field: "cluster",
        message: `"${tenant.cluster}" does not enforce NetworkPolicies (its network plugin "${cluster.origin.existing.networkPolicies.cni}", ${fleetFile} clusters.${tenant.cluster}.origin.existing.networkPolicies), so this organisation's isolation would be on paper only; ${whereToGo(activeClusters(fleet).filter((c) => enforcesNetworkPolicies(fleet, c)))}, or give that cluster a plugin that enforces them (Calico, Cilium, kube-router, k3s's own) and set enforced: true there`,
      }];
    }
    if (tenant.plan.kind !== "dedicated") return [];
    if (cluster.origin.kind === "adopted") {
      return [{
        file,
        field: "plan",
        message: `"${tenant.cluster}" is adopted, and jardin cannot add machines to it; use plan { kind: "shared" } or a cluster jardin creates`,
      }];
    }
    if (cluster.status === "retiring") {
      return [{
        file,
        field: "plan",
        message: `"${tenant.cluster}" is retiring, and new machines there would be switched off with it; ${whereToGo(activeCreatedClusters(fleet))} or use plan { kind: "shared" }`,
      }];
    }
    const longest = nodeNames(tenant.cluster, dedicatedPoolKey(tenant.id), tenant.plan.count).at(-1)!;
    if (longest.length > MAX_NODE_NAME_LENGTH) {
      return [{
        file,
        field: "id",
        message: `the dedicated pool's node names ("${longest}") are longer than the ${MAX_NODE_NAME_LENGTH} characters a Kubernetes node name label allows; shorten the tenant id to ${tenant.id.length - (longest.length - MAX_NODE_NAME_LENGTH)} characters or fewer`,
      }];
    }
    return [];
  });
}

/** Node names become the `kubernetes.io/hostname` label, whose values Kubernetes caps at 63 characters. */
export const MAX_NODE_NAME_LENGTH = 63;

/** Active clusters: where a new tenant can go. */
function activeClusters(fleet: Fleet): string[] {
  return Object.entries(fleet.clusters)
    .filter(([, c]) => c.status === "active")
    .map(([name]) => name)
    .sort();
}

/** Whether a cluster's NetworkPolicies hold: a created one's (k3s's controller), or an adopted one declared so. */
function enforcesNetworkPolicies(fleet: Fleet, name: string): boolean {
  const origin = fleet.clusters[name]?.origin;
  return origin?.kind === "created" || origin?.existing.networkPolicies.enforced === true;
}

/** Active clusters jardin creates: where a dedicated pool can go. */
function activeCreatedClusters(fleet: Fleet): string[] {
  return Object.entries(fleet.clusters)
    .filter(([, c]) => c.status === "active" && c.origin.kind === "created")
    .map(([name]) => name)
    .sort();
}

function whereToGo(clusters: readonly string[]): string {
  return clusters.length === 0
    ? "declare an active cluster jardin creates and move the tenant there"
    : `move the tenant to an active cluster (cluster: ${listAlternatives(clusters)})`;
}

/** One value written at one place; `label` is how the other places name it in a message. */
interface Use {
  readonly file: string;
  readonly field: string;
  readonly value: string;
  readonly label: string;
}

/** A problem at every place whose value is used elsewhere too, each naming the others; none where `explained` says another problem tells it. */
function duplicateUseProblems(uses: readonly Use[], message: (value: string, others: string) => string, explained: Explained = () => false): Problem[] {
  return [...groupBy(uses, (use) => use.value).values()]
    .filter((group) => group.length > 1 && !explained(group.map((use) => use.file)))
    .flatMap((group) =>
      group.map((use) => ({
        file: use.file,
        field: use.field,
        message: message(use.value, group.filter((other) => other !== use).map((other) => other.label).join(", ")),
      })),
    );
}
