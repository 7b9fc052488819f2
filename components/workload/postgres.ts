import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type { FleetServices } from "../platform/contract";
import type { SecretKey } from "./container";
import { appLabels, childOptions, isRunning, statefulOptions, type AppScope } from "./scope";

/**
 * PostgreSQL image CloudNativePG runs; pinned, upgraded by a reviewed change.
 * https://github.com/cloudnative-pg/postgres-containers (tags `<major>.<minor>`)
 */
export const POSTGRES_IMAGE = "ghcr.io/cloudnative-pg/postgresql:17.6";

/** The barman-cloud plugin's name, as Clusters and backups refer to it. https://cloudnative-pg.io/plugin-barman-cloud/docs/usage */
export const BARMAN_CLOUD_PLUGIN = "barman-cloud.cloudnative-pg.io";

export interface PostgresSpec {
  /**
   * Another image of CloudNativePG's, for an app that needs an extension, e.g. PostGIS.
   * @default POSTGRES_IMAGE
   */
  readonly image?: string;
  /** Extensions the app's database needs, created once at bootstrap, as its owner cannot. @default none */
  readonly extensions?: readonly string[];
  /** @default 10 */
  readonly sizeGiB?: number;
  /** A primary and a standby on another node: the app survives a node's loss. @default 2 */
  readonly instances?: number;
  /** Per instance. @default { cpuMillis: 100, memoryMiB: 256 } */
  readonly resources?: { readonly cpuMillis: number; readonly memoryMiB: number };
  /** The tenant file's backups. */
  readonly backups: { readonly schedule: string; readonly retentionDays: number };
  /** Keys of the app's Secret holding the backup bucket's credentials. */
  readonly credentials: { readonly secretName: pulumi.Input<string>; readonly accessKeyId: string; readonly secretAccessKey: string };
  readonly services: Pick<FleetServices, "backups">;
}

export interface Postgres {
  /** The read-write service's host name in the namespace. */
  readonly host: string;
  readonly database: string;
  readonly user: string;
  /** CloudNativePG generates the owner's password into the `<cluster>-app` Secret. */
  readonly password: SecretKey;
}

/**
 * An app's database on CloudNativePG: a Cluster (protected, retained), continuous WAL archiving
 * and a base backup on the tenant's schedule to the fleet's bucket, through the barman-cloud plugin.
 * https://cloudnative-pg.io/documentation/current/cloudnative-pg.v1/#postgresql-cnpg-io-v1-ClusterSpec
 */
export function postgres(scope: AppScope, spec: PostgresSpec): Postgres {
  const name = `${scope.app}-db`;
  const labels = appLabels(scope, "database");
  const database = scope.app;
  const instances = spec.instances ?? 2;
  const resources = spec.resources ?? { cpuMillis: 100, memoryMiB: 256 };
  const { backups } = spec.services;
  const dependsOn = [...scope.platform.dependsOn];
  scope.budget.noteDatabase();

  const store = new k8s.apiextensions.CustomResource(
    `${scope.name}-backups`,
    {
      apiVersion: "barmancloud.cnpg.io/v1",
      kind: "ObjectStore",
      metadata: { name: `${scope.app}-backups`, namespace: scope.namespace, labels },
      spec: {
        configuration: {
          // One prefix per tenant and app: a restore never picks another tenant's data.
          destinationPath: `s3://${backups.bucket}/${scope.labels["jardin/tenant"] ?? scope.namespace}/${scope.app}`,
          endpointURL: backups.endpoint,
          s3Credentials: {
            accessKeyId: { name: spec.credentials.secretName, key: spec.credentials.accessKeyId },
            secretAccessKey: { name: spec.credentials.secretName, key: spec.credentials.secretAccessKey },
          },
          wal: { compression: "gzip" },
          data: { compression: "gzip" },
        },
        // https://cloudnative-pg.io/plugin-barman-cloud/docs/retention
        retentionPolicy: `${spec.backups.retentionDays}d`,
      },
    },
    childOptions(scope, { dependsOn }),
  );

  new k8s.apiextensions.CustomResource(
    `${scope.name}-db`,
    {
      apiVersion: "postgresql.cnpg.io/v1",
      kind: "Cluster",
      metadata: { name, namespace: scope.namespace, labels },
      spec: {
        instances,
        imageName: spec.image ?? POSTGRES_IMAGE,
        // Its pods carry the app's labels: the app's NetworkPolicy lets the app reach them.
        inheritedMetadata: { labels },
        bootstrap: { initdb: { database, owner: database, ...initSql(spec.extensions ?? []) } },
        storage: { size: `${spec.sizeGiB ?? 10}Gi`, storageClass: scope.platform.storageClass },
        resources: {
          requests: { cpu: `${resources.cpuMillis}m`, memory: `${resources.memoryMiB}Mi` },
          limits: { memory: `${resources.memoryMiB * 2}Mi` },
        },
        ...(scope.placement === undefined
          ? {}
          : { affinity: { nodeSelector: { ...scope.placement.nodeSelector }, tolerations: [...scope.placement.tolerations] } }),
        // https://cloudnative-pg.io/plugin-barman-cloud/docs/usage#configuring-wal-archiving
        plugins: [{ name: BARMAN_CLOUD_PLUGIN, isWALArchiver: true, parameters: { barmanObjectName: `${scope.app}-backups` } }],
      },
    },
    statefulOptions(scope, { dependsOn: [...dependsOn, store] }),
  );

  if (scope.state !== "archived") {
    new k8s.apiextensions.CustomResource(
      `${scope.name}-db-backup`,
      {
        apiVersion: "postgresql.cnpg.io/v1",
        kind: "ScheduledBackup",
        metadata: { name: `${name}-daily`, namespace: scope.namespace, labels },
        spec: {
          // CloudNativePG's cron has a seconds field first.
          // https://cloudnative-pg.io/documentation/current/backup/#scheduled-backups
          schedule: `0 ${spec.backups.schedule}`,
          suspend: !isRunning(scope),
          backupOwnerReference: "self",
          cluster: { name },
          method: "plugin",
          pluginConfiguration: { name: BARMAN_CLOUD_PLUGIN },
        },
      },
      childOptions(scope, { dependsOn }),
    );
  }
  if (isRunning(scope)) {
    // The standby's clone job runs beside the instances while the cluster grows: one more pod.
    scope.budget.add({
      app: scope.app,
      owner: `${scope.app}/database`,
      pods: instances + 1,
      cpuMillis: resources.cpuMillis,
      memoryMiB: resources.memoryMiB,
      memoryLimitMiB: resources.memoryMiB * 2,
    });
  }
  return { host: `${name}-rw`, database, user: database, password: { secretName: `${name}-app`, secretKey: "password" } };
}

/**
 * `CREATE EXTENSION` runs as the superuser in the app's database right after initdb.
 * https://cloudnative-pg.io/documentation/current/bootstrap/#executing-queries-after-initialization
 */
function initSql(extensions: readonly string[]): { postInitApplicationSQL?: string[] } {
  if (extensions.length === 0) return {};
  return { postInitApplicationSQL: extensions.map((e) => `CREATE EXTENSION IF NOT EXISTS ${e};`) };
}
