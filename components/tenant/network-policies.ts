import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { PLATFORM_NAMESPACES } from "../../model/contract/platform-namespaces";
import { apiEgress, DNS_EGRESS, publicInternet, tcp, type ClusterNetwork, type Peer, type PolicySpec } from "../platform/network-policies";
import { INSTANCE_SELECTOR } from "../platform/postgres";
import { ALLOW, EGRESS_NEEDS, FROM_INGRESS_LABEL, type EgressNeed } from "../workload/network";
import { acmeSolverIngress } from "../platform/network-policies";



export interface NetworkPoliciesArgs {
  readonly namespace: pulumi.Input<string>;
  readonly labels: Readonly<Record<string, string>>;
  readonly ingressNamespace: string;
  /** Apps of several pods: each app's pods may talk to each other. */
  readonly apps: readonly string[];
  /** Needs some workload declared; the others get no policy. */
  readonly egress: readonly EgressNeed[];
  /** Public IPv4 of the fleet's Keycloak. */
  readonly ssoAddress: pulumi.Input<string>;
  /** Public IPv4 of this cluster's ingress: the tenant's own hostnames. */
  readonly ingressAddress: pulumi.Input<string>;
  readonly smtpPort: number;
  /** Does any app run PostgreSQL on CloudNativePG? */
  readonly databases: boolean;
  /** Do the tenant's Ingresses ask cert-manager for certificates (it proves each host with a pod here)? */
  readonly certificates: boolean;
  /** Where the cluster's API servers answer: database instances talk to the API. */
  readonly network: ClusterNetwork;
}

const single = (address: pulumi.Input<string>): Peer => ({
  ipBlock: { cidr: pulumi.interpolate`${address}/32` },
});
const needs = (need: EgressNeed) => ({ matchLabels: { [EGRESS_NEEDS[need]]: ALLOW } });

/**
 * The tenant's NetworkPolicies, one per concern: deny everything, then allow DNS, the ingress
 * controller, each app within itself, its databases' operator, and each egress need some pod has.
 * Every public range excludes the metadata address (and all private ranges).
 * https://kubernetes.io/docs/concepts/services-networking/network-policies/
 */
export function networkPolicies(parent: pulumi.Resource, name: string, provider: k8s.Provider, args: NetworkPoliciesArgs): void {
  const policies: Record<string, PolicySpec> = {
    "default-deny": { podSelector: {}, policyTypes: ["Ingress", "Egress"] },
    dns: { podSelector: {}, policyTypes: ["Egress"], egress: [DNS_EGRESS] },
    "from-ingress": {
      podSelector: { matchLabels: { [FROM_INGRESS_LABEL]: ALLOW } },
      policyTypes: ["Ingress"],
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": args.ingressNamespace } } }] }],
    },
  };
  if (args.certificates) {
    // cert-manager's HTTP-01 solver pods answer the ingress controller's challenge requests.
    policies["acme-http01-solver"] = acmeSolverIngress({ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": args.ingressNamespace } } });
  }
  for (const app of args.apps) {
    const own = { matchLabels: { "app.kubernetes.io/name": app } };
    policies[`${app}-internal`] = { podSelector: own, policyTypes: ["Ingress", "Egress"], ingress: [{ from: [{ podSelector: own }] }], egress: [{ to: [{ podSelector: own }] }] };
  }
  if (args.databases) {
    policies["databases"] = {
      podSelector: INSTANCE_SELECTOR,
      policyTypes: ["Ingress", "Egress"],
      // The operator checks each instance's status (8000) and connects to PostgreSQL (5432).
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": PLATFORM_NAMESPACES.cnpg } } }], ports: tcp(5432, 8000) }],
      // Instances ship WAL and base backups to object storage (443 on a public address, never the
      // private network) and their instance manager talks to the Kubernetes API (the API servers'
      // 6443, nothing else of the nodes). The cluster's pods have IPv4 only (k3s's default
      // single-stack cluster-cidr), so no IPv6 rule is needed or given.
      egress: [{ to: [publicInternet()], ports: tcp(443) }, apiEgress(args.network)],
    };
  }
  const egress: Record<EgressNeed, () => PolicySpec> = {
    sso: () => ({ podSelector: needs("sso"), policyTypes: ["Egress"], egress: [{ to: [single(args.ssoAddress)], ports: tcp(443) }] }),
    smtp: () => ({ podSelector: needs("smtp"), policyTypes: ["Egress"], egress: [{ to: [publicInternet()], ports: tcp(args.smtpPort) }] }),
    internet: () => ({ podSelector: needs("internet"), policyTypes: ["Egress"], egress: [{ to: [publicInternet()], ports: tcp(443) }] }),
    peers: () => ({ podSelector: needs("peers"), policyTypes: ["Egress"], egress: [{ to: [single(args.ingressAddress)], ports: tcp(443) }] }),
  };
  for (const need of args.egress) policies[`egress-${need}`] = egress[need]();

  for (const [key, spec] of Object.entries(policies)) {
    new k8s.networking.v1.NetworkPolicy(
      `${name}-${key}`,
      { metadata: { name: key, namespace: args.namespace, labels: { ...args.labels } }, spec },
      { parent, provider },
    );
  }
}
