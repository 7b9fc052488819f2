import { LABELS } from "../../model/contract/tenant-labels";
import { replacedUrns, type GateFinding, type GateOutputs } from "./data-loss";
import { countsOf, diffTotals, gateHeadline, removalNote, type OwnerDiff } from "./diff";
import { ownerLabel } from "./owners";
import { formatViolations, type Violation } from "./policies";
import { escapeHtml, formatMemberSummary, type TenantChange } from "./member-summary";
import { describeScope, type PreviewScope } from "./targets";

export interface MarkdownDiff {
  readonly diffs: readonly OwnerDiff[];
  readonly baseLabel: string;
  readonly findings: readonly GateFinding[];
  /** The head plan's outputs: which cluster each tenant is on. */
  readonly outputs: GateOutputs;
  readonly violations: readonly Violation[];
  readonly policyCount: number;
  /** What the real preview covers; absent when the base is not a commit. */
  readonly scope?: PreviewScope;
  /**
   * What the change means for the organisations, told first, the engineer's details then folded
   * below it. Absent: the engineer's comment alone.
   */
  readonly members?: { readonly changes: readonly TenantChange[]; readonly otherRefusals: readonly string[] };
}

/** Marks the comment, so a workflow updates its own comment instead of adding one. */
export const COMMENT_MARKER = "<!-- jardin-plan -->";

/**
 * The diff as a pull-request comment: data-loss verdicts first and in bold, a table per tenant and
 * cluster, the resources in collapsible sections, the policy results last.
 */
const VERDICT_LABELS: Readonly<Record<Exclude<GateFinding["verdict"], "refused">, string>> = {
  declared: "declared",
  retained: "retained, data kept",
  replaced: "replaced, nothing stored lost",
};

export function formatMarkdown(input: MarkdownDiff): string {
  const head = [COMMENT_MARKER, `### jardin plan · against \`${input.baseLabel}\``, ""];
  if (input.members === undefined) return [...head, ...engineerDetails(input)].join("\n");
  const totals = diffTotals(input.diffs);
  return [
    ...head,
    ...formatMemberSummary(input.members.changes, input.members.otherRefusals),
    `<details><summary>Engineer details: ${totals.added} to add, ${totals.changed} to change, ${totals.removed} to remove; data-loss gate, resources, policies</summary>`,
    "",
    ...engineerDetails(input),
    "",
    "</details>",
  ].join("\n");
}

/** The resources, the gate's verdicts and the policies, as an engineer reviews them. */
function engineerDetails(input: MarkdownDiff): string[] {
  const { diffs, findings, outputs } = input;
  const totals = diffTotals(diffs);
  const lines: string[] = [];

  if (findings.length > 0) {
    lines.push(`**${gateHeadline(findings)}**`, "");
    for (const f of findings) {
      const text = escapeHtml(`${ownerLabel(f.owner)}: \`${f.resource.type}\` \`${f.resource.name}\` ${f.what}; ${f.remedy}`);
      lines.push(f.verdict === "refused" ? `- **⛔ refused: ${text}**` : `- ${VERDICT_LABELS[f.verdict]}: ${text}`);
    }
    lines.push("");
  }

  if (diffs.length === 0) {
    lines.push("No changes.", "");
  } else {
    lines.push("| | cluster | to add | to change | to remove |", "| --- | --- | ---: | ---: | ---: |");
    for (const diff of diffs) {
      const cluster = diff.owner.kind === "tenant" ? (outputs.tenants[diff.owner.id]?.cluster ?? removedFrom(diff)) : diff.owner.kind === "cluster" ? diff.owner.name : "";
      lines.push(`| ${ownerLabel(diff.owner)} | ${cluster} | ${diff.added.length} | ${diff.changed.length} | ${diff.removed.length} |`);
    }
    lines.push(`| **total** | | **${totals.added}** | **${totals.changed}** | **${totals.removed}** |`, "");
  }
  if (input.scope !== undefined) lines.push(describeScope(input.scope), "");

  const replaced = replacedUrns(findings);
  for (const diff of diffs) {
    lines.push(
      `<details><summary>${ownerLabel(diff.owner)}: ${countsOf(diff)}</summary>`,
      "",
      "```diff",
      ...diff.added.map((r) => `+ ${r.type}  ${r.name}`),
      ...diff.changed.map((c) =>
        replaced.has(c.resource.urn)
          ? `- ${c.resource.type}  ${c.resource.name}  replaced (${c.paths.join(", ")})`
          : `! ${c.resource.type}  ${c.resource.name}  (${c.paths.join(", ")})`,
      ),
      ...diff.removed.map((r) => `- ${r.type}  ${r.name}${removalNote(r, findings)}`),
      "```",
      "",
      "</details>",
      "",
    );
  }

  const policies = formatViolations(input.violations, input.policyCount).split("\n");
  lines.push("#### Policies", "", ...policies.map((l) => escapeHtml(l.startsWith("  ") ? `- ${l.trim()}` : l)));
  return lines;
}

/** The comment when there is no plan to show: the declarations or the base could not be planned. */
export function formatMarkdownFailure(message: string): string {
  const fence = "```";
  return [COMMENT_MARKER, "### jardin plan · failed", "", "**Nothing could be planned; fix what this says and push again:**", "", fence, message, fence].join("\n");
}

/** `louise-michel (removed)`: the cluster a removed tenant's resources carry in their label. */
function removedFrom(diff: OwnerDiff): string {
  const cluster = diff.removed
    .map((r) => (r.inputs["metadata"] as { labels?: Record<string, string> } | undefined)?.labels?.[LABELS.cluster])
    .find((name) => name !== undefined);
  return cluster === undefined ? "(removed)" : `${cluster} (removed)`;
}

