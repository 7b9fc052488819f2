import * as hcloud from "@pulumi/hcloud";
import * as pulumi from "@pulumi/pulumi";
import { PRIVATE_NETWORK } from "../../model/contract/network";
import { EU_NETWORK_ZONE } from "../../model/hetzner";

export interface PrivateNetwork {
  readonly network: hcloud.Network;
  /** Servers and load balancers attach to it; they must wait for it, not only for the network. */
  readonly subnet: hcloud.NetworkSubnet;
}

/**
 * The cluster's private network: k3s, etcd and the load balancers talk over it, and Hetzner's
 * firewalls do not apply there, so nothing inside needs a public port.
 */
export function createPrivateNetwork(
  name: string,
  labels: Readonly<Record<string, string>>,
  opts: pulumi.CustomResourceOptions,
): PrivateNetwork {
  const network = new hcloud.Network(
    `${name}-network`,
    { name, ipRange: PRIVATE_NETWORK.ipRange, labels, deleteProtection: true },
    opts,
  );
  const networkId = network.id.apply(Number);
  const subnet = new hcloud.NetworkSubnet(
    `${name}-nodes`,
    { networkId, type: "cloud", networkZone: EU_NETWORK_ZONE, ipRange: PRIVATE_NETWORK.nodesSubnet },
    opts,
  );
  return { network, subnet };
}
