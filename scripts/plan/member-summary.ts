import type { AppName } from "../../model/apps";
import type { Fleet } from "../../model/fleet";
import { tenantHostnames } from "../../model/hostnames";
import { isAtOrUnder } from "../../model/platform-hostnames";
import type { Declarations } from "../../model/registry";
import { MOVE_PHASES, servingCluster } from "../../model/move";
import type { Tenant } from "../../model/tenant";
import { fleetCapacity } from "../capacity";
import { costOf, type TenantCost } from "../capacity/cost";
import type { GateFinding } from "./data-loss";
import type { OwnerDiff } from "./diff";
import type { MoveDescription } from "./moves";
import type { Snapshot } from "./snapshot";

/** A tenant's monthly cost and estimated power, from the capacity report (scripts/capacity). */
export interface TenantFigures {
  readonly monthlyEur: number;
  readonly watts: number;
}

/** What a pull request means for one organisation, in its members' words. */
export interface TenantChange {
  readonly id: string;
  /** The organisation's name, from its file (the base's id when the file is gone). */
  readonly name: string;
  readonly kind: "new" | "changed" | "removed";
  readonly cluster?: string;
  /** Each app and the addresses it answers on. */
  readonly apps: readonly { readonly app: AppName; readonly hostnames: readonly string[] }[];
  /** Names the organisation must point at the cluster itself (its own domain), and where. */
  readonly dnsToSet: readonly { readonly name: string; readonly types: readonly ("A" | "AAAA")[] }[];
  /** Where those records point: an adopted cluster's declared address, or the created cluster's load balancer. */
  readonly dnsTarget?: string;
  readonly figures?: TenantFigures;
  /** The same figures before the change, when the base could be sized. */
  readonly figuresBefore?: TenantFigures;
  /** What the gate refused, in plain words. */
  readonly refused: readonly string[];
  /** A move under way, as the plan tells it (scripts/plan/moves.ts). */
  readonly move?: MoveDescription;
}

export interface MemberSummaryInput {
  readonly diffs: readonly OwnerDiff[];
  readonly findings: readonly GateFinding[];
  readonly declarations: Declarations;
  readonly costs: ReadonlyMap<string, TenantCost>;
  /** Per tenant, its figures in the base; empty when the base could not be sized. */
  readonly costsBefore: ReadonlyMap<string, TenantCost>;
  /** The moves the head declares (scripts/plan/moves.ts). @default none */
  readonly moves?: readonly MoveDescription[];
}

/**
 * Each tenant's share of its cluster's monthly cost and power, as `npm run report` gives it; empty
 * when the plan cannot be sized (its problems are the plan's own to report).
 */
export function tenantCosts(snapshot: Snapshot, declarations: Declarations): Map<string, TenantCost> {
  const { workloads, clusters } = fleetCapacity(snapshot, declarations);
  if (workloads.problems.length > 0) return new Map();
  const tenants = declarations.tenants.map((t) => t.tenant);
  return new Map(costOf({ fleet: declarations.fleet, tenants, capacity: clusters, workloads }).tenants.map((t) => [t.tenant, t]));
}

/**
 * The base's figures, sized on today's fleet file with the tenants the base has: an estimate of
 * what each cost before (exact unless this change also edits the fleet file). Empty if the base
 * cannot be sized that way.
 */
export function baseTenantCosts(base: Snapshot, head: Declarations): Map<string, TenantCost> {
  const inBase = new Set(base.resources.filter((r) => r.type === "jardin:tenant:Tenant").map((r) => r.name));
  try {
    return tenantCosts(base, { fleet: head.fleet, tenants: head.tenants.filter((t) => inBase.has(t.tenant.id)) });
  } catch {
    // A base planned by older code may hold what today's sizing cannot read: no "before" figures then.
    return new Map();
  }
}

/** One entry per tenant the diff adds, changes or removes, in the diff's order. */
export function tenantChanges(input: MemberSummaryInput): TenantChange[] {
  const { fleet } = input.declarations;
  const tenants = new Map(input.declarations.tenants.map((t) => [t.tenant.id, t.tenant]));
  return input.diffs.flatMap((diff): TenantChange[] => {
    if (diff.owner.kind !== "tenant") return [];
    const id = diff.owner.id;
    const tenant = tenants.get(id);
    const kind = tenant === undefined ? "removed" : diff.added.some((r) => r.type === "jardin:tenant:Tenant") ? "new" : "changed";
    const refused = input.findings.filter((f) => f.verdict === "refused" && f.owner.kind === "tenant" && f.owner.id === id).map(plainRefusal);
    const figures = (cost: TenantCost | undefined) => (cost === undefined ? undefined : { monthlyEur: cost.monthly.total, watts: cost.watts });
    if (tenant === undefined) return [{ id, name: id, kind, apps: [], dnsToSet: [], refused, figuresBefore: figures(input.costsBefore.get(id)) }];
    // A moving organisation's names point at the cluster it leaves until the switch.
    const dns = dnsToSet(fleet, tenant, servingCluster(tenant));
    return [{
      id,
      name: tenant.name,
      kind,
      cluster: tenant.cluster,
      apps: appsOf(tenant),
      dnsToSet: dns.records,
      dnsTarget: dns.target,
      figures: figures(input.costs.get(id)),
      figuresBefore: figures(input.costsBefore.get(id)),
      refused,
      ...withMove(input.moves?.find((m) => m.id === id)),
    }];
  });
}

const withMove = (move: MoveDescription | undefined) => (move === undefined ? {} : { move });

function appsOf(tenant: Tenant): TenantChange["apps"] {
  const byApp = new Map<AppName, string[]>();
  for (const h of tenantHostnames(tenant)) byApp.set(h.app, [...(byApp.get(h.app) ?? []), h.hostname]);
  return [...byApp.entries()].map(([app, hostnames]) => ({ app, hostnames }));
}

/**
 * The records an organisation sets at its own registrar, as the stack output `dnsRecordsToSet`
 * lists them (components/platform/dns.ts): every hostname outside the collective's base domain,
 * A, and AAAA where the cluster's ingress has an IPv6 address (a created cluster's load balancer
 * always has one; an adopted cluster's when its fleet entry declares `address6`).
 */
export function dnsToSet(fleet: Fleet, tenant: Tenant, on: string = tenant.cluster): { records: TenantChange["dnsToSet"]; target?: string } {
  const cluster = fleet.clusters[on];
  const own = tenantHostnames(tenant).filter((h) => !isAtOrUnder(h.hostname, fleet.baseDomain));
  if (cluster === undefined || own.length === 0) return { records: [] };
  const ingress = cluster.origin.kind === "adopted" ? cluster.origin.existing.ingress : undefined;
  const types: ("A" | "AAAA")[] = ingress === undefined || ingress.address6 !== undefined ? ["A", "AAAA"] : ["A"];
  const target =
    ingress === undefined
      ? `the ingress load balancer of ${on} (its addresses are known once applied: \`pulumi stack output dnsRecordsToSet\`)`
      : [ingress.address, ingress.address6].filter((a) => a !== undefined).join(" and ");
  return { records: [...new Set(own.map((h) => h.hostname))].map((name) => ({ name, types })), target };
}

/** A refusal as a member reads it: what would be lost, then what to do instead. */
function plainRefusal(f: GateFinding): string {
  return `\`${f.resource.name}\` ${f.what}. Instead: ${f.remedy}`;
}

const APP_LABELS: Readonly<Record<AppName, string>> = {
  nextcloud: "Nextcloud (files, office)",
  jitsi: "Jitsi (video calls)",
  matrix: "Matrix (chat)",
  mobilizon: "Mobilizon (events)",
  hedgedoc: "HedgeDoc (pads)",
  grist: "Grist (databases)",
};

/**
 * The comment's opening for members: per organisation added, changed or removed, its apps and
 * addresses, the DNS records it must set, its monthly cost and power, and what was refused; then
 * anything else refused. Markdown; every line ends with what to do.
 */
export function formatMemberSummary(changes: readonly TenantChange[], otherRefusals: readonly string[]): string[] {
  const lines: string[] = [];
  const refusedCount = changes.reduce((n, c) => n + c.refused.length, 0) + otherRefusals.length;
  if (refusedCount > 0) lines.push(`**⛔ This change cannot be applied as it is: ${refusedCount} refusal${refusedCount === 1 ? "" : "s"}, each below with what to do instead.**`, "");
  if (changes.length === 0) lines.push("No organisation is added, changed or removed.", "");
  for (const change of changes) {
    const where = change.cluster === undefined ? "" : ` on ${change.cluster}`;
    lines.push(`**${escapeHtml(change.name)}** (\`${change.id}\`, ${change.kind === "removed" ? "removed" : `${change.kind}${where}`})`, "");
    for (const { app, hostnames } of change.apps) lines.push(`- ${APP_LABELS[app]}: ${hostnames.map((h) => `https://${h}`).join(", ")}`);
    if (change.kind !== "removed") {
      if (change.dnsToSet.length === 0) lines.push("- DNS: nothing to do, its names are under the collective's domain and jardin sets them.");
      else {
        lines.push(`- DNS: at its registrar, the organisation points these names at ${escapeHtml(change.dnsTarget ?? "its cluster")}:`);
        for (const record of change.dnsToSet) lines.push(`  - \`${record.name}\`: ${record.types.join(" and ")}`);
      }
    }
    if (change.move !== undefined) lines.push(...moveLines(change.move));
    const cost = costLine(change);
    if (cost !== undefined) lines.push(`- ${cost}`);
    for (const refusal of change.refused) lines.push(`- **⛔ Refused:** ${escapeHtml(refusal)}`);
    lines.push("");
  }
  for (const refusal of otherRefusals) lines.push(`- **⛔ Refused:** ${escapeHtml(refusal)}`);
  if (otherRefusals.length > 0) lines.push("");
  return lines;
}

/** A move in the members' words: where it is, what they see, the data it carries, the DNS at the switch. */
function moveLines(move: MoveDescription): string[] {
  const phases = MOVE_PHASES.map((p) => (p === move.phase ? `**${p}**` : p)).join(" → ");
  const records = move.recordsToChange.records;
  return [
    `- **Moving** from ${move.from} to ${move.to}, phase ${phases}: ${escapeHtml(move.now)}.`,
    `- Its apps are unavailable ${escapeHtml(move.downtime)}.`,
    ...move.databases.map((d) => `- Database \`${d.app}\`: recovered from \`${d.from}\` (archive \`${d.archive}\`) to ${escapeHtml(d.until)}; archives as \`${d.archiveAs}\` from then on.`),
    ...move.volumes.map((v) => `- Volume \`${v.claim}\`: restored from the last snapshot of \`${v.path}\` in \`${v.repository}\`.`),
    ...(move.namesJardinSwitches.length === 0 ? [] : [`- DNS at the switch: jardin points ${move.namesJardinSwitches.map((n) => `\`${n}\``).join(", ")} at ${move.to}.`]),
    ...(records.length === 0
      ? []
      : [
          `- DNS at the switch: at its registrar, the organisation points these names at ${escapeHtml(move.recordsToChange.target ?? move.to)}:`,
          ...records.map((r) => `  - \`${r.name}\`: ${r.types.join(" and ")}`),
        ]),
    `- Next: ${escapeHtml(move.next)}.`,
  ];
}

function costLine(change: TenantChange): string | undefined {
  const { figures: now, figuresBefore: was } = change;
  const euro = (n: number) => `€${n.toFixed(2)}`;
  if (now === undefined && was === undefined) return undefined;
  if (now === undefined) return `Cost: ${euro(was!.monthlyEur)} a month and about ${was!.watts} W before, nothing once removed from the plan.`;
  const before = was === undefined ? "" : ` (was ${euro(was.monthlyEur)} and ${was.watts} W)`;
  return `Cost: ${euro(now.monthlyEur)} a month, about ${now.watts} W (estimated)${before}; its share of its cluster (\`npm run report\`).`;
}

// Outside code blocks, a comment renders `<name>` as an HTML tag, i.e. not at all.
export function escapeHtml(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}
