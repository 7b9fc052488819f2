import { guardedResource } from "../../../model/identities";
import { BACKUP_TYPES, STATEFUL_TYPES } from "../../../model/stateful";
import type { OwnerDiff } from "../diff";
import { TENANT_TYPE } from "../owners";
import type { SnapshotResource } from "../snapshot";
import { refused, type GateContext, type GateFinding } from "./finding";
import { isNewSide } from "./tenant-states";

const archiveFirst = (id: string) =>
  `archive the tenant first (state: "archived"), take its export (npm run export -- ${id}), then remove the file in a later pull request; ` +
  "ids are permanent (they name the namespace, the realm and the backups): to rename an organisation, keep its file and id and change `name`; " +
  "for new hostnames change `domain` there too (Matrix keeps its server name only if `apps.matrix.serverName` says the old one)";

/**
 * Removals of what holds data (model/stateful.ts), keeps its backups running, or is an identity or
 * a control-plane server (model/identities.ts, protected in the base). Only an archived tenant's
 * go, shown as retained.
 */
export function removalFindings({ diffs, baseStates, head }: GateContext): GateFinding[] {
  return diffs.flatMap((diff) => {
    const tenantId = diff.owner.kind === "tenant" ? diff.owner.id : undefined;
    // Archived in the base, or archived by this change (the program stops what an archived tenant does not need).
    const archived = tenantId !== undefined && (baseStates.get(tenantId) === "archived" || head.outputs.tenants[tenantId]?.state === "archived");
    const tenantRemoved = diff.removed.some((r) => r.type === TENANT_TYPE);
    // A tenant's file removed: whatever it guards goes the one way there is, archive first.
    const archiveTenant = tenantRemoved && tenantId !== undefined ? archiveFirst(tenantId) : undefined;
    // A released move: the old side leaves the stack, its objects stay on the cluster it left.
    const move = tenantId === undefined ? undefined : head.outputs.tenants[tenantId]?.move;
    const released = move?.phase === "release" ? move.from : undefined;
    return diff.removed.flatMap((resource): GateFinding[] => {
      if (released !== undefined && !isNewSide(resource.urn)) {
        const what = `is removed: the old side on ${released}${STATEFUL_TYPES[resource.type] === undefined ? "" : ` (${STATEFUL_TYPES[resource.type]})`}`;
        return STATEFUL_TYPES[resource.type] !== undefined || BACKUP_TYPES[resource.type] !== undefined || resource.protect
          ? [retained(diff, resource, what, `retained, data kept on ${released}: the move is released; ${resource.protect ? "`pulumi state unprotect` it before the apply (the reviewed step), then " : ""}delete it there once the organisation has checked its data on the new side`)]
          : [];
      }
      const stateful = STATEFUL_TYPES[resource.type];
      if (stateful !== undefined) {
        const kept = archived && resource.retainOnDelete;
        return kept
          ? [retained(diff, resource, `is removed: ${stateful}`, "retained, data kept: the tenant is archived and the resource stays in the cluster once `pulumi state unprotect` lets it go")]
          : [refused(diff.owner, resource, `is removed: ${stateful}`, removalRemedy(resource, diff, tenantRemoved))];
      }
      const backup = BACKUP_TYPES[resource.type];
      if (backup !== undefined) {
        const what = `is removed: ${backup}`;
        // An archived tenant's file removed: its backups end with it; its archives stay.
        return archived
          ? [retained(diff, resource, what, "retained: the tenant is archived; the archives already made stay in the bucket")]
          : [refused(diff.owner, resource, what, archiveTenant ?? `keep it: backups stop with it; declare a migration naming ${resource.name} in the fleet file (declaredChanges.migrations) that says where the backups go`, {
              kind: "migrations",
              happens: "its backups stop; the archives already made stay in the bucket",
            })];
      }
      const guarded = resource.protect ? guardedResource(resource) : undefined;
      if (guarded === undefined) return [];
      const what = `is removed: ${guarded.loses}`;
      if (archived) return [retained(diff, resource, what, "goes with the archived tenant once `pulumi state unprotect` lets it go")];
      return [refused(diff.owner, resource, what, archiveTenant ?? guardedRemedy(resource, guarded.declaredIn), { kind: guarded.declaredIn, happens: `it goes: ${guarded.loses}` })];
    });
  });
}

/** What to do instead of removing or replacing an identity or a control-plane server. */
export function guardedRemedy(resource: Pick<SnapshotResource, "type" | "name">, declaredIn: "rotations" | "migrations"): string {
  if (resource.type === "hcloud:index/server:Server") {
    return `a control-plane server goes in steps: \`kubectl delete node ${resource.name}\` first (it leaves etcd), then a pull request that lowers its pool and declares a migration naming ${resource.name} (declaredChanges.migrations); keep an odd number of servers, 3 at least`;
  }
  return `put back what changed; to regenerate it on purpose, declare a rotation naming ${resource.name} in the fleet file (declaredChanges.${declaredIn}) saying how what depends on it follows`;
}

function retained(diff: OwnerDiff, resource: SnapshotResource, what: string, remedy: string): GateFinding {
  return { verdict: "retained", owner: diff.owner, resource, what, remedy };
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
