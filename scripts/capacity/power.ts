/**
 * Hetzner publishes no power figure for cloud server types. It does for its dedicated servers:
 * the EX44 (Intel Core i5-13500, 20 threads) draws 25 W idle and 118 W at full load
 * (https://www.hetzner.com/dedicated-rootserver/matrix-ex/, as read in December 2024 and quoted
 * in https://git.pub.solar/forgejo/infrastructure-documentation). jardin's estimate gives each
 * cloud vCPU one thread's share of such a host, linear between idle and full load: a derived
 * figure, to be replaced by a published one when Hetzner gives it.
 */
export const POWER_BASIS = {
  host: "EX44",
  threads: 20,
  idleWatts: 25,
  maxWatts: 118,
  source: "https://www.hetzner.com/dedicated-rootserver/matrix-ex/",
} as const;

/** Estimated watts of a server of `vcpu` vCPUs whose CPU is used at `utilisation` (0..1). */
export function serverWatts(vcpu: number, utilisation: number, basis = POWER_BASIS): number {
  const perThreadIdle = basis.idleWatts / basis.threads;
  const perThreadRange = (basis.maxWatts - basis.idleWatts) / basis.threads;
  return vcpu * (perThreadIdle + perThreadRange * Math.min(1, Math.max(0, utilisation)));
}
