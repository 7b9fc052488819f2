import { describe, expect, it } from "vitest";
import { tenantEgressPublic } from "../../policies/tenant-egress-public";
import { plannedResource, stackViolationsOf } from "../helpers/policies";
import { CLUSTER } from "../helpers/workloads";

const NOT_PUBLIC = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16"];
const tenant = plannedResource("kubernetes:core/v1:Namespace", { metadata: { name: "les-semeurs", labels: { "jardin/tenant": "les-semeurs" } } }, { name: "ns", provider: CLUSTER });
const egress = (name: string, rule: Record<string, unknown>, namespace = "les-semeurs") =>
  plannedResource("kubernetes:networking.k8s.io/v1:NetworkPolicy", { metadata: { name, namespace }, spec: { podSelector: {}, policyTypes: ["Egress"], egress: [rule] } }, { name, provider: CLUSTER });
const to = (cidr: string, except?: string[], ports = [{ protocol: "TCP", port: 443 }]) => ({ to: [{ ipBlock: { cidr, ...(except === undefined ? {} : { except }) } }], ports });
const check = (...policies: ReturnType<typeof egress>[]) => stackViolationsOf(tenantEgressPublic, [tenant, ...policies]);
const where = (name: string, cidr: string) => `NetworkPolicy les-semeurs/${name} of tenant "les-semeurs": egress to ${cidr}`;

describe("policy tenant-egress-public", () => {
  it("passes the internet less the private ranges, a public /32, and the API servers' 6443", async () => {
    expect(
      await check(
        egress("internet", to("0.0.0.0/0", NOT_PUBLIC)),
        egress("sso", to("203.0.113.80/32")),
        egress("api", to("10.0.1.0/24", undefined, [{ protocol: "TCP", port: 6443 }])),
        egress("dns", { to: [{ namespaceSelector: {}, podSelector: {} }] }),
        egress("pending", to("[unknown]/32")),
      ),
    ).toEqual([]);
  });

  it("stops the metadata service, whatever else is excepted", async () => {
    expect(await check(egress("web", to("169.254.169.254/32")))).toEqual([
      `${where("web", "169.254.169.254/32")} reaches the metadata service (169.254.169.254/32), which hands out the nodes' secrets; add it (or 169.254.0.0/16) to except`,
      `${where("web", "169.254.169.254/32")} reaches the private range 169.254.0.0/16; a tenant's pods reach public addresses only: add it to except`,
    ]);
    // Even on 6443: the API exception is for private ranges, never the metadata service.
    expect(await check(egress("web", to("169.254.0.0/16", [], [{ protocol: "TCP", port: 6443 }])))).toHaveLength(2);
  });

  it("stops the private network, the whole internet with the metadata address alone carved out, and private IPv6", async () => {
    expect(await check(egress("nodes", to("10.0.1.0/24")))).toEqual([
      `${where("nodes", "10.0.1.0/24")} reaches the private range 10.0.0.0/8; a tenant's pods reach public addresses only: add it to except`,
    ]);
    expect(await check(egress("wide", to("0.0.0.0/0", ["169.254.169.254/32"])))).toEqual([
      `${where("wide", "0.0.0.0/0")} reaches the private ranges 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 169.254.0.0/16; a tenant's pods reach public addresses only: add them to except`,
    ]);
    expect(await check(egress("v6", to("::/0")))).toEqual([
      `${where("v6", "::/0")} reaches the private ranges fc00::/7, fe80::/10; a tenant's pods reach public addresses only: add them to except`,
    ]);
    // 6443 alongside another port is not the API exception.
    expect(await check(egress("api", to("10.0.1.0/24", undefined, [{ protocol: "TCP", port: 6443 }, { protocol: "TCP", port: 443 }])))).toHaveLength(1);
  });

  it("reads tenant namespaces only, and refuses a CIDR it cannot read", async () => {
    expect(await check(egress("platform", to("10.0.1.0/24"), "traefik"))).toEqual([]);
    expect(await check(egress("typo", to("10.0.1/24")))).toEqual([`${where("typo", "10.0.1/24")} is not a CIDR the pack can read; write it as a.b.c.d/n or an IPv6 prefix`]);
  });
});
