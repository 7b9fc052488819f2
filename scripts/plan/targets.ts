import type { OwnerDiff } from "./diff";

/** What a real `pulumi preview` of a pull request needs to look at. */
export type PreviewScope =
  | { readonly kind: "targeted"; readonly tenants: readonly string[]; readonly urns: readonly string[] }
  | { readonly kind: "whole"; readonly reason: string };

/** Where tenant files live, relative to the repository root. */
export const TENANTS_FOLDER = "tenants/";

/**
 * A pull request that touches only tenant files changes only those tenants' resources: the
 * preview targets them (with `--target-dependents`) and stays fast however large the fleet grows.
 * Any other file may change anything, so the preview covers the whole stack.
 */
export function previewScope(changedFiles: readonly string[], diffs: readonly OwnerDiff[]): PreviewScope {
  const others = changedFiles.filter((file) => !file.startsWith(TENANTS_FOLDER));
  if (changedFiles.length === 0) return { kind: "whole", reason: "no file changed" };
  if (others.length > 0) return { kind: "whole", reason: `files outside ${TENANTS_FOLDER} changed (${others.slice(0, 3).join(", ")}${others.length > 3 ? ", ..." : ""})` };
  const outside = diffs.filter((d) => d.owner.kind !== "tenant");
  if (outside.length > 0) return { kind: "whole", reason: "the tenant files change resources outside their tenants" };
  const urns = diffs.flatMap((d) => [...d.added, ...d.changed.map((c) => c.resource), ...d.removed].map((r) => r.urn));
  if (urns.length === 0) return { kind: "whole", reason: "the tenant files changed but no resource does" };
  const tenants = diffs.flatMap((d) => (d.owner.kind === "tenant" ? [d.owner.id] : []));
  return { kind: "targeted", tenants, urns: [...new Set(urns)].sort() };
}

/** One line for the reviewer: what the real preview covers and why. */
export function describeScope(scope: PreviewScope): string {
  return scope.kind === "targeted"
    ? `The real preview targets the changed tenants only (${scope.tenants.join(", ")}: ${scope.urns.length} resources, \`--target\` with \`--target-dependents\`): only tenant files changed.`
    : `The real preview covers the whole stack: ${scope.reason}.`;
}
