/**
 * Pods that keep or carry a tenant's data: its database instances, its volume backups and its
 * data exports. A suspended or archived tenant's lifecycle quota counts every pod but these, so its
 * databases keep archiving, its backups keep running and its data can always leave.
 *
 * The name is the one the class had when it served exports alone: running pods and the lifecycle
 * quotas' scope selectors (immutable once created) refer to it, so it keeps it.
 */
export const DATA_KEEPING_PRIORITY_CLASS = "jardin-export";

/**
 * What each backup, prune, check or export pod asks for (restic, rclone and pg_dump stream their
 * data; none holds it in memory). The tenant's quota and LimitRange count one of each.
 */
export const DATA_POD = { cpuMillis: 100, memoryMiB: 256, memoryLimitMiB: 512 } as const;

/** DATA_POD as a container's `resources`. */
export const DATA_POD_RESOURCES = {
  requests: { cpu: `${DATA_POD.cpuMillis}m`, memory: `${DATA_POD.memoryMiB}Mi` },
  limits: { memory: `${DATA_POD.memoryLimitMiB}Mi` },
} as const;
