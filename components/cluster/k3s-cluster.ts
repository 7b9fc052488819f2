import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { ClusterSpec } from "../../model/fleet";
import type { BuiltCluster } from "./built-cluster";
import { clusterProvider } from "./kubernetes-provider";

export interface K3sClusterArgs {
  /** The cluster as the fleet file declares it: locations, pools, k3s release. */
  readonly spec: ClusterSpec;
  /**
   * Admin kubeconfig. Until this component builds the machines itself (network, firewall,
   * placement groups, servers, API load balancer), it is the kubeconfig of the cluster bootstrapped
   * from the same declaration, kept in secret config.
   */
  readonly kubeconfig: pulumi.Input<string>;
}

/** A highly available k3s cluster that jardin creates on Hetzner Cloud (ada-lovelace). */
export class K3sCluster extends pulumi.ComponentResource {
  readonly provider: k8s.Provider;
  /** The network and ingress load balancer; absent until this component builds the machines. */
  readonly hetzner?: BuiltCluster["hetzner"];

  constructor(name: string, args: K3sClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super("jardin:cluster:K3sCluster", name, {}, opts);
    this.provider = clusterProvider(name, args.kubeconfig, this);
    this.registerOutputs({ provider: this.provider });
  }
}
