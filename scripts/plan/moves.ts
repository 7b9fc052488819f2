import { isAtOrUnder } from "../../model/platform-hostnames";
import { tenantHostnames } from "../../model/hostnames";
import { movedServerName, moveSources, MOVE_PHASES, type Move } from "../../model/move";
import type { Declarations } from "../../model/registry";
import type { Tenant } from "../../model/tenant";
import { volumeBackupsPath } from "../../components/tenant/backups";
import { dnsToSet } from "./member-summary";

/** A move as the plan tells it: where it is, the data it carries, what the organisation sees. */
export interface MoveDescription {
  readonly id: string;
  readonly name: string;
  readonly from: string;
  readonly to: string;
  readonly phase: Move["phase"];
  /** What this phase does. */
  readonly now: string;
  readonly databases: readonly { readonly app: string; readonly from: string; readonly archive: string; readonly archiveAs: string; readonly until: string }[];
  readonly volumes: readonly { readonly claim: string; readonly path: string; readonly repository: string }[];
  /** When the organisation's apps are unavailable. */
  readonly downtime: string;
  /** Names jardin points at the new cluster at the switch (under the base domain). */
  readonly namesJardinSwitches: readonly string[];
  /** Records the organisation changes at its registrar at the switch, and where they then point. */
  readonly recordsToChange: ReturnType<typeof dnsToSet>;
  /** What to do next. */
  readonly next: string;
}

const NOW: Readonly<Record<Move["phase"], (from: string, to: string) => string>> = {
  restore: (from, to) => `the old side on ${from} is suspended (its names show the maintenance page); on ${to} its data is restored from its backups while no app runs there`,
  switch: (from, to) => `its apps run on ${to} and its names point there; the old side stays suspended on ${from}, protected and retained`,
  release: (from, to) =>
    `the old side leaves the stack, its objects kept on ${from} (retained) until a gardener deletes them; the realm, OIDC clients and identities pass to the side on ${to} unchanged`,
};

const NEXT: Readonly<Record<Move["phase"], (id: string, from: string, to: string) => string>> = {
  restore: (id, _from, to) => `on ${to}, \`npm run move -- ${id} check-restore\` waits for the restores; once the data is checked, set phase: "switch"`,
  switch: () => `once the organisation has checked its data on the new side, set phase: "release"`,
  release: (_id, from) =>
    `before the apply, a gardener runs \`pulumi state unprotect\` on each protected resource of the old side the gate lists as retained; once applied, remove move in a later pull request (its resources take back their canonical URNs), and delete the old side's objects on ${from}`,
};

/** Every tenant moving in the head's declarations, described. */
export function describeMoves(declarations: Declarations): MoveDescription[] {
  return declarations.tenants.flatMap(({ tenant }) => (tenant.move === undefined ? [] : [describeMove(declarations, tenant, tenant.move)]));
}

function describeMove({ fleet }: Declarations, tenant: Tenant, move: Move): MoveDescription {
  const sources = moveSources(tenant);
  const bucket = `s3://${fleet.backups.bucket}/${tenant.id}`;
  return {
    id: tenant.id,
    name: tenant.name,
    from: move.from,
    to: tenant.cluster,
    phase: move.phase,
    now: NOW[move.phase](move.from, tenant.cluster),
    databases: Object.entries(sources.databases).map(([app, source]) => ({
      app,
      from: `${bucket}/${app}`,
      archive: source.serverName,
      archiveAs: movedServerName(`${app}-db`, tenant.cluster),
      until: move.recoveryTargetTime ?? "the end of its archived WAL",
    })),
    // k8up backs each claim up under /data/<claim> (components/tenant/backups.ts).
    volumes: Object.entries(sources.claims).map(([claim, source]) => ({ claim, path: `/data/${source}`, repository: `s3://${fleet.backups.bucket}/${volumeBackupsPath(tenant.id)}` })),
    downtime: `from the apply that suspended it on ${move.from} until the switch is applied; for names under its own domain, until its DNS change has spread (the records' TTL)`,
    namesJardinSwitches: tenantHostnames(tenant).map((h) => h.hostname).filter((h) => isAtOrUnder(h, fleet.baseDomain)),
    recordsToChange: dnsToSet(fleet, tenant, tenant.cluster),
    next: NEXT[move.phase](tenant.id, move.from, tenant.cluster),
  };
}

/** The move in plain lines, for the text diff; the markdown comment tells the same (member-summary.ts). */
export function formatMoveText(move: MoveDescription): string[] {
  const phases = MOVE_PHASES.map((p) => (p === move.phase ? `[${p}]` : p)).join(" → ");
  return [
    `move of ${move.id}: ${move.from} → ${move.to}, phase ${move.phase} (${phases})`,
    `  now: ${move.now}`,
    ...move.databases.map((d) => `  database ${d.app}: recovered from ${d.from}, archive ${d.archive}, to ${d.until}; archives from then on as ${d.archiveAs}`),
    ...move.volumes.map((v) => `  volume ${v.claim}: restored from the last snapshot of ${v.path} in ${v.repository}`),
    `  the organisation's apps are unavailable ${move.downtime}`,
    ...(move.namesJardinSwitches.length === 0 ? [] : [`  DNS, set by jardin at the switch: ${move.namesJardinSwitches.join(", ")} → ${move.to}`]),
    ...(move.recordsToChange.records.length === 0
      ? []
      : [
          `  DNS, set by the organisation at the switch, at its registrar: ${move.recordsToChange.records.map((r) => `${r.name} (${r.types.join(", ")})`).join(", ")} → ${move.recordsToChange.target ?? move.to}`,
        ]),
    `  next: ${move.next}`,
  ];
}
