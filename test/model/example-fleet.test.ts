import { describe, expect, it } from "vitest";
import { documentationRange, examplePlaceholders, isExampleDomain } from "../../model/example-fleet";
import { fleetSchema } from "../../model/fleet";
import { prodFleet } from "../helpers/declarations";

describe("an example fleet", () => {
  it("knows the documentation ranges, and only them", () => {
    expect(["192.0.2.7", "198.51.100.0/24", "203.0.113.0/28", "2001:db8:4a7d::/48"].map(documentationRange)).toEqual(["RFC 5737", "RFC 5737", "RFC 5737", "RFC 3849"]);
    // A network larger than the range, or next to it, can route.
    expect(["203.0.112.0/23", "203.0.114.1", "2001:db9::/48", "10.0.0.0/8", "not an address"].map(documentationRange)).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });

  it("is one whose base domain is reserved for examples", () => {
    expect(["jardin.example", "example.org", "jardin.test", "jardin.org", "example.fr"].map(isExampleDomain)).toEqual([true, true, true, false, false]);
  });

  it("lists the prod file's placeholders, each with its field, for the plan to flag", () => {
    expect(examplePlaceholders(prodFleet())).toEqual([
      "adminCidrs[0]: 203.0.113.0/28 (RFC 5737)",
      "adminCidrs[1]: 2001:db8:4a7d::/48 (RFC 3849)",
      "clusters.louise-michel.origin.existing.ingress.address: 198.51.100.20 (RFC 5737)",
      "clusters.ada-lovelace.origin.k3sInstallerSha256: a placeholder (no installer has it)",
    ]);
  });

  it("flags nothing once the base domain is real: documentation ranges are refused there instead", () => {
    const fleet = prodFleet();
    const ada = fleet.clusters["ada-lovelace"]!;
    const checked = { ...ada, origin: { ...ada.origin, k3sInstallerSha256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08" } };
    const real = { ...fleet, baseDomain: "jardin.org", adminCidrs: ["2a01:4f8:1::/48"], clusters: { ...fleet.clusters, "ada-lovelace": checked } };
    expect(fleetSchema.safeParse(real).success).toBe(true);
    expect(examplePlaceholders(real)).toEqual([]);
    expect(fleetSchema.safeParse({ ...real, adminCidrs: ["2001:db8::/48"] }).success).toBe(false);
  });
});
