import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type { ClusterPlatform, FleetServices } from "./contract";
import { BARMAN_CLOUD_PLUGIN } from "./postgres";

export interface KeycloakDatabaseArgs {
  readonly namespace: pulumi.Output<string>;
  readonly labels: Record<string, string>;
  readonly platform: ClusterPlatform;
  /** PostgreSQL instances: one primary, the others streaming replicas. */
  readonly instances: number;
  /** Size of each instance's volume. */
  readonly size: string;
  /** Days of backups kept in the bucket. */
  readonly retentionDays: number;
  readonly backups: FleetServices["backups"];
}

export interface KeycloakDatabase {
  readonly cluster: pulumi.Resource;
  /** The read-write Service of the primary. */
  readonly host: string;
  /** The Secret CloudNativePG creates for the application user (`username`, `password`). */
  readonly appSecret: string;
}

/**
 * PostgreSQL for Keycloak: a CloudNativePG Cluster with WAL archiving and daily base backups to
 * the backups bucket through the barman-cloud plugin.
 * https://cloudnative-pg.io/plugin-barman-cloud/docs/usage/
 */
export function keycloakDatabase(
  name: string,
  args: KeycloakDatabaseArgs,
  child: pulumi.CustomResourceOptions,
  stateful: pulumi.CustomResourceOptions,
): KeycloakDatabase {
  const { namespace, labels, backups } = args;
  const clusterName = "keycloak-db";
  const credentials = new k8s.core.v1.Secret(
    `${name}-backups-credentials`,
    {
      metadata: { name: "keycloak-backups-s3", namespace, labels },
      type: "Opaque",
      stringData: {
        ACCESS_KEY_ID: backups.accessKeyId,
        ACCESS_SECRET_KEY: backups.secretAccessKey,
        REGION: backups.region,
      },
    },
    child,
  );
  const key = (k: string) => ({ name: "keycloak-backups-s3", key: k });
  const objectStore = new k8s.apiextensions.CustomResource(
    `${name}-object-store`,
    {
      apiVersion: "barmancloud.cnpg.io/v1",
      kind: "ObjectStore",
      metadata: { name: "keycloak-backups", namespace, labels },
      spec: {
        configuration: {
          destinationPath: `s3://${backups.bucket}/postgres/keycloak`,
          endpointURL: backups.endpoint,
          s3Credentials: { accessKeyId: key("ACCESS_KEY_ID"), secretAccessKey: key("ACCESS_SECRET_KEY"), region: key("REGION") },
          wal: { compression: "gzip" },
          data: { compression: "gzip" },
        },
        retentionPolicy: `${args.retentionDays}d`,
      },
    },
    { ...child, dependsOn: [...args.platform.dependsOn, credentials] },
  );
  const cluster = new k8s.apiextensions.CustomResource(
    `${name}-database`,
    {
      apiVersion: "postgresql.cnpg.io/v1",
      kind: "Cluster",
      metadata: { name: clusterName, namespace, labels },
      spec: {
        instances: args.instances,
        // The operator's pinned release brings its PostgreSQL image; upgrades come with it.
        bootstrap: { initdb: { database: "keycloak", owner: "keycloak" } },
        storage: { storageClass: args.platform.storageClass, size: args.size },
        // Replicas on other nodes than the primary, so one lost machine loses no copy.
        affinity: { enablePodAntiAffinity: true, topologyKey: "kubernetes.io/hostname", podAntiAffinityType: "required" },
        plugins: [{ name: BARMAN_CLOUD_PLUGIN, isWALArchiver: true, parameters: { barmanObjectName: "keycloak-backups" } }],
      },
    },
    { ...stateful, dependsOn: [...args.platform.dependsOn, objectStore] },
  );
  new k8s.apiextensions.CustomResource(
    `${name}-scheduled-backup`,
    {
      apiVersion: "postgresql.cnpg.io/v1",
      kind: "ScheduledBackup",
      metadata: { name: "keycloak-db-daily", namespace, labels },
      spec: {
        // Six fields, seconds first: every day at 03:00 UTC.
        schedule: "0 0 3 * * *",
        cluster: { name: clusterName },
        method: "plugin",
        pluginConfiguration: { name: BARMAN_CLOUD_PLUGIN },
        backupOwnerReference: "self",
      },
    },
    { ...child, dependsOn: [cluster] },
  );
  // CloudNativePG's services and the app user's Secret. https://cloudnative-pg.io/docs/1.30/applications/
  return { cluster, host: `${clusterName}-rw`, appSecret: `${clusterName}-app` };
}
