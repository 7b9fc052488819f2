import { z } from "zod";
import { APP_CLAIMS, APPS_WITH_DATABASE, type Adoption } from "./adoption";
import type { AppName, AppSettings } from "./apps";
import { clusterName } from "./fleet";

/**
 * The phases of a move, in order; a pull request advances one step at a time (the plan's gate
 * refuses a skipped one, scripts/plan/gate/moves.ts).
 * - `restore`: the old side is suspended (its hostnames show the maintenance page); on the new
 *   cluster every database is recovered from the tenant's backups and every volume restored from
 *   its last snapshot, while no app runs there.
 * - `switch`: the new side runs the apps, the hostnames point at the new cluster's ingress; the old
 *   side stays suspended, protected and retained.
 * - `release`: the old side leaves the stack (its objects stay on the old cluster, retained, until a
 *   gardener deletes them); the new side keeps its names and takes over the realm and identities.
 */
export const MOVE_PHASES = ["restore", "switch", "release"] as const;
export type MovePhase = (typeof MOVE_PHASES)[number];

export const moveSchema = z.strictObject({
  /** The cluster the organisation runs on before the move; `cluster` says where it goes. */
  from: clusterName,
  /** Where the move is (MOVE_PHASES above). */
  phase: z.enum(MOVE_PHASES),
  /**
   * Recover the databases up to this moment (RFC 3339 with its offset) rather than to the last
   * archived change, e.g. to leave out a mistake. Volumes restore their last snapshot either way.
   * @default the end of the archived WAL: every write made before the old side stopped
   */
  recoveryTargetTime: z.iso.datetime({ offset: true, error: "write a moment in RFC 3339 with its offset, e.g. \"2027-01-15T22:00:00+01:00\"" }).optional(),
});

export type Move = z.output<typeof moveSchema>;

/** Where a moving tenant's hostnames point: the old cluster until the switch. */
export function servingCluster(tenant: { readonly cluster: string; readonly move?: Move }): string {
  return tenant.move?.phase === "restore" ? tenant.move.from : tenant.cluster;
}

/** Whether the old side is still declared (suspended, retained) on the cluster the tenant leaves. */
export function keepsOldSide(move: Move | undefined): move is Move {
  return move !== undefined && move.phase !== "release";
}

/**
 * The archive name (the barman-cloud plugin's `serverName`) of a database recovered on `cluster`:
 * distinct from the one it is recovered from, so the new side never writes over the old side's
 * timeline in the same ObjectStore path (CloudNativePG refuses a non-empty archive:
 * docs/src/recovery.md at v1.30.0, "Restoring into a Cluster with a Backup Section").
 */
export function movedServerName(databaseCluster: string, cluster: string): string {
  return `${databaseCluster}-on-${cluster}`;
}

/** What a moving tenant's new side restores, by the names the old side's objects carry. */
export interface MoveSources {
  /** Claim name on the new side (`<app>-<key>`) → the claim name its snapshots were taken of. */
  readonly claims: Readonly<Record<string, string>>;
  /** App → the old side's CloudNativePG cluster (its archive's `serverName`) and database. */
  readonly databases: Readonly<Record<string, { readonly serverName: string; readonly database: string }>>;
}

/**
 * The old side's names of everything the tenant's apps keep: jardin's own (`<app>-<key>`,
 * `<app>-db`, database `<app>`), or those an adoption declared.
 */
export function moveSources(tenant: { readonly apps: Partial<AppSettings>; readonly adopt?: Adoption }): MoveSources {
  const claims: Record<string, string> = {};
  for (const [app, keys] of Object.entries(APP_CLAIMS) as [AppName, Record<string, string>][]) {
    if (tenant.apps[app] === undefined) continue;
    for (const key of Object.keys(keys)) claims[`${app}-${key}`] = tenant.adopt?.claims[`${app}-${key}`]?.name ?? `${app}-${key}`;
  }
  const databases: Record<string, { serverName: string; database: string }> = {};
  for (const app of APPS_WITH_DATABASE) {
    if (tenant.apps[app] === undefined) continue;
    const adopted = tenant.adopt?.databases[app];
    databases[app] = { serverName: adopted?.cluster ?? `${app}-db`, database: adopted?.database ?? app };
  }
  return { claims, databases };
}

/** What the new side of a moving tenant is told: the move, and the old side's names of its data. */
export interface Arrival {
  /** The cluster the organisation goes to. */
  readonly cluster: string;
  readonly move: Move;
  readonly sources: MoveSources;
}

/** While restoring, nothing of the new side runs but the restores themselves. */
export function isRestoring(arrival: Arrival | undefined): boolean {
  return arrival?.move.phase === "restore";
}

/** The old side of a moving tenant: on the cluster it leaves, suspended, every name unchanged. */
export function oldSideOf<T extends { readonly cluster: string; readonly state: string; readonly move?: Move }>(tenant: T & { readonly move: Move }): T {
  return { ...tenant, cluster: tenant.move.from, state: "suspended", move: undefined };
}

/** The new side: on `cluster`, made by jardin (nothing there is adopted). */
export function newSideOf<T extends { readonly adopt?: unknown }>(tenant: T): T {
  return { ...tenant, adopt: undefined };
}
