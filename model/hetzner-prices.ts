import type { ServerType } from "./hetzner";

/**
 * Hetzner Cloud prices, monthly, EUR, VAT excluded. They changed twice in 2026 (1 April and
 * 15 June): when they change again, update this one file, its date and its sources.
 *
 * Read on 2026-09-03/04 from Hetzner's plan pages and the price-adjustment table
 * (https://docs.hetzner.com/general/infrastructure-and-availability/price-adjustment/), as
 * transcribed in https://github.com/robhunter/agentdeals/pull/1286 and /pull/1324; volumes,
 * load balancer and object storage from https://github.com/mixxor/eu-cloud-prices
 * (prices/hetzner.json, 2026-08-17, gross figures divided by 1.19 German VAT), the volume
 * price cross-checked with Hetzner's pricing API on 2026-05-27
 * (https://github.com/devantler-tech/platform/commit/cb791c6f).
 * The three EU locations had one price per type in every source read; `byLocation` is where a
 * location would differ.
 */
export const HETZNER_PRICES = {
  readOn: "2026-09-04",
  currency: "EUR",
  vat: "excluded",
  /**
   * Without the primary IPv4 (the adjustment table's figure); Hetzner's plan pages show each
   * plan €0.50 higher, with one. `orderable: false`: marked "not available" on the plan pages
   * on 2026-09-03, so never suggested.
   */
  serverTypes: {
    cx23: { monthly: 5.49, orderable: false },
    cx33: { monthly: 8.49, orderable: false },
    cx43: { monthly: 15.99, orderable: false },
    cx53: { monthly: 29.49, orderable: false },
    cax11: { monthly: 5.99, orderable: false },
    cax21: { monthly: 10.49, orderable: false },
    cax31: { monthly: 20.99, orderable: false },
    cax41: { monthly: 40.99, orderable: false },
    cpx12: { monthly: 11.49, orderable: true },
    cpx22: { monthly: 19.49, orderable: true },
    cpx32: { monthly: 35.49, orderable: true },
    cpx42: { monthly: 69.49, orderable: true },
    cpx52: { monthly: 100.49, orderable: true },
    cpx62: { monthly: 129.99, orderable: true },
    ccx13: { monthly: 42.99, orderable: true },
    ccx23: { monthly: 85.99, orderable: true },
    ccx33: { monthly: 138.49, orderable: true },
    ccx43: { monthly: 275.99, orderable: true },
    ccx53: { monthly: 533.49, orderable: true },
    ccx63: { monthly: 853.49, orderable: true },
  } satisfies Record<ServerType, { monthly: number; orderable: boolean }>,
  /** Monthly price per server type where a location differs from `serverTypes`. */
  byLocation: {} as Partial<Record<"fsn1" | "nbg1" | "hel1", Partial<Record<ServerType, number>>>>,
  /** Every server of a created cluster has one (egress, SSH from the admin networks). */
  primaryIpv4: 0.5,
  /** hcloud Volumes, per GiB; what the CSI driver provisions for every claim. */
  volumePerGiB: 0.0572,
  /** Only the types whose 2026 price was found; another type is reported as unpriced. */
  loadBalancers: { lb11: 7.49 } as Readonly<Record<string, number>>,
  /** Object Storage: a base price including 1 TB stored, then per TB. */
  objectStorage: { baseMonthly: 6.49, includedTB: 1, perExtraTB: 8.74 },
} as const;

export type PriceTable = typeof HETZNER_PRICES;

/** The monthly price of one server of this type in this location. */
export function serverMonthly(type: ServerType, location: string, prices: PriceTable = HETZNER_PRICES): number {
  const local = (prices.byLocation as Record<string, Partial<Record<ServerType, number>>>)[location]?.[type];
  return local ?? prices.serverTypes[type].monthly;
}
