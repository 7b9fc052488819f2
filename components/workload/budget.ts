/** What one pod asks for, summed over its containers. */
export interface PodFootprint {
  /** Who asks, e.g. `nextcloud/web`: named in the quota's annotation so a reviewer can check it. */
  readonly owner: string;
  readonly cpuMillis: number;
  readonly memoryMiB: number;
  readonly memoryLimitMiB: number;
  /** Pods of this shape at once, surge of a rolling update included. */
  readonly pods: number;
}

/**
 * The pods a tenant's apps declare, collected as the building block registers them; the tenant's
 * ResourceQuota and LimitRange are computed from it (components/tenant/quota.ts).
 */
export class PodBudget {
  private readonly entries: PodFootprint[] = [];

  add(footprint: PodFootprint): void {
    this.entries.push(footprint);
  }

  get footprints(): readonly PodFootprint[] {
    return this.entries;
  }
}
