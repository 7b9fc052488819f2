import { LABELS } from "../../model/contract/tenant-labels";
import { PERMANENT_LABELS, replaceForcingChanges } from "../../model/replacements";
import { isStatefulType, STATEFUL_TYPES } from "../../model/stateful";
import type { StackOutputs } from "../../stacks/program";
import type { OwnerDiff } from "./diff";
import { ownerLabel, TENANT_TYPE, type Owner } from "./owners";
import type { Snapshot, SnapshotResource } from "./snapshot";

/**
 * One verdict of the data-loss gate. `refused` fails the plan; `retained` is a removal the gate
 * lets through because the data stays where it is (an archived tenant's, kept by retainOnDelete).
 */
export interface GateFinding {
  readonly verdict: "refused" | "retained";
  readonly owner: Owner;
  readonly resource: Pick<SnapshotResource, "urn" | "type" | "name">;
  /** What the change does to the data, e.g. `is removed`, `is replaced: spec.storageClassName changes (...)`. */
  readonly what: string;
  /** What to do instead (refused), or why the data is safe (retained). */
  readonly remedy: string;
}

/** The head plan's view of clusters and tenants (its stack outputs). */
export type GateOutputs = Pick<StackOutputs, "clusters"> & {
  readonly tenants: Readonly<Record<string, { readonly cluster: string; readonly state: string }>>;
};

const archiveFirst = (id: string) =>
  `archive the tenant first (state: "archived"), take its export (npm run export -- ${id}), then remove the file in a later pull request; ` +
  "ids are permanent (they name the namespace, the realm and the backups): to rename an organisation, keep its file and id and change `name`; " +
  "for new hostnames change `domain` there too (Matrix keeps its server name only if `apps.matrix.serverName` says the old one)";

/**
 * Refuses every change of a diff that would remove or replace stored data, and every new tenant
 * on a retiring cluster. Returns every finding at once, refused ones first.
 */
export function dataLossGate(base: Snapshot, diffs: readonly OwnerDiff[], head: GateOutputs): GateFinding[] {
  const states = tenantStates(base);
  const findings: GateFinding[] = [];
  for (const diff of diffs) {
    const tenantId = diff.owner.kind === "tenant" ? diff.owner.id : undefined;
    const state = tenantId === undefined ? undefined : states.get(tenantId);
    const tenantRemoved = diff.removed.some((r) => r.type === TENANT_TYPE);

    for (const resource of diff.removed.filter((r) => isStatefulType(r.type))) {
      const kept = state === "archived" && resource.retainOnDelete;
      findings.push({
        verdict: kept ? "retained" : "refused",
        owner: diff.owner,
        resource,
        what: `is removed: ${STATEFUL_TYPES[resource.type]}`,
        remedy: kept
          ? "retained, data kept: the tenant is archived and the resource stays in the cluster once `pulumi state unprotect` lets it go"
          : removalRemedy(resource, diff, tenantRemoved),
      });
    }

    for (const { resource, paths, before } of diff.changed) {
      findings.push(...permanentLabelFindings(diff.owner, resource, paths, before));
      if (!isStatefulType(resource.type)) continue;
      const forcing = replaceForcingChanges(resource.type, paths);
      if (forcing.length > 0) {
        findings.push({
          verdict: "refused",
          owner: diff.owner,
          resource,
          what: `is replaced: ${forcing.map((f) => `${f.path} changes (${f.why})`).join("; ")}`,
          remedy: "put the old value back; ids are permanent; to rename, keep the resource's name and give the new one an alias (Pulumi `aliases`)",
        });
      }
      if (paths.includes("provider")) {
        // Nothing may write to either copy while the data is restored: not active before, nor after.
        const headState = tenantId === undefined ? undefined : head.tenants[tenantId]?.state;
        const moved = state !== undefined && state !== "active" && headState !== undefined && headState !== "active" && before.retainOnDelete;
        findings.push({
          verdict: moved ? "retained" : "refused",
          owner: diff.owner,
          resource,
          what: `is replaced: its provider changes (${providerName(before.provider)} → ${providerName(resource.provider)}), so it is made anew, empty`,
          remedy: moved
            ? `retained, data kept: the tenant is ${state} and the old one stays on ${providerName(before.provider)}; restore its data from backups before making it active`
            : `to move a tenant to another cluster, suspend it first (state: "suspended") and move it in a pull request of its own, then restore its data from backups; to rename a provider, give it an alias`,
        });
      }
    }

    // A tenant whose namespace is imported ran there before jardin (an adoption): it is not new.
    const adopted = diff.added.some((r) => r.type === "kubernetes:core/v1:Namespace" && r.import !== undefined);
    if (tenantId !== undefined && !adopted && diff.added.some((r) => r.type === TENANT_TYPE)) {
      const cluster = head.tenants[tenantId]?.cluster;
      if (cluster !== undefined && head.clusters[cluster]?.status === "retiring") {
        const active = Object.entries(head.clusters).filter(([, c]) => c.status === "active").map(([name]) => `"${name}"`);
        findings.push({
          verdict: "refused",
          owner: diff.owner,
          resource: diff.added.find((r) => r.type === TENANT_TYPE)!,
          what: `is new on cluster ${cluster}, which is retiring and takes no new tenant`,
          remedy: `set cluster: ${active.join(" or ")} in the tenant file`,
        });
      }
    }
  }
  return [...findings.filter((f) => f.verdict === "refused"), ...findings.filter((f) => f.verdict === "retained")];
}

/** What to do instead of removing stored data, by what the removal most likely is. */
function removalRemedy(resource: SnapshotResource, diff: OwnerDiff, tenantRemoved: boolean): string {
  // The same kind of resource added beside it: most likely the same data under a new name.
  const renamedTo = diff.added.find((r) => r.type === resource.type);
  if (renamedTo !== undefined) {
    return `if ${renamedTo.name} is ${resource.name} renamed, give it \`aliases: [{ name: "${resource.name}" }]\` so Pulumi keeps it instead of making it anew; otherwise keep ${resource.name}`;
  }
  if (diff.owner.kind !== "tenant") return "keep it; letting it go is a reviewed `pulumi state unprotect` once its data is saved elsewhere";
  if (tenantRemoved) return archiveFirst(diff.owner.id);
  return `an app's data goes with it: keep the app in the file until its data is exported (npm run export -- ${diff.owner.id}), or archive the whole tenant`;
}

/** URNs of the resources the gate finds replaced (made anew) rather than updated. */
export function replacedUrns(findings: readonly GateFinding[]): Set<string> {
  return new Set(findings.filter((f) => f.what.startsWith("is replaced")).map((f) => f.resource.urn));
}

export function formatFinding(finding: GateFinding): string {
  const mark = finding.verdict === "refused" ? "REFUSED" : "retained";
  return `${mark}: ${ownerLabel(finding.owner)}: ${finding.resource.type} ${finding.resource.name} ${finding.what}; ${finding.remedy}`;
}

/** Lifecycle state of every tenant in a snapshot, from its namespace's label. */
function tenantStates(snapshot: Snapshot): Map<string, string> {
  const states = new Map<string, string>();
  for (const resource of snapshot.resources) {
    if (resource.type !== "kubernetes:core/v1:Namespace") continue;
    const labels = (resource.inputs["metadata"] as { labels?: Record<string, string> } | undefined)?.labels ?? {};
    const tenant = labels[LABELS.tenant];
    const state = labels[LABELS.lifecycle];
    if (tenant !== undefined && state !== undefined) states.set(tenant, state);
  }
  return states;
}

function permanentLabelFindings(owner: Owner, resource: SnapshotResource, paths: readonly string[], before: SnapshotResource): GateFinding[] {
  return Object.entries(PERMANENT_LABELS).flatMap(([label, why]) => {
    if (!paths.includes(`inputs.metadata.labels.${label}`)) return [];
    return [{
      verdict: "refused" as const,
      owner,
      resource,
      what: `changes ${label} from ${JSON.stringify(labelOf(before, label))} to ${JSON.stringify(labelOf(resource, label))} (${why})`,
      remedy: "ids and Matrix server names are permanent: put the old value back; to rename an organisation change `name` (and `domain` for new hostnames), never `id`",
    }];
  });
}

function labelOf(resource: SnapshotResource, label: string): string | undefined {
  return (resource.inputs["metadata"] as { labels?: Record<string, string> } | undefined)?.labels?.[label];
}

/** `louise-michel-k8s` from a provider URN. */
function providerName(urn: string | null): string {
  return urn === null ? "the default provider" : (urn.split("::").at(-1) ?? urn);
}
