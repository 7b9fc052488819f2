import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import { CHARTS, chartRelease } from "./charts";
import { PLATFORM_LABELS, platformNamespace } from "./namespaces";
import { PLATFORM_NAMESPACES } from "../../model/contract/platform-namespaces";
import { apiEgress, DNS_EGRESS, egressFor, fromApiServers, ingressFor, namespacePolicies, publicInternet, tcp, type ClusterNetwork } from "./network-policies";

/**
 * cert-manager's webhook port (`webhook.securePort`, https://github.com/cert-manager/cert-manager/blob/v1.21.1/deploy/charts/cert-manager/values.yaml),
 * and its pods' component labels (the chart's templates, `app.kubernetes.io/component`).
 */
const WEBHOOK_PORT = 10250;
const component = (name: "controller" | "webhook") => ({ matchLabels: { "app.kubernetes.io/component": name } });

export const CERT_MANAGER_NAMESPACE = PLATFORM_NAMESPACES.certManager;
/** The ClusterIssuer jardin creates where a cluster has none. */
export const LETSENCRYPT_ISSUER = "letsencrypt";
const LETSENCRYPT_DIRECTORY = "https://acme-v02.api.letsencrypt.org/directory";

interface HighlyAvailable {
  readonly replicaCount: number;
  readonly podDisruptionBudget: { readonly enabled: boolean };
}

/** The keys of the chart's values.yaml jardin sets. */
export interface CertManagerValues extends HighlyAvailable {
  // https://github.com/cert-manager/cert-manager/blob/v1.21.1/deploy/charts/cert-manager/values.yaml
  /** `keep`: uninstalling the chart must not delete every Certificate with its CRD. */
  readonly crds: { readonly enabled: boolean; readonly keep: boolean };
  readonly webhook: HighlyAvailable;
  readonly cainjector: HighlyAvailable;
}

export interface CertificatesArgs {
  /** Let's Encrypt writes there about expiring certificates. */
  readonly email: string;
  /** The class whose controller answers the HTTP-01 challenges. */
  readonly ingressClass: string;
  /** What the solver's Ingress needs first (the ingress controller). */
  readonly dependsOn: readonly pulumi.Resource[];
  readonly network: ClusterNetwork;
}

export interface Certificates {
  readonly clusterIssuer: string;
  /** cert-manager's release: CRDs and webhook, which the barman-cloud plugin's certificates need too. */
  readonly certManager: pulumi.Resource;
  readonly ready: readonly pulumi.Resource[];
}

/** cert-manager with its CRDs, and a Let's Encrypt ClusterIssuer solving HTTP-01 through the ingress. */
export function certificates(name: string, args: CertificatesArgs, opts: pulumi.CustomResourceOptions): Certificates {
  // The chart's pods run as non-root, capabilities dropped, seccomp RuntimeDefault: restricted fits.
  const namespace = platformNamespace(`${name}-cert-manager-namespace`, CERT_MANAGER_NAMESPACE, "restricted", opts);
  namespacePolicies(
    `${name}-cert-manager`,
    namespace.metadata.name,
    {
      dns: egressFor({}, DNS_EGRESS),
      // Controller, webhook, cainjector and the chart's startup check all talk to the API.
      api: egressFor({}, apiEgress(args.network)),
      // The API servers call the webhook to validate cert-manager's objects.
      webhook: ingressFor(component("webhook"), fromApiServers(args.network, WEBHOOK_PORT)),
      // Let's Encrypt's API (443), and the HTTP-01 self-check of each challenge through the
      // public ingress address (80). https://cert-manager.io/docs/configuration/acme/http01/
      acme: egressFor(component("controller"), { to: [publicInternet()], ports: tcp(443, 80) }),
    },
    PLATFORM_LABELS,
    { ...opts, dependsOn: [namespace] },
  );
  const ha: HighlyAvailable = { replicaCount: 2, podDisruptionBudget: { enabled: true } };
  const certManager = chartRelease<CertManagerValues>(
    `${name}-cert-manager`,
    {
      chart: CHARTS.certManager,
      namespace: namespace.metadata.name,
      values: { crds: { enabled: true, keep: true }, ...ha, webhook: ha, cainjector: ha },
    },
    { ...opts, dependsOn: [namespace] },
  );

  // https://cert-manager.io/docs/configuration/acme/http01/
  const issuer = new k8s.apiextensions.CustomResource(
    `${name}-cluster-issuer`,
    {
      apiVersion: "cert-manager.io/v1",
      kind: "ClusterIssuer",
      metadata: { name: LETSENCRYPT_ISSUER, labels: PLATFORM_LABELS },
      spec: {
        acme: {
          server: LETSENCRYPT_DIRECTORY,
          email: args.email,
          privateKeySecretRef: { name: `${LETSENCRYPT_ISSUER}-account-key` },
          solvers: [{ http01: { ingress: { ingressClassName: args.ingressClass } } }],
        },
      },
    },
    { ...opts, dependsOn: [certManager, ...args.dependsOn] },
  );
  return { clusterIssuer: LETSENCRYPT_ISSUER, certManager, ready: [certManager, issuer] };
}
