import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";

/** What the rest of the program gets from a cluster component, created or adopted. */
export interface BuiltCluster {
  /** The cluster's name in the fleet file. */
  readonly name: string;
  /** Everything on the cluster is deployed through it. */
  readonly provider: k8s.Provider;
  /** The admin kubeconfig its provider uses, a Pulumi secret: `npm run verify` reads the cluster's API with it. */
  readonly kubeconfig: pulumi.Output<string>;
  /** Present for clusters jardin creates on Hetzner Cloud; adopted clusters have none. */
  readonly hetzner?: {
    /** The private network's id: the cloud controller routes over it, the CSI driver needs it. */
    readonly networkId: pulumi.Output<string>;
    /** Public IPv4 of the ingress load balancer: DNS records of tenants' hostnames point at it. */
    readonly ingressAddress: pulumi.Output<string>;
    /** Its public IPv6 address: AAAA records point at it. */
    readonly ingressAddressV6: pulumi.Output<string>;
    /** Its address on the private network: the only sender Traefik trusts PROXY headers from. */
    readonly ingressPrivateAddress: pulumi.Output<string>;
  };
}
