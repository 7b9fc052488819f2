import type { ServerType } from "./hetzner";

/** What one Hetzner Cloud server type offers; the capacity planner packs pods onto these. */
export interface ServerTypeSpec {
  readonly vcpu: number;
  readonly memoryGiB: number;
  readonly diskGB: number;
  /** Images must exist for it: every tenant image jardin pins is checked on amd64 first. */
  readonly arch: "x86" | "arm64";
  /** Shared vCPUs (cx, cpx, cax) or dedicated ones (ccx). */
  readonly vcpuKind: "shared" | "dedicated";
}

/**
 * Server types on sale in 2026, as listed on Hetzner's plan pages (cost-optimized, regular
 * performance, general purpose). https://www.hetzner.com/cloud/
 */
export const SERVER_TYPE_SPECS: Readonly<Record<ServerType, ServerTypeSpec>> = {
  cx23: { vcpu: 2, memoryGiB: 4, diskGB: 40, arch: "x86", vcpuKind: "shared" },
  cx33: { vcpu: 4, memoryGiB: 8, diskGB: 80, arch: "x86", vcpuKind: "shared" },
  cx43: { vcpu: 8, memoryGiB: 16, diskGB: 160, arch: "x86", vcpuKind: "shared" },
  cx53: { vcpu: 16, memoryGiB: 32, diskGB: 320, arch: "x86", vcpuKind: "shared" },
  cpx12: { vcpu: 1, memoryGiB: 2, diskGB: 40, arch: "x86", vcpuKind: "shared" },
  cpx22: { vcpu: 2, memoryGiB: 4, diskGB: 80, arch: "x86", vcpuKind: "shared" },
  cpx32: { vcpu: 4, memoryGiB: 8, diskGB: 160, arch: "x86", vcpuKind: "shared" },
  cpx42: { vcpu: 8, memoryGiB: 16, diskGB: 320, arch: "x86", vcpuKind: "shared" },
  cpx52: { vcpu: 12, memoryGiB: 24, diskGB: 480, arch: "x86", vcpuKind: "shared" },
  cpx62: { vcpu: 16, memoryGiB: 32, diskGB: 640, arch: "x86", vcpuKind: "shared" },
  cax11: { vcpu: 2, memoryGiB: 4, diskGB: 40, arch: "arm64", vcpuKind: "shared" },
  cax21: { vcpu: 4, memoryGiB: 8, diskGB: 80, arch: "arm64", vcpuKind: "shared" },
  cax31: { vcpu: 8, memoryGiB: 16, diskGB: 160, arch: "arm64", vcpuKind: "shared" },
  cax41: { vcpu: 16, memoryGiB: 32, diskGB: 320, arch: "arm64", vcpuKind: "shared" },
  ccx13: { vcpu: 2, memoryGiB: 8, diskGB: 80, arch: "x86", vcpuKind: "dedicated" },
  ccx23: { vcpu: 4, memoryGiB: 16, diskGB: 160, arch: "x86", vcpuKind: "dedicated" },
  ccx33: { vcpu: 8, memoryGiB: 32, diskGB: 240, arch: "x86", vcpuKind: "dedicated" },
  ccx43: { vcpu: 16, memoryGiB: 64, diskGB: 360, arch: "x86", vcpuKind: "dedicated" },
  ccx53: { vcpu: 32, memoryGiB: 128, diskGB: 600, arch: "x86", vcpuKind: "dedicated" },
  ccx63: { vcpu: 48, memoryGiB: 192, diskGB: 960, arch: "x86", vcpuKind: "dedicated" },
};
