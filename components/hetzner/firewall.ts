import * as hcloud from "@pulumi/hcloud";
import type * as pulumi from "@pulumi/pulumi";
import type { input } from "@pulumi/hcloud/types";
import { KUBERNETES_API_PORT } from "./load-balancers";

/** Anywhere, IPv4 and IPv6. */
export const WORLD = ["0.0.0.0/0", "::/0"] as const;

export interface FirewallRulesArgs {
  /** Who may reach SSH and the Kubernetes API (the fleet's `adminCidrs`). */
  readonly adminCidrs: readonly string[];
  /** UDP NodePort of each tenant's Jitsi videobridge on this cluster, by tenant id. */
  readonly videobridgePorts: ReadonlyMap<string, number>;
}

/**
 * Inbound rules of a cluster's public interfaces; everything else inbound is dropped. Load
 * balancers reach the nodes over the private network, where Hetzner firewalls do not apply, so
 * the only ports open to the world are the videobridges' UDP ones.
 * https://docs.hetzner.cloud/reference/cloud#firewalls
 */
export function firewallRules(args: FirewallRulesArgs): input.FirewallRule[] {
  const admin = [...args.adminCidrs];
  const world = [...WORLD];
  return [
    { description: "SSH for the gardeners", direction: "in", protocol: "tcp", port: "22", sourceIps: admin },
    { description: "Kubernetes API for the gardeners", direction: "in", protocol: "tcp", port: String(KUBERNETES_API_PORT), sourceIps: admin },
    // No HTTP(S) rule: the web reaches the nodes through the ingress load balancer, which speaks
    // to them on the private network, and nothing on a node's public address serves 80 or 443.
    { description: "ping", direction: "in", protocol: "icmp", sourceIps: world },
    // Load balancers carry no UDP: each tenant's videobridge is reached on its own NodePort.
    ...[...args.videobridgePorts.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([tenant, port]): input.FirewallRule => ({
        description: `Jitsi videobridge of ${tenant}`,
        direction: "in",
        protocol: "udp",
        port: String(port),
        sourceIps: world,
      })),
  ];
}

export function createFirewall(
  name: string,
  args: FirewallRulesArgs & { readonly labels: Readonly<Record<string, string>> },
  opts: pulumi.CustomResourceOptions,
): hcloud.Firewall {
  return new hcloud.Firewall(`${name}-firewall`, { name, labels: { ...args.labels }, rules: firewallRules(args) }, opts);
}
