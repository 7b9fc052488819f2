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
