import type * as pulumi from "@pulumi/pulumi";
import { CHARTS, chartRelease } from "./charts";
import { platformNamespace } from "./namespaces";
import { PLATFORM_NAMESPACES } from "../../model/contract/platform-namespaces";

export const CNPG_NAMESPACE = PLATFORM_NAMESPACES.cnpg;

/** The plugin's name in a Cluster's `plugins` and a ScheduledBackup's `pluginConfiguration`. */
export const BARMAN_CLOUD_PLUGIN = "barman-cloud.cloudnative-pg.io";

/** The keys of the charts' values.yaml jardin sets. */
export interface CloudnativePgValues {
  // https://github.com/cloudnative-pg/charts/blob/cloudnative-pg-v0.29.0/charts/cloudnative-pg/values.yaml
  readonly crds: { readonly create: boolean };
  readonly replicaCount: number;
}

export interface BarmanCloudPluginValues {
  // https://github.com/cloudnative-pg/charts/blob/main/charts/plugin-barman-cloud/values.yaml
  readonly crds: { readonly create: boolean };
  /** The operator and the plugin talk over mutual TLS with certificates cert-manager issues. */
  readonly certificate: { readonly createClientCertificate: boolean; readonly createServerCertificate: boolean; readonly createIssuer: boolean };
}

export interface PostgresOperatorArgs {
  /** cert-manager, installed by jardin or already on the cluster: the plugin's certificates need it. */
  readonly certManager: readonly pulumi.Resource[];
}

/**
 * CloudNativePG (PostgreSQL for tenants and Keycloak) and the barman-cloud plugin for its backups.
 * Both charts mark their CRDs `helm.sh/resource-policy: keep`: removing a release never deletes
 * the database clusters and object stores along with their CRDs.
 */
export function postgresOperator(name: string, args: PostgresOperatorArgs, opts: pulumi.CustomResourceOptions): readonly pulumi.Resource[] {
  // The operator and the plugin run as non-root with capabilities dropped: restricted fits.
  const namespace = platformNamespace(`${name}-cnpg-namespace`, CNPG_NAMESPACE, "restricted", opts);
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
        certificate: { createClientCertificate: true, createServerCertificate: true, createIssuer: true },
      },
    },
    { ...opts, dependsOn: [operator, ...args.certManager] },
  );
  return [operator, plugin];
}
