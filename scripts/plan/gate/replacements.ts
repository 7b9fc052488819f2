import { guardedResource } from "../../../model/identities";
import { REPLACEMENT_LOSSES, replaceForcingChanges } from "../../../model/replacements";
import { STATEFUL_TYPES } from "../../../model/stateful";
import type { ChangedResource, OwnerDiff } from "../diff";
import { refused, type GateContext, type GateFinding } from "./finding";
import { guardedRemedy } from "./removals";
import { declareMoveHint } from "./moves";
import { providerName } from "./tenant-states";

/**
 * Changes the providers carry out as a replacement (delete, then create), judged as they do: a
 * changed replace-forcing field (test/contracts/providers/replace-forcing.json) outside the
 * resource's `ignoreChanges`, or a new provider. Every one is shown as `+-`; the gate refuses those
 * that lose stored data, an identity, a machine or a public address (model/replacements.ts).
 */
export function replacementFindings({ diffs, head }: GateContext): GateFinding[] {
  return diffs.flatMap((diff) =>
    diff.changed.flatMap((change): GateFinding[] => {
      // A new provider makes everything anew on its cluster: whatever else changed is new there too.
      if (change.paths.includes("provider")) return [providerChange(diff, change, head.outputs.tenants)];
      const ignored = change.resource.ignoreChanges ?? [];
      const forcing = replaceForcingChanges(change.resource.type, change.paths).filter(
        (path) => !ignored.some((i) => path === i || path.startsWith(`${i}.`) || path.startsWith(`${i}[`)),
      );
      if (forcing.length === 0) return [];
      return [forcedReplacement(diff, change, forcing)];
    }),
  );
}

function forcedReplacement(diff: OwnerDiff, { resource, before }: ChangedResource, forcing: readonly string[]): GateFinding {
  const cause = `is replaced (${forcing.join(", ")} ${forcing.length === 1 ? "forces" : "force"} a new one)`;
  const stateful = STATEFUL_TYPES[resource.type];
  if (stateful !== undefined) {
    return refused(
      diff.owner,
      resource,
      `${cause}: loses ${stateful}, made anew, empty`,
      "put the old value back; ids are permanent; to rename, keep the resource's name and give the new one an alias (Pulumi `aliases`)",
    );
  }
  const guarded = before.protect ? guardedResource(before) : undefined;
  if (guarded !== undefined) {
    return refused(diff.owner, resource, `${cause}: loses ${guarded.loses}`, guardedRemedy(resource, guarded.declaredIn), {
      kind: guarded.declaredIn,
      happens: `made anew: ${guarded.loses}`,
    });
  }
  const loss = REPLACEMENT_LOSSES[resource.type];
  if (loss !== undefined) {
    return refused(
      diff.owner,
      resource,
      `${cause}: loses ${loss}`,
      `put the old value back (a pool's or load balancer's location comes from its own field or from the cluster's first location: append new locations to \`locations\`, never reorder them); to replace it on purpose, declare a migration naming ${resource.name} in the fleet file (declaredChanges.migrations)`,
      { kind: "migrations", happens: `made anew: ${loss}` },
    );
  }
  return { verdict: "replaced", owner: diff.owner, resource, what: `${cause}: made anew, nothing stored in it`, remedy: "shown as a replacement, not an update" };
}

function providerChange(
  diff: OwnerDiff,
  { resource, before }: ChangedResource,
  headTenants: Readonly<Record<string, { readonly cluster: string }>>,
): GateFinding {
  const what = `is replaced: its provider changes (${providerName(before.provider)} → ${providerName(resource.provider)}), so it is made anew`;
  const stateful = STATEFUL_TYPES[resource.type];
  if (stateful === undefined) return { verdict: "replaced", owner: diff.owner, resource, what, remedy: "made anew on its new cluster; nothing stored in it" };
  const tenantId = diff.owner.kind === "tenant" ? diff.owner.id : undefined;
  const to = tenantId === undefined ? undefined : headTenants[tenantId]?.cluster;
  // A tenant's cluster edited in place: the same URNs on another cluster, every store made anew,
  // empty. A move is declared instead (scripts/plan/gate/moves.ts), whatever the tenant's state.
  return refused(
    diff.owner,
    resource,
    `${what}, empty`,
    tenantId === undefined || to === undefined
      ? "to rename a provider, give it an alias"
      : `editing cluster moves nothing: ${declareMoveHint(tenantId, clusterOfProvider(before.provider), to)}`,
  );
}

/** `louise-michel` from the URN of its Kubernetes provider (`<cluster>-k8s`, components/cluster/). */
function clusterOfProvider(urn: string | null): string {
  return providerName(urn).replace(/-k8s$/, "");
}
