import { ownerLabel, ownerKey, ownersOf, type Owner } from "./owners";
import type { Snapshot, SnapshotResource } from "./snapshot";

export interface ChangedResource {
  readonly resource: SnapshotResource;
  /** Dotted paths that differ, e.g. `inputs.metadata.labels.jardin/lifecycle`, `protect`. */
  readonly paths: readonly string[];
}

export interface OwnerDiff {
  readonly owner: Owner;
  readonly added: readonly SnapshotResource[];
  readonly changed: readonly ChangedResource[];
  readonly removed: readonly SnapshotResource[];
}

/** What changes from `base` to `head`, grouped by tenant (then cluster, then fleet). */
export function diffSnapshots(base: Snapshot, head: Snapshot): OwnerDiff[] {
  const baseByUrn = new Map(base.resources.map((r) => [r.urn, r]));
  const headByUrn = new Map(head.resources.map((r) => [r.urn, r]));
  const headOwners = ownersOf(head);
  const baseOwners = ownersOf(base);
  const groups = new Map<string, { owner: Owner; added: SnapshotResource[]; changed: ChangedResource[]; removed: SnapshotResource[] }>();
  const groupOf = (owner: Owner) => {
    const key = ownerKey(owner);
    let group = groups.get(key);
    if (group === undefined) groups.set(key, (group = { owner, added: [], changed: [], removed: [] }));
    return group;
  };

  for (const resource of head.resources) {
    const before = baseByUrn.get(resource.urn);
    const owner = headOwners.get(resource.urn)!;
    if (before === undefined) {
      groupOf(owner).added.push(resource);
      continue;
    }
    const paths = changedPaths(comparable(before), comparable(resource), "");
    if (paths.length > 0) groupOf(owner).changed.push({ resource, paths });
  }
  for (const resource of base.resources) {
    if (!headByUrn.has(resource.urn)) groupOf(baseOwners.get(resource.urn)!).removed.push(resource);
  }
  return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, group]) => group);
}

export function formatDiff(diffs: readonly OwnerDiff[], baseLabel: string): string {
  const lines = [`jardin plan diff · against ${baseLabel}`, ""];
  let added = 0;
  let changed = 0;
  let removed = 0;
  for (const diff of diffs) {
    const parts = [
      diff.added.length > 0 ? `${diff.added.length} to add` : "",
      diff.changed.length > 0 ? `${diff.changed.length} to change` : "",
      diff.removed.length > 0 ? `${diff.removed.length} to remove` : "",
    ].filter((p) => p !== "");
    lines.push(`${ownerLabel(diff.owner)}: ${parts.join(", ")}`);
    for (const r of diff.added) lines.push(`  + ${r.type}  ${r.name}`);
    for (const c of diff.changed) lines.push(`  ~ ${c.resource.type}  ${c.resource.name}  (${c.paths.join(", ")})`);
    for (const r of diff.removed) lines.push(`  - ${r.type}  ${r.name}${removalNote(r)}`);
    lines.push("");
    added += diff.added.length;
    changed += diff.changed.length;
    removed += diff.removed.length;
  }
  if (diffs.length === 0) lines.push("no changes", "");
  lines.push(`total: ${added} to add, ${changed} to change, ${removed} to remove`);
  return lines.join("\n");
}

// A reviewer must see at once when a change would try to remove stored data.
function removalNote(resource: SnapshotResource): string {
  if (resource.protect) return "  [protected: pulumi up refuses to delete it until it is unprotected]";
  if (resource.retainOnDelete) return "  [retained: removed from the stack, kept in the cluster]";
  return "";
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
