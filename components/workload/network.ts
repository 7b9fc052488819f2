
/**
 * Where a pod may connect beyond its own app. A workload lists what it needs; the block turns each
 * into a pod label, and the tenant's NetworkPolicies (components/tenant/network-policies.ts) allow
 * exactly that for pods carrying it. One policy per concern, however many apps use it.
 */
export const EGRESS_NEEDS = {
  /** The fleet's Keycloak on its public address, port 443 (OIDC discovery, tokens, keys). */
  sso: "jardin/egress-sso",
  /** The fleet's SMTP relay, on its submission port. */
  smtp: "jardin/egress-smtp",
  /** Any public address on 443 (app stores, federation, previews); never the metadata service. */
  internet: "jardin/egress-internet",
  /** The tenant's own public hostnames through the cluster's ingress (Nextcloud ↔ its office suite). */
  peers: "jardin/egress-peers",
} as const;

export type EgressNeed = keyof typeof EGRESS_NEEDS;

/** Pods behind an Ingress carry it: the ingress controller may reach them, nothing else outside. */
export const FROM_INGRESS_LABEL = "jardin/from-ingress";

/** Label value meaning "this pod may"; a label rather than an annotation, as policies select on it. */
export const ALLOW = "allow";

export function egressLabels(needs: readonly EgressNeed[]): Record<string, string> {
  return Object.fromEntries(needs.map((need) => [EGRESS_NEEDS[need], ALLOW]));
}

/** Any public address (never the cluster's private ranges nor the metadata service): one definition, the platform's. */
export { publicInternet } from "../platform/network-policies";
