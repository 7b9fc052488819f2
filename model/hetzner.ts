/**
 * Hetzner Cloud facts jardin relies on, checked against Hetzner's documentation in 2026. Prices are not here:
 * they change on their own calendar and belong to the dated price file of the capacity work.
 */

/** Locations inside the EU, where the collective keeps tenants' data. */
export const EU_LOCATIONS = ["fsn1", "nbg1", "hel1"] as const;
export type EuLocation = (typeof EU_LOCATIONS)[number];

export const LOCATION_COUNTRY: Readonly<Record<EuLocation, string>> = {
  fsn1: "Falkenstein, Germany",
  nbg1: "Nuremberg, Germany",
  hel1: "Helsinki, Finland",
};

/** Every EU location sits in this network zone; private networks cannot span zones. */
export const EU_NETWORK_ZONE = "eu-central";

/** Locations Hetzner sells outside the EU, so an error can say why they are refused. */
export const NON_EU_LOCATIONS: Readonly<Record<string, string>> = {
  ash: "Ashburn, USA (us-east)",
  hil: "Hillsboro, USA (us-west)",
  sin: "Singapore (ap-southeast)",
};

/** Server types on sale in 2026. */
export const SERVER_TYPES = [
  "cx23", "cx33", "cx43", "cx53",
  "cpx12", "cpx22", "cpx32", "cpx42", "cpx52", "cpx62",
  "cax11", "cax21", "cax31", "cax41",
  "ccx13", "ccx23", "ccx33", "ccx43", "ccx53", "ccx63",
] as const;
export type ServerType = (typeof SERVER_TYPES)[number];

/** Retired server types and their nearest successor, so an old name gets a useful fix. */
export const RETIRED_SERVER_TYPES: Readonly<Record<string, ServerType>> = {
  cx11: "cx23", cx21: "cx23", cx22: "cx23", cx31: "cx33", cx32: "cx33",
  cx41: "cx43", cx42: "cx43", cx51: "cx53", cx52: "cx53",
  cpx11: "cpx12", cpx21: "cpx22", cpx31: "cpx32", cpx41: "cpx42", cpx51: "cpx52",
  ccx12: "ccx13", ccx22: "ccx23", ccx32: "ccx33", ccx42: "ccx43", ccx52: "ccx53", ccx62: "ccx63",
};

/** A spread placement group holds at most this many servers; bigger pools get several groups. */
export const MAX_SERVERS_PER_PLACEMENT_GROUP = 10;

/**
 * A pool's size cap. Pools larger than a placement group are split into several groups
 * (model/node-pools.ts), so the cap is not Hetzner's 10 but a bound on typos: 50 servers of one
 * type in one location is more than the collective will run in one pool.
 */
export const MAX_SERVERS_PER_POOL = 50;

/** Object Storage endpoint of an EU location. */
export function objectStorageEndpoint(location: EuLocation): string {
  return `https://${location}.your-objectstorage.com`;
}
