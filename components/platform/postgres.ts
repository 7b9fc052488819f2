import type * as pulumi from "@pulumi/pulumi";
import { CHARTS, chartRelease } from "./charts";
import { PLATFORM_NAMESPACES } from "../../model/contract/platform-namespaces";
import { PLATFORM_LABELS, platformNamespace } from "./namespaces";
import { apiEgress, DNS_EGRESS, egressFor, fromApiServers, ingressFor, namespacePolicies, tcp, type ClusterNetwork } from "./network-policies";

/**
 * Ports: the operator's admission webhook (9443, https://github.com/cloudnative-pg/charts/blob/cloudnative-pg-v0.29.0/charts/cloudnative-pg/values.yaml
 * `webhook.port`), the barman-cloud plugin's gRPC server (9090,
 * https://github.com/cloudnative-pg/plugin-barman-cloud/blob/v0.13.0/kubernetes/deployment.yaml), and what the operator
 * calls on each instance: its instance manager (8000) and PostgreSQL (5432).
 */
const CNPG_PORTS = { webhook: 9443, plugin: 9090, instanceManager: 8000, postgres: 5432 } as const;
/** The operator's pods (the chart's selector labels). */
const OPERATOR = { matchLabels: { "app.kubernetes.io/name": "cloudnative-pg" } };
/** Every database instance carries its cluster's name. https://github.com/cloudnative-pg/cloudnative-pg/blob/v1.30.0/docs/src/labels_annotations.md */
export const INSTANCE_SELECTOR = { matchExpressions: [{ key: "cnpg.io/cluster", operator: "Exists" }] };

export const CNPG_NAMESPACE = PLATFORM_NAMESPACES.cnpg;

/** The plugin's name in a Cluster's `plugins` and a ScheduledBackup's `pluginConfiguration`. */
export const BARMAN_CLOUD_PLUGIN = "barman-cloud.cloudnative-pg.io";

/** The keys of the charts' values.yaml jardin sets (their contracts: test/contracts/charts/). */
export interface CloudnativePgValues {
  // https://github.com/cloudnative-pg/charts/blob/cloudnative-pg-v0.29.0/charts/cloudnative-pg/values.yaml
  readonly crds: { readonly create: boolean };
  readonly replicaCount: number;
}

export interface BarmanCloudPluginValues {
  // https://github.com/cloudnative-pg/charts/blob/plugin-barman-cloud-v0.7.0/charts/plugin-barman-cloud/values.yaml
  readonly crds: { readonly create: boolean };
  /**
   * The operator and the plugin talk over mutual TLS with certificates cert-manager issues. Chart
   * 0.7.0 has no `createIssuer` (a later addition on the chart's main branch): its
   * templates/certificate-issuer.yaml always makes the self-signed issuer the certificates name.
   */
  readonly certificate: { readonly createClientCertificate: boolean; readonly createServerCertificate: boolean };
}

export interface PostgresOperatorArgs {
  /** cert-manager, installed by jardin or already on the cluster: the plugin's certificates need it. */
  readonly certManager: readonly pulumi.Resource[];
  readonly network: ClusterNetwork;
}

/**
 * CloudNativePG (PostgreSQL for tenants and Keycloak) and the barman-cloud plugin for its backups.
 * Both charts mark their CRDs `helm.sh/resource-policy: keep`: removing a release never deletes
 * the database clusters and object stores along with their CRDs.
 */
export function postgresOperator(name: string, args: PostgresOperatorArgs, opts: pulumi.CustomResourceOptions): readonly pulumi.Resource[] {
  // The operator and the plugin run as non-root with capabilities dropped: restricted fits.
  const namespace = platformNamespace(`${name}-cnpg-namespace`, CNPG_NAMESPACE, "restricted", opts);
  namespacePolicies(
    `${name}-cnpg`,
    namespace.metadata.name,
    {
      dns: egressFor({}, DNS_EGRESS),
      api: egressFor({}, apiEgress(args.network)),
      webhook: ingressFor(OPERATOR, fromApiServers(args.network, CNPG_PORTS.webhook)),
      // The operator and the plugin talk over gRPC (mutual TLS) inside the namespace.
      plugin: {
        podSelector: {},
        policyTypes: ["Ingress", "Egress"],
        ingress: [{ from: [{ podSelector: {} }], ports: tcp(CNPG_PORTS.plugin) }],
        egress: [{ to: [{ podSelector: {} }], ports: tcp(CNPG_PORTS.plugin) }],
      },
      // The operator checks and drives every database instance, in whatever namespace it runs.
      instances: egressFor(OPERATOR, {
        to: [{ namespaceSelector: {}, podSelector: INSTANCE_SELECTOR }],
        ports: tcp(CNPG_PORTS.instanceManager, CNPG_PORTS.postgres),
      }),
    },
    PLATFORM_LABELS,
    { ...opts, dependsOn: [namespace] },
  );
  const operator = chartRelease<CloudnativePgValues>(
    `${name}-cloudnative-pg`,
    {
      chart: CHARTS.cloudnativePg,
      namespace: namespace.metadata.name,
      // A second replica takes the lease when the first's node is lost.
      values: { crds: { create: true }, replicaCount: 2 },
    },
    { ...opts, dependsOn: [namespace] },
  );
  const plugin = chartRelease<BarmanCloudPluginValues>(
    `${name}-barman-cloud`,
    {
      chart: CHARTS.barmanCloudPlugin,
      namespace: namespace.metadata.name,
      values: {
        crds: { create: true },
        certificate: { createClientCertificate: true, createServerCertificate: true },
      },
    },
    { ...opts, dependsOn: [operator, ...args.certManager] },
  );
  return [operator, plugin];
}
