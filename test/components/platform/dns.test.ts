import * as hcloud from "@pulumi/hcloud";
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { fleetZone, relativeName } from "../../../components/hetzner/dns";
import { FleetDns } from "../../../components/platform/dns";
import { runUnderMocks } from "../../../scripts/plan/mock-runtime";
import { resolved } from "../../helpers/clusters";

const ZONE_URN = "urn:pulumi:prod::jardin::hcloud:index/zone:Zone::dns-zone";

function planDns() {
  return runUnderMocks({ project: "jardin", stack: "prod" }, async () => {
    const provider = new hcloud.Provider("hcloud", { token: pulumi.secret("token") });
    const dns = new FleetDns("dns", {
      zone: fleetZone("jardin.example", provider),
      zoneName: "jardin.example",
      provider,
      platform: [{ hostname: "sso.jardin.example", address: pulumi.output("203.0.113.80"), address6: pulumi.output("2001:db8::80") }],
      tenants: {
        // On an adopted cluster whose ingress declares no IPv6 address: A records only.
        "amap-du-plateau": [{ hostname: "cloud.amap-du-plateau.jardin.example", address: "198.51.100.20" }],
        "la-fourmiliere": [
          { hostname: "cloud.lafourmiliere.example", address: pulumi.output("203.0.113.80"), address6: pulumi.output("2001:db8::80") },
          { hostname: "visio.lafourmiliere.example", address: pulumi.output("203.0.113.80"), address6: pulumi.output("2001:db8::80") },
        ],
      },
    });
    return resolved(pulumi.output(dns.recordsToSet));
  });
}

describe("the collective's DNS", () => {
  it("keeps the zone on Hetzner DNS, protected in Hetzner and in Pulumi", async () => {
    const run = await planDns();
    expect(run.resources.find((r) => r.urn === ZONE_URN)).toMatchObject({
      provider: "urn:pulumi:prod::jardin::pulumi:providers:hcloud::hcloud",
      protect: true,
      retainOnDelete: true,
      inputs: { name: "jardin.example", mode: "primary", ttl: 3600, deleteProtection: true, labels: { "managed-by": "jardin" } },
      // It was FleetDns's child: the alias moves it in the state rather than replacing it.
      aliases: ["urn:pulumi:prod::jardin::jardin:platform:FleetDns$hcloud:index/zone:Zone::dns-zone"],
    });
  });

  it("points sso. and tenants' names under the base domain at their cluster's ingress, one record set per name and address family", async () => {
    const run = await planDns();
    const rrsets = run.resources.filter((r) => r.type === "hcloud:index/zoneRrset:ZoneRrset");
    expect(rrsets.map((r) => [r.name, r.inputs])).toEqual([
      ["dns-cloud.amap-du-plateau.jardin.example-a", { zone: "jardin.example", name: "cloud.amap-du-plateau", type: "A", ttl: 300, records: [{ value: "198.51.100.20" }] }],
      ["dns-sso.jardin.example-a", { zone: "jardin.example", name: "sso", type: "A", ttl: 300, records: [{ value: "203.0.113.80" }] }],
      ["dns-sso.jardin.example-aaaa", { zone: "jardin.example", name: "sso", type: "AAAA", ttl: 300, records: [{ value: "2001:db8::80" }] }],
    ]);
    expect(rrsets.every((r) => r.provider === "urn:pulumi:prod::jardin::pulumi:providers:hcloud::hcloud")).toBe(true);
  });

  it("lists, per tenant, the records an organisation sets in its own domain", async () => {
    const run = await planDns();
    expect(run.result).toEqual({
      "la-fourmiliere": [
        { name: "cloud.lafourmiliere.example", type: "A", value: "203.0.113.80" },
        { name: "cloud.lafourmiliere.example", type: "AAAA", value: "2001:db8::80" },
        { name: "visio.lafourmiliere.example", type: "A", value: "203.0.113.80" },
        { name: "visio.lafourmiliere.example", type: "AAAA", value: "2001:db8::80" },
      ],
    });
  });

  it("names records relative to the zone", () => {
    expect(relativeName("jardin.example", "jardin.example")).toBe("@");
    expect(relativeName("cloud.amap.jardin.example", "jardin.example")).toBe("cloud.amap");
  });
});
