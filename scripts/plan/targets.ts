import type { OwnerDiff } from "./diff";
import { ownerLabel } from "./owners";

/** What a real `pulumi preview` of a pull request needs to look at. */
export type PreviewScope =
  | {
      readonly kind: "targeted";
      readonly tenants: readonly string[];
      /** Clusters and the fleet whose resources the tenant files change (a firewall rule, DNS records). */
      readonly shared: readonly string[];
      readonly urns: readonly string[];
    }
  | { readonly kind: "whole"; readonly reason: string };

/** Where tenant files live, relative to the repository root. */
export const TENANTS_FOLDER = "tenants/";

/**
 * A pull request that touches only tenant files changes only what those files cause: their
 * tenants' resources and the shared ones they reach (a Jitsi tenant opens its videobridge port in
 * its cluster's firewall, a name under the base domain adds records to the fleet's zone). The
 * preview targets all of them (with `--target-dependents`) and stays fast however large the fleet
 * grows. Any other file may change anything, so the preview covers the whole stack.
 */
export function previewScope(changedFiles: readonly string[], diffs: readonly OwnerDiff[]): PreviewScope {
  const others = changedFiles.filter((file) => !file.startsWith(TENANTS_FOLDER));
  if (changedFiles.length === 0) return { kind: "whole", reason: "no file changed" };
  if (others.length > 0) return { kind: "whole", reason: `files outside ${TENANTS_FOLDER} changed (${others.slice(0, 3).join(", ")}${others.length > 3 ? ", ..." : ""})` };
  const urns = diffs.flatMap((d) => [...d.added, ...d.changed.map((c) => c.resource), ...d.removed].map((r) => r.urn));
  if (urns.length === 0) return { kind: "whole", reason: "the tenant files changed but no resource does" };
  const tenants = diffs.flatMap((d) => (d.owner.kind === "tenant" ? [d.owner.id] : []));
  const shared = diffs.flatMap((d) => (d.owner.kind === "tenant" ? [] : [ownerLabel(d.owner)]));
  return { kind: "targeted", tenants, shared, urns: [...new Set(urns)].sort() };
}

/** One line for the reviewer: what the real preview covers and why. */
export function describeScope(scope: PreviewScope): string {
  if (scope.kind === "whole") return `The real preview covers the whole stack: ${scope.reason}.`;
  const touched = scope.shared.length === 0 ? "" : ` and what they touch in ${scope.shared.join(", ")}`;
  return `The real preview targets the changed tenants${touched} only (${scope.tenants.join(", ")}: ${scope.urns.length} resources, \`--target\` with \`--target-dependents\`): only tenant files changed.`;
}
