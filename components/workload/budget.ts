import type * as pulumi from "@pulumi/pulumi";
import type { AppEndpoint } from "../../model/contract/verify-targets";
import type { EgressNeed } from "./network";

/** Who owns a claim's files: the user of the first container mounting it, and the pod's fsGroup. */
export interface ClaimUser {
  readonly user?: number;
  readonly group?: number;
}

/** What one pod asks for, summed over its containers. */
export interface PodFootprint {
  /** Who asks, e.g. `nextcloud/web`: named in the quota's annotation so a reviewer can check it. */
  readonly owner: string;
  /** The app (`app.kubernetes.io/name`). */
  readonly app: string;
  readonly cpuMillis: number;
  readonly memoryMiB: number;
  readonly memoryLimitMiB: number;
  /** Pods of this shape at once, surge of a rolling update included. */
  readonly pods: number;
}

/**
 * What a tenant's apps declare, collected as the building block registers them: the pods (the
 * tenant's ResourceQuota and LimitRange are computed from them, components/workload/quota.ts) and
 * the network needs (each gets its NetworkPolicy only when some pod has it).
 */
export class PodBudget {
  private readonly entries: PodFootprint[] = [];
  private readonly needs = new Set<EgressNeed>();
  private readonly claimNames: string[] = [];
  private readonly claimResources: pulumi.Resource[] = [];
  private readonly claimUsers = new Map<string, ClaimUser>();
  private readonly dataApps = new Set<string>();
  private readonly databaseClusters: string[] = [];
  private readonly publicEndpoints: AppEndpoint[] = [];

  add(footprint: PodFootprint, egress: readonly EgressNeed[] = []): void {
    this.entries.push(footprint);
    for (const need of egress) this.needs.add(need);
  }

  /** Pods that are not workloads of an app (backup and export jobs) need this way out. */
  needEgress(need: EgressNeed): void {
    this.needs.add(need);
  }

  /** A CloudNativePG cluster of this app is declared: its instances need their operator and object storage. */
  noteDatabase(app: string, cluster: string): void {
    this.databaseClusters.push(cluster);
    this.dataApps.add(app);
  }

  get hasDatabases(): boolean {
    return this.databaseClusters.length > 0;
  }

  /** The CloudNativePG clusters declared, by name: `npm run verify` checks each one's backups. */
  get databases(): readonly string[] {
    return this.databaseClusters;
  }

  /** A hostname an Ingress serves and the path its app answers on: `npm run verify` asks it. */
  addEndpoint(endpoint: AppEndpoint): void {
    this.publicEndpoints.push(endpoint);
  }

  get endpoints(): readonly AppEndpoint[] {
    return this.publicEndpoints;
  }

  /** A volume claim of this app: the tenant's volume backups cover each one. */
  addClaim(app: string, name: string, resource?: pulumi.Resource): void {
    this.claimNames.push(name);
    if (resource !== undefined) this.claimResources.push(resource);
    this.dataApps.add(app);
  }

  /** The user (and group) the app's pods write a claim's files as: a restore writes them as that user. */
  noteClaimUser(claim: string, user: ClaimUser): void {
    if (!this.claimUsers.has(claim)) this.claimUsers.set(claim, user);
  }

  claimUser(claim: string): ClaimUser | undefined {
    return this.claimUsers.get(claim);
  }

  /** The claims' resources, for what must wait until they exist (a restore into them). */
  get claimObjects(): readonly pulumi.Resource[] {
    return this.claimResources;
  }

  /** Apps holding data (a claim or a database): an export runs one Job for each (scripts/export/). */
  get appsWithData(): string[] {
    return [...this.dataApps].sort();
  }

  get claims(): readonly string[] {
    return this.claimNames;
  }

  get footprints(): readonly PodFootprint[] {
    return this.entries;
  }

  /**
   * Apps made of several pods (a web pod, a cache, a database...): each gets a NetworkPolicy
   * letting its pods talk to each other. An app in a single pod talks over localhost.
   */
  get appsWithSeveralPods(): string[] {
    const owners = new Map<string, Set<string>>();
    for (const { app, owner } of this.entries) owners.set(app, (owners.get(app) ?? new Set()).add(owner));
    return [...owners].filter(([, set]) => set.size > 1).map(([app]) => app).sort();
  }

  /** Every egress need some workload declared, in a stable order. */
  get egress(): EgressNeed[] {
    return [...this.needs].sort();
  }
}
