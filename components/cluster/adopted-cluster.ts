import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { BuiltCluster } from "../../model/contract/cluster";
import { clusterProvider } from "./kubernetes-provider";

export interface AdoptedClusterArgs {
  /** Admin kubeconfig of the existing cluster (a secret). */
  readonly kubeconfig: pulumi.Input<string>;
}

/**
 * A cluster that existed before jardin (louise-michel): jardin deploys onto it but does not own
 * its machines, so removing it from the fleet never touches them.
 */
export class AdoptedCluster extends pulumi.ComponentResource implements BuiltCluster {
  readonly name: string;
  readonly provider: k8s.Provider;
  readonly kubeconfig: pulumi.Output<string>;

  constructor(name: string, args: AdoptedClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super("jardin:cluster:AdoptedCluster", name, {}, opts);
    this.name = name;
    this.kubeconfig = pulumi.secret(args.kubeconfig);
    this.provider = clusterProvider(name, args.kubeconfig, this);
    this.registerOutputs({ provider: this.provider });
  }
}
