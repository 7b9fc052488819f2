import { describe, expect, it } from "vitest";
import { firewallRules, WORLD } from "../../../components/hetzner/firewall";

const admin = ["203.0.113.0/28", "2001:db8:4a7d::/48"];

describe("cluster firewall", () => {
  const rules = firewallRules({ adminCidrs: admin, videobridgePorts: new Map([["zebre", 31000], ["abeille", 30446]]) });

  it("opens SSH and the Kubernetes API to the admin networks only, and each videobridge to the world", () => {
    expect(rules).toEqual([
      { description: "SSH for the gardeners", direction: "in", protocol: "tcp", port: "22", sourceIps: admin },
      { description: "Kubernetes API for the gardeners", direction: "in", protocol: "tcp", port: "6443", sourceIps: admin },
      { description: "ping", direction: "in", protocol: "icmp", sourceIps: [...WORLD] },
      { description: "Jitsi videobridge of abeille", direction: "in", protocol: "udp", port: "30446", sourceIps: [...WORLD] },
      { description: "Jitsi videobridge of zebre", direction: "in", protocol: "udp", port: "31000", sourceIps: [...WORLD] },
    ]);
  });

  it("opens no TCP port to the world: the web comes through the load balancer on the private network", () => {
    const worldTcp = rules.filter((r) => r.protocol === "tcp" && (r.sourceIps as string[]).some((ip) => (WORLD as readonly string[]).includes(ip)));
    expect(worldTcp.map((r) => r.port)).toEqual([]);
  });
});
