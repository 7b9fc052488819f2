/**
 * How the ingress load balancer of a created cluster reaches the ingress controller: TCP to these
 * NodePorts on the workers' private addresses, with the PROXY protocol so apps see client
 * addresses. components/hetzner/ (the load balancer) and components/platform/ (Traefik's Service)
 * both read them, so the two ends can never disagree.
 */
export const INGRESS_NODE_PORTS = { http: 30080, https: 30443 } as const;

/**
 * The private network of a created cluster. It must not overlap k3s's pod (10.42.0.0/16) and
 * service (10.43.0.0/16) ranges.
 */
export const PRIVATE_NETWORK = { ipRange: "10.0.0.0/16", nodesSubnet: "10.0.1.0/24" } as const;

/**
 * Where Hetzner's metadata service answers: it hands out the node's user data, which holds
 * cluster secrets. No tenant pod ever reaches it.
 * https://docs.hetzner.cloud/reference/cloud#server-metadata
 */
export const METADATA_ADDRESS = "169.254.169.254/32";

/** Private and link-local ranges: "the internet" for a tenant pod never includes the cluster itself. */
export const NOT_PUBLIC = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16"] as const;

/**
 * The private ranges an adopted cluster's API servers may be on: jardin does not know its nodes'
 * subnet, so a pod that must reach the API may reach port 6443 in these (and nothing else there).
 */
export const PRIVATE_RANGES = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"] as const;

/**
 * What NetworkPolicies need to know of a cluster. Pods reach the API through the `kubernetes`
 * Service, whose endpoints are the servers' own addresses on 6443: a NetworkPolicy sees the
 * connection after that translation, so it names the servers, not the Service.
 * https://kubernetes.io/docs/concepts/services-networking/network-policies/
 */
export interface ClusterNetwork {
  /** Where the API servers answer, on 6443: a created cluster's nodes' subnet, or PRIVATE_RANGES. */
  readonly apiServerCidrs: readonly string[];
}

/** The Kubernetes API's port, on the servers and the API load balancer (k3s's `https-listen-port`). */
export const KUBERNETES_API_PORT = 6443;
