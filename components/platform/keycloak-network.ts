import * as pulumi from "@pulumi/pulumi";
import type { ClusterPlatform } from "../../model/contract/platform";
import { PLATFORM_LABELS } from "./namespaces";
import { acmeSolverIngress, apiEgress, DNS_EGRESS, egressFor, namespacePolicies, podsOf, publicInternet, tcp } from "./network-policies";
import { CNPG_NAMESPACE, INSTANCE_SELECTOR } from "./postgres";

/** Keycloak's HTTP port, which the ingress reaches. */
export const KEYCLOAK_HTTP_PORT = 8080;


export interface KeycloakNetworkArgs {
  readonly namespace: pulumi.Input<string>;
  /** Keycloak's pods. */
  readonly selector: Readonly<Record<string, string>>;
  readonly platform: Pick<ClusterPlatform, "ingressNamespace" | "network">;
  /** The relay's submission port: realms mail password resets and verifications. */
  readonly smtpPort: number;
  /**
   * Every cluster's ingress address: Keycloak posts OIDC back-channel logout tokens to apps'
   * public hostnames (each client's `backchannelLogoutUrl`, components/apps/oidc-client.ts).
   */
  readonly appIngressAddresses: readonly pulumi.Input<string>[];
}

/**
 * The keycloak namespace: default-deny, then Keycloak reached by the ingress only and its pods by
 * each other (the cluster cache's JGroups transport), Keycloak reaching its database, the relay
 * and the clusters' ingresses (back-channel logout); the database instances as tenants' are (the operator, their object storage on 443, the
 * API servers); the certificate solver reached by the ingress.
 */
export function keycloakNetworkPolicies(name: string, args: KeycloakNetworkArgs, opts: pulumi.CustomResourceOptions): void {
  const keycloak = { matchLabels: { ...args.selector } };
  const ingress = podsOf(args.platform.ingressNamespace);
  namespacePolicies(
    `${name}-network`,
    args.namespace,
    {
      dns: egressFor({}, DNS_EGRESS),
      keycloak: {
        podSelector: keycloak,
        policyTypes: ["Ingress", "Egress"],
        ingress: [{ from: [ingress], ports: tcp(KEYCLOAK_HTTP_PORT) }, { from: [{ podSelector: keycloak }] }],
        egress: [
          { to: [{ podSelector: keycloak }] },
          { to: [{ podSelector: INSTANCE_SELECTOR }], ports: tcp(5432) },
          { to: [publicInternet()], ports: tcp(args.smtpPort) },
          { to: args.appIngressAddresses.map((address) => ({ ipBlock: { cidr: pulumi.interpolate`${address}/32` } })), ports: tcp(443) },
        ],
      },
      database: {
        podSelector: INSTANCE_SELECTOR,
        policyTypes: ["Ingress", "Egress"],
        ingress: [
          { from: [podsOf(CNPG_NAMESPACE)], ports: tcp(5432, 8000) },
          { from: [{ podSelector: keycloak }], ports: tcp(5432) },
          // Streaming replication and the instances' own status checks.
          { from: [{ podSelector: INSTANCE_SELECTOR }], ports: tcp(5432, 8000) },
        ],
        egress: [{ to: [{ podSelector: INSTANCE_SELECTOR }], ports: tcp(5432, 8000) }, { to: [publicInternet()], ports: tcp(443) }, apiEgress(args.platform.network)],
      },
      "acme-solver": acmeSolverIngress(ingress),
    },
    PLATFORM_LABELS,
    opts,
  );
}
