import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import { METADATA_ADDRESS, NOT_PUBLIC, PRIVATE_RANGES, type ClusterNetwork } from "../../model/contract/network";
import { KUBERNETES_API_PORT } from "../hetzner/load-balancers";
import { ACME_HTTP01_SOLVER } from "../../model/contract/acme-solver";

export type PolicySpec = k8s.types.input.networking.v1.NetworkPolicySpec;
export type Peer = k8s.types.input.networking.v1.NetworkPolicyPeer;
type Rule = k8s.types.input.networking.v1.NetworkPolicyEgressRule;

export { METADATA_ADDRESS, NOT_PUBLIC, PRIVATE_RANGES, type ClusterNetwork };


/** Any public IPv4 address: never the cluster's private ranges, never the metadata service. */
export const publicInternet = (): Peer => ({ ipBlock: { cidr: "0.0.0.0/0", except: [...NOT_PUBLIC] } });

export const tcp = (...ports: number[]) => ports.map((port) => ({ protocol: "TCP", port }));

const inNamespace = (namespace: string) => ({ matchLabels: { "kubernetes.io/metadata.name": namespace } });

/** Pods of another namespace (all of them, or those a selector picks). */
export const podsOf = (namespace: string, podSelector: PolicySpec["podSelector"] = {}): Peer => ({ namespaceSelector: inNamespace(namespace), podSelector });

/** The cluster's DNS (CoreDNS, `k8s-app: kube-dns` in kube-system), UDP and TCP 53. */
export const DNS_EGRESS: Rule = {
  to: [podsOf("kube-system", { matchLabels: { "k8s-app": "kube-dns" } })],
  ports: [{ protocol: "UDP", port: 53 }, ...tcp(53)],
};

/** The Kubernetes API, on the servers' addresses only. */
export const apiEgress = (network: ClusterNetwork): Rule => ({
  to: network.apiServerCidrs.map((cidr) => ({ ipBlock: { cidr } })),
  ports: tcp(KUBERNETES_API_PORT),
});

/** Each node's kubelet (10250): k3s's nodes are the servers' and agents' own addresses, in the API servers' ranges. */
export const KUBELET_PORT = 10250;
export const kubeletEgress = (network: ClusterNetwork): Rule => ({
  to: network.apiServerCidrs.map((cidr) => ({ ipBlock: { cidr } })),
  ports: tcp(KUBELET_PORT),
});

/** The API servers calling a pod (admission webhooks, aggregated APIs): they run on the nodes themselves. */
export const fromApiServers = (network: ClusterNetwork, ...ports: number[]) => ({
  from: network.apiServerCidrs.map((cidr) => ({ ipBlock: { cidr } })),
  ports: tcp(...ports),
});

/**
 * A namespace's NetworkPolicies: `default-deny` (nothing in, nothing out), then each named
 * allowance. Every platform namespace is built this way, as tenants' are, so that a pod taken over
 * in any of them reaches only what its job needs: never the metadata service, nor the nodes
 * except the API servers' 6443 where the job talks to the API.
 * https://kubernetes.io/docs/concepts/services-networking/network-policies/#default-policies
 */
export function namespacePolicies(
  name: string,
  namespace: pulumi.Input<string>,
  allowances: Readonly<Record<string, PolicySpec>>,
  labels: Readonly<Record<string, string>>,
  opts: pulumi.CustomResourceOptions,
): k8s.networking.v1.NetworkPolicy[] {
  const policies: Record<string, PolicySpec> = { "default-deny": { podSelector: {}, policyTypes: ["Ingress", "Egress"] }, ...allowances };
  return Object.entries(policies).map(
    ([key, spec]) =>
      new k8s.networking.v1.NetworkPolicy(`${name}-${key}`, { metadata: { name: key, namespace, labels: { ...labels } }, spec }, opts),
  );
}

/** Egress only, for every pod of the namespace. */
export const egressFor = (podSelector: PolicySpec["podSelector"], ...egress: Rule[]): PolicySpec => ({ podSelector, policyTypes: ["Egress"], egress });

/** Ingress only. */
export const ingressFor = (podSelector: PolicySpec["podSelector"], ...ingress: k8s.types.input.networking.v1.NetworkPolicyIngressRule[]): PolicySpec => ({
  podSelector,
  policyTypes: ["Ingress"],
  ingress,
});

/**
 * cert-manager's HTTP-01 solver pods (model/contract/acme-solver.ts), reached by `from` on their
 * port: every namespace an Ingress asks a certificate in needs it.
 */
export const acmeSolverIngress = (from: Peer): PolicySpec =>
  ingressFor({ matchLabels: { [ACME_HTTP01_SOLVER.label]: "true" } }, { from: [from], ports: tcp(ACME_HTTP01_SOLVER.port) });
