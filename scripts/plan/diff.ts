import { formatFinding, replacedUrns, type GateFinding } from "./data-loss";
import { formatMoveText, type MoveDescription } from "./moves";
import { ownerLabel, ownerKey, ownersOf, type Owner } from "./owners";
import type { Snapshot, SnapshotResource } from "./snapshot";

export interface ChangedResource {
  readonly resource: SnapshotResource;
  /** The same resource in the base. */
  readonly before: SnapshotResource;
  /** Dotted paths that differ, e.g. `inputs.metadata.labels.jardin/lifecycle`, `protect`. */
  readonly paths: readonly string[];
}

export interface OwnerDiff {
  readonly owner: Owner;
  readonly added: readonly SnapshotResource[];
  readonly changed: readonly ChangedResource[];
  readonly removed: readonly SnapshotResource[];
}

/**
 * What changes from `base` to `head`, grouped by tenant (then cluster, then fleet). A head resource
 * whose `aliases` name a base resource is that resource, as the engine sees it: changed (its `urn`
 * among the paths), not removed and added; and a parent or provider that is the same resource
 * under a new URN is no change.
 */
export function diffSnapshots(base: Snapshot, head: Snapshot): OwnerDiff[] {
  const baseByUrn = new Map(base.resources.map((r) => [r.urn, r]));
  const formerUrn = formerUrns(base, head);
  const headByBaseUrn = new Map(head.resources.map((r) => [formerUrn.get(r.urn) ?? r.urn, r]));
  const headOwners = ownersOf(head);
  const baseOwners = ownersOf(base);
  const groups = new Map<string, { owner: Owner; added: SnapshotResource[]; changed: ChangedResource[]; removed: SnapshotResource[] }>();
  const groupOf = (owner: Owner) => {
    const key = ownerKey(owner);
    let group = groups.get(key);
    if (group === undefined) groups.set(key, (group = { owner, added: [], changed: [], removed: [] }));
    return group;
  };

  const asBefore = (urn: string | null) => (urn === null ? null : (formerUrn.get(urn) ?? urn));
  for (const resource of head.resources) {
    const before = baseByUrn.get(asBefore(resource.urn)!);
    const owner = headOwners.get(resource.urn)!;
    if (before === undefined) {
      groupOf(owner).added.push(resource);
      continue;
    }
    const paths = [
      ...(before.urn === resource.urn ? [] : ["urn"]),
      ...changedPaths(comparable(before), comparable({ ...resource, parent: asBefore(resource.parent), provider: asBefore(resource.provider) }), ""),
    ];
    if (paths.length > 0) groupOf(owner).changed.push({ resource, before, paths });
  }
  for (const resource of base.resources) {
    if (!headByBaseUrn.has(resource.urn)) groupOf(baseOwners.get(resource.urn)!).removed.push(resource);
  }
  return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, group]) => group);
}

/**
 * The diff as text: the data-loss gate's verdicts first, then each owner's resources. `findings`
 * mark the removals the gate let through (retained) and the changes that replace data.
 */
export function formatDiff(diffs: readonly OwnerDiff[], baseLabel: string, findings: readonly GateFinding[] = [], moves: readonly MoveDescription[] = []): string {
  const lines = [`jardin plan diff · against ${baseLabel}`, ""];
  if (findings.length > 0) {
    lines.push(gateHeadline(findings), ...findings.map((f) => `  ${formatFinding(f)}`), "");
  }
  for (const move of moves) lines.push(...formatMoveText(move), "");
  const totals = diffTotals(diffs);
  const replacedOnes = replacedUrns(findings);
  for (const diff of diffs) {
    lines.push(`${ownerLabel(diff.owner)}: ${countsOf(diff)}`);
    for (const r of diff.added) lines.push(`  + ${r.type}  ${r.name}`);
    for (const c of diff.changed) {
      const replaced = replacedOnes.has(c.resource.urn);
      const was = c.before.urn === c.resource.urn ? "" : `  [was ${c.before.urn}]`;
      lines.push(`  ${replaced ? "+-" : "~"} ${c.resource.type}  ${c.resource.name}  (${c.paths.join(", ")})${replaced ? "  [replaced]" : ""}${was}`);
    }
    for (const r of diff.removed) lines.push(`  - ${r.type}  ${r.name}${removalNote(r, findings)}`);
    lines.push("");
  }
  if (diffs.length === 0) lines.push("no changes", "");
  lines.push(`total: ${totals.added} to add, ${totals.changed} to change, ${totals.removed} to remove`);
  return lines.join("\n");
}

/** `2 to add, 1 to change`, for one owner. */
export function countsOf(diff: OwnerDiff): string {
  return [
    diff.added.length > 0 ? `${diff.added.length} to add` : "",
    diff.changed.length > 0 ? `${diff.changed.length} to change` : "",
    diff.removed.length > 0 ? `${diff.removed.length} to remove` : "",
  ]
    .filter((p) => p !== "")
    .join(", ");
}

export function diffTotals(diffs: readonly OwnerDiff[]): { added: number; changed: number; removed: number } {
  return {
    added: diffs.reduce((n, d) => n + d.added.length, 0),
    changed: diffs.reduce((n, d) => n + d.changed.length, 0),
    removed: diffs.reduce((n, d) => n + d.removed.length, 0),
  };
}

/** `data-loss gate: 2 refused, 1 retained (data kept), 3 replaced`. */
export function gateHeadline(findings: readonly GateFinding[]): string {
  const count = (verdict: GateFinding["verdict"]) => findings.filter((f) => f.verdict === verdict).length;
  const parts = [
    [count("refused"), "refused"],
    [count("declared"), "declared"],
    [count("retained"), "retained (data kept)"],
    [count("replaced"), "replaced (nothing stored lost)"],
  ] as const;
  return `data-loss gate: ${parts.filter(([n]) => n > 0).map(([n, label]) => `${n} ${label}`).join(", ")}`;
}

// A reviewer must see at once when a change would try to remove stored data.
export function removalNote(resource: SnapshotResource, findings: readonly GateFinding[] = []): string {
  const finding = findings.find((f) => f.resource.urn === resource.urn);
  if (finding?.verdict === "retained") return "  [retained, data kept]";
  if (finding?.verdict === "declared") return "  [declared]";
  if (finding?.verdict === "refused") return "  [REFUSED: data loss]";
  if (resource.protect) return "  [protected: pulumi up refuses to delete it until it is unprotected]";
  if (resource.retainOnDelete) return "  [retained: removed from the stack, kept in the cluster]";
  return "";
}

/**
 * Head URN → the base URN it had, as the engine matches them: by an alias naming a resource that is
 * in the base and no longer in the head; and, for a resource whose parent was found by such an alias
 * (only then), the URN it had under that parent's old URN (pulumi pkg/resource/deploy/
 * step_generator.go, generateAliases and inheritedChildAlias, v3.259.0).
 */
function formerUrns(base: Snapshot, head: Snapshot): Map<string, string> {
  const baseUrns = new Set(base.resources.map((r) => r.urn));
  const headUrns = new Set(head.resources.map((r) => r.urn));
  const headByUrn = new Map(head.resources.map((r) => [r.urn, r]));
  const former = new Map<string, string | undefined>();
  const isFormer = (urn: string) => baseUrns.has(urn) && !headUrns.has(urn);
  const formerOf = (resource: SnapshotResource): string | undefined => {
    if (former.has(resource.urn)) return former.get(resource.urn);
    let found: string | undefined;
    if (!baseUrns.has(resource.urn)) {
      found = resource.aliases?.find(isFormer);
      const parent = resource.parent === null ? undefined : headByUrn.get(resource.parent);
      const parentFormer = parent === undefined ? undefined : formerOf(parent);
      if (found === undefined && parent !== undefined && parentFormer !== undefined) {
        const inherited = inheritedChildUrn(resource, parent.name, parentFormer);
        if (isFormer(inherited)) found = inherited;
      }
    }
    former.set(resource.urn, found);
    return found;
  };
  for (const resource of head.resources) formerOf(resource);
  return new Map([...former].filter((entry): entry is [string, string] => entry[1] !== undefined));
}

/** The URN a child had under its parent's former URN: `{name}-details` children follow the parent's old name. */
function inheritedChildUrn(child: Pick<SnapshotResource, "type" | "name">, parentName: string, parentFormer: string): string {
  const separator = parentFormer.lastIndexOf("::");
  const formerParentName = parentFormer.slice(separator + 2);
  const name = child.name.startsWith(parentName) ? formerParentName + child.name.slice(parentName.length) : child.name;
  return `${parentFormer.slice(0, separator)}$${child.type}::${name}`;
}

function comparable(resource: SnapshotResource): Record<string, unknown> {
  const { parent, provider, protect, retainOnDelete, inputs } = resource;
  return { parent, provider, protect, retainOnDelete, inputs };
}

function changedPaths(before: unknown, after: unknown, path: string): string[] {
  if (isRecord(before) && isRecord(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((key) => changedPaths(before[key], after[key], path === "" ? key : `${path}.${key}`));
  }
  if (Array.isArray(before) && Array.isArray(after) && before.length === after.length) {
    return before.flatMap((item, i) => changedPaths(item, after[i], `${path}[${i}]`));
  }
  return JSON.stringify(before) === JSON.stringify(after) ? [] : [path];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
