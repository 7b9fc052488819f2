import { guardedResource } from "../../../model/identities";
import { BACKUP_TYPES, STATEFUL_TYPES } from "../../../model/stateful";
import { refused, type GateContext, type GateFinding } from "./finding";

/**
 * `retainOnDelete` and `protect` dropped from what the gate guards (stored data, backup machinery,
 * identities): the next removal would then delete it for real. An offboarding is declared as a
 * migration; `pulumi state unprotect` stays the reviewed step for letting one resource go.
 */
export function safetyNetFindings({ diffs }: GateContext): GateFinding[] {
  return diffs.flatMap((diff) =>
    diff.changed.flatMap(({ resource, before, paths }): GateFinding[] => {
      const kind = STATEFUL_TYPES[resource.type] ?? BACKUP_TYPES[resource.type] ?? (before.protect ? guardedResource(before)?.loses : undefined);
      if (kind === undefined) return [];
      const dropped = (["retainOnDelete", "protect"] as const).filter((option) => paths.includes(option) && before[option] && !resource[option]);
      return dropped.map((option) =>
        refused(
          diff.owner,
          resource,
          `loses ${option}: ${kind} would then be deleted for real by the next removal`,
          `keep ${option}: true; to offboard it on purpose, declare a migration naming ${resource.name} in the fleet file (declaredChanges.migrations)`,
          { kind: "migrations", happens: `${option} goes: a later removal deletes it` },
        ),
      );
    }),
  );
}
