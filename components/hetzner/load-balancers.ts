import * as hcloud from "@pulumi/hcloud";
import * as pulumi from "@pulumi/pulumi";
import type { EuLocation } from "../../model/hetzner";
import { INGRESS_NODE_PORTS, KUBERNETES_API_PORT } from "../../model/contract/network";
import { labelSelector } from "./labels";
import type { PrivateNetwork } from "./private-network";

/** The smallest type: 25 services and targets, 10k connections; a cluster needs far less. */
const LOAD_BALANCER_TYPE = "lb11";

// The API port is shared with the NetworkPolicies and the policy pack (model/contract/network.ts).
export { KUBERNETES_API_PORT };

/** One TCP forward of a load balancer. */
export interface Forward {
  readonly key: string;
  readonly listenPort: number;
  readonly destinationPort: number;
  /** Sends the PROXY protocol header so the backend sees the client's address. */
  readonly proxyprotocol: boolean;
}

/** The API load balancer forwards the API as it is: TLS ends at the API server (client certificates). */
export const API_FORWARDS: readonly Forward[] = [
  { key: "kubernetes", listenPort: KUBERNETES_API_PORT, destinationPort: KUBERNETES_API_PORT, proxyprotocol: false },
];

/** HTTP and HTTPS to the ingress controller's NodePorts, which expect the PROXY protocol. */
export const INGRESS_FORWARDS: readonly Forward[] = [
  { key: "http", listenPort: 80, destinationPort: INGRESS_NODE_PORTS.http, proxyprotocol: true },
  { key: "https", listenPort: 443, destinationPort: INGRESS_NODE_PORTS.https, proxyprotocol: true },
];

export interface LoadBalancerArgs {
  readonly location: EuLocation;
  readonly network: PrivateNetwork;
  readonly labels: Readonly<Record<string, string>>;
  /** Hetzner label selector of the servers it forwards to, over their private addresses. */
  readonly targets: string;
  readonly forwards: readonly Forward[];
  /**
   * Reachable from the internet. Hetzner load balancers have no firewall, so one that carries an
   * admin port (the Kubernetes API) stays private and admins go through the firewalled servers.
   */
  readonly public: boolean;
}

/**
 * A TCP load balancer in front of the servers a label selector picks, reaching them over the
 * private network (so it follows nodes as they are added or replaced, with no id to update).
 * https://docs.hetzner.cloud/reference/cloud#load-balancers
 */
export class LoadBalancer extends pulumi.ComponentResource {
  readonly loadBalancer: hcloud.LoadBalancer;
  /** Public IPv4 address. */
  readonly ipv4: pulumi.Output<string>;
  /** Its public IPv6 address (Hetzner gives every load balancer one). */
  readonly ipv6: pulumi.Output<string>;
  /** Address in the private network. */
  readonly privateIp: pulumi.Output<string>;

  constructor(name: string, args: LoadBalancerArgs, opts?: pulumi.ComponentResourceOptions) {
    super("jardin:hetzner:LoadBalancer", name, {}, opts);
    this.loadBalancer = new hcloud.LoadBalancer(
      name,
      { name, loadBalancerType: LOAD_BALANCER_TYPE, location: args.location, labels: { ...args.labels } },
      { parent: this },
    );
    const numericId = this.loadBalancer.id.apply(Number);
    const attachment = new hcloud.LoadBalancerNetwork(
      `${name}-network`,
      { loadBalancerId: numericId, subnetId: args.network.subnet.id, enablePublicInterface: args.public },
      { parent: this },
    );
    new hcloud.LoadBalancerTarget(
      `${name}-targets`,
      { loadBalancerId: numericId, type: "label_selector", labelSelector: args.targets, usePrivateIp: true },
      // Private targets need the load balancer in the network first.
      { parent: this, dependsOn: [attachment] },
    );
    for (const forward of args.forwards) {
      new hcloud.LoadBalancerService(
        `${name}-${forward.key}`,
        {
          loadBalancerId: this.loadBalancer.id,
          protocol: "tcp",
          listenPort: forward.listenPort,
          destinationPort: forward.destinationPort,
          proxyprotocol: forward.proxyprotocol,
        },
        { parent: this },
      );
    }
    this.ipv4 = this.loadBalancer.ipv4;
    this.ipv6 = this.loadBalancer.ipv6;
    this.privateIp = attachment.ip;
    this.registerOutputs({ ipv4: this.ipv4, ipv6: this.ipv6, privateIp: this.privateIp });
  }
}

/** The control-plane servers of a cluster. */
export function controlPlaneSelector(clusterLabels: Readonly<Record<string, string>>): string {
  return labelSelector({ ...clusterLabels, "jardin/role": "control-plane" });
}

/**
 * The shared workers of a cluster: dedicated pools are left out, so no other tenant's traffic
 * passes through a tenant's own machines.
 */
export function sharedWorkersSelector(clusterLabels: Readonly<Record<string, string>>): string {
  return `${labelSelector({ ...clusterLabels, "jardin/role": "worker" })},!jardin/tenant`;
}
