import * as k8s from "@pulumi/kubernetes";
import { backupMaxAgeAnnotation } from "../../model/contract/alerts";
import type * as pulumi from "@pulumi/pulumi";
import type { FleetServices } from "../../model/contract/platform";
import { BARMAN_CLOUD_PLUGIN } from "./postgres";

/**
 * PostgreSQL image CloudNativePG runs for tenants' databases; pinned, upgraded by a reviewed change.
 * https://github.com/cloudnative-pg/postgres-containers (tags `<major>.<minor>`)
 */
export const POSTGRES_IMAGE = "ghcr.io/cloudnative-pg/postgresql:17.6";

export interface PostgresClusterArgs {
  /**
   * Names every Kubernetes object: database and owner `<id>`, Cluster `<id>-db`, ObjectStore
   * `<id>-backups`, ScheduledBackup `<id>-db-daily`.
   */
  readonly id: string;
  readonly namespace: pulumi.Input<string>;
  readonly labels: Readonly<Record<string, string>>;
  /** Pulumi names of the three resources; given by the caller, as they are in existing states' URNs. */
  readonly resourceNames: { readonly objectStore: string; readonly cluster: string; readonly scheduledBackup: string };
  /** The `Cluster` object's name. @default `<id>-db`; an adopted cluster keeps its own */
  readonly clusterName?: string;
  /** The database and its owner. @default `<id>`; an adopted cluster keeps its own */
  readonly database?: string;
  /** The Cluster's spec beyond bootstrap, backups and storage: instances, image, resources, affinity. */
  readonly clusterSpec: Readonly<Record<string, unknown>> & { readonly instances: number };
  readonly storage: { readonly storageClass: pulumi.Input<string>; readonly size: string };
  /**
   * Bootstrap from another cluster's backups rather than empty: the archive (`serverName`) it
   * recovers from in the same ObjectStore, the distinct one it archives to from then on, and
   * optionally the moment to stop replaying at. @default none: initdb, an empty database
   */
  readonly recovery?: { readonly serverName: string; readonly archiveAs: string; readonly targetTime?: string };
  /** Extensions created once at bootstrap, as the database's owner cannot. @default none */
  readonly extensions?: readonly string[];
  /** The bucket's path under which the ObjectStore writes: one prefix per database, so a restore never picks another's data. */
  readonly backupPrefix: string;
  readonly backups: Pick<FleetServices["backups"], "bucket" | "endpoint">;
  /** Keys of a Secret in the namespace holding the bucket's credentials. */
  readonly credentials: {
    readonly secretName: pulumi.Input<string>;
    readonly accessKeyId: string;
    readonly secretAccessKey: string;
    /** @default none: the endpoint's own region */
    readonly region?: string;
  };
  readonly retentionDays: number;
  /** The daily base backup, a five-field cron in UTC. @default none (a database of no tenant's) */
  readonly scheduledBackup?: { readonly schedule: string; /** @default not set */ readonly suspend?: boolean };
  /**
   * A backup taken once, at once, named after the occasion (e.g. `suspended`: the tenant's last
   * state change): its object stays as the record of that backup. @default none
   */
  readonly lastBackup?: string;
  /** What the ObjectStore and the ScheduledBackup wait for (the operator, its CRDs, a Secret). */
  readonly dependsOn: readonly pulumi.Resource[];
  /** Options of the ObjectStore and the ScheduledBackup. */
  readonly child: pulumi.CustomResourceOptions;
  /** Options of the Cluster: the caller's, protected and retained, as it holds the data. */
  readonly stateful: pulumi.CustomResourceOptions;
}

export interface PostgresCluster {
  readonly cluster: k8s.apiextensions.CustomResource;
  /** The Cluster's name in its namespace: its `Backup` objects name it in `spec.cluster.name`. */
  readonly name: string;
  /** The read-write Service of the primary. https://cloudnative-pg.io/docs/1.30/applications/ */
  readonly host: string;
  readonly database: string;
  /** The Secret CloudNativePG generates for the owner (`username`, `password`). */
  readonly appSecret: string;
}

/**
 * One PostgreSQL database on CloudNativePG, for a tenant's app or the fleet's Keycloak: a Cluster,
 * continuous WAL archiving and a daily base backup to the fleet's bucket through the barman-cloud
 * plugin (`spec.backup.barmanObjectStore` is deprecated).
 * https://github.com/cloudnative-pg/plugin-barman-cloud/blob/v0.13.0/web/docs/usage.md
 */
export function postgresCluster(args: PostgresClusterArgs): PostgresCluster {
  const { id, namespace, labels, backups, credentials } = args;
  const clusterName = args.clusterName ?? `${id}-db`;
  const database = args.database ?? id;
  const storeName = `${id}-backups`;
  const secretKey = (key: string) => ({ name: credentials.secretName, key });
  // Every object of the database lives in its namespace with its labels.
  const object = (
    resourceName: string,
    type: { readonly apiVersion: string; readonly kind: string },
    objectName: string,
    spec: Record<string, unknown>,
    opts: pulumi.CustomResourceOptions,
    annotations?: Readonly<Record<string, string>>,
  ) =>
    new k8s.apiextensions.CustomResource(
      resourceName,
      { ...type, metadata: { name: objectName, namespace, labels, ...(annotations === undefined ? {} : { annotations: { ...annotations } }) }, spec },
      opts,
    );
  // The alerts hold the archive's last base backup to the schedule (model/contract/alerts.ts).
  const scheduled = args.scheduledBackup !== undefined && args.scheduledBackup.suspend !== true ? args.scheduledBackup.schedule : undefined;

  const store = object(
    args.resourceNames.objectStore,
    { apiVersion: "barmancloud.cnpg.io/v1", kind: "ObjectStore" },
    storeName,
    {
      configuration: {
        destinationPath: `s3://${backups.bucket}/${args.backupPrefix}`,
        endpointURL: backups.endpoint,
        s3Credentials: {
          accessKeyId: secretKey(credentials.accessKeyId),
          secretAccessKey: secretKey(credentials.secretAccessKey),
          ...(credentials.region === undefined ? {} : { region: secretKey(credentials.region) }),
        },
        wal: { compression: "gzip" },
        data: { compression: "gzip" },
      },
      // https://github.com/cloudnative-pg/plugin-barman-cloud/blob/v0.13.0/web/docs/retention.md
      retentionPolicy: `${args.retentionDays}d`,
    },
    { ...args.child, dependsOn: [...args.dependsOn] },
    scheduled === undefined ? undefined : backupMaxAgeAnnotation(scheduled),
  );

  const cluster = object(
    args.resourceNames.cluster,
    { apiVersion: "postgresql.cnpg.io/v1", kind: "Cluster" },
    clusterName,
    {
      ...args.clusterSpec,
      ...bootstrapOf(args, storeName, database),
      storage: { size: args.storage.size, storageClass: args.storage.storageClass },
      // https://github.com/cloudnative-pg/plugin-barman-cloud/blob/v0.13.0/web/docs/usage.md#configuring-wal-archiving
      // A recovered cluster archives under a `serverName` of its own (the plugin parameter, not the
      // ObjectStore's: web/docs/parameters.md at v0.13.0), never over the timeline it came from.
      plugins: [
        {
          name: BARMAN_CLOUD_PLUGIN,
          isWALArchiver: true,
          parameters: { barmanObjectName: storeName, ...(args.recovery === undefined ? {} : { serverName: args.recovery.archiveAs }) },
        },
      ],
    },
    { ...args.stateful, dependsOn: [...args.dependsOn, store] },
  );

  if (args.scheduledBackup !== undefined) {
    const { schedule, suspend } = args.scheduledBackup;
    object(
      args.resourceNames.scheduledBackup,
      { apiVersion: "postgresql.cnpg.io/v1", kind: "ScheduledBackup" },
      `${clusterName}-daily`,
      {
        // CloudNativePG's cron has a seconds field first.
        // https://github.com/cloudnative-pg/cloudnative-pg/blob/v1.30.0/docs/src/backup.md#cron-schedule
        schedule: `0 ${schedule}`,
        ...(suspend === undefined ? {} : { suspend }),
        backupOwnerReference: "self",
        cluster: { name: clusterName },
        method: "plugin",
        pluginConfiguration: { name: BARMAN_CLOUD_PLUGIN },
      },
      { ...args.child, dependsOn: [...args.dependsOn, cluster] },
    );
  }
  if (args.lastBackup !== undefined) {
    // An on-demand backup through the same plugin. Its object is kept when the occasion passes
    // (retained): deleting a Backup object never deletes the backup, but it is its only record.
    // https://github.com/cloudnative-pg/plugin-barman-cloud/blob/v0.13.0/web/docs/usage.md#performing-a-base-backup
    object(
      `${args.resourceNames.cluster}-backup-on-${args.lastBackup}`,
      { apiVersion: "postgresql.cnpg.io/v1", kind: "Backup" },
      `${clusterName}-on-${args.lastBackup}`,
      { cluster: { name: clusterName }, method: "plugin", pluginConfiguration: { name: BARMAN_CLOUD_PLUGIN } },
      { ...args.child, retainOnDelete: true, dependsOn: [...args.dependsOn, cluster] },
    );
  }
  return { cluster, name: clusterName, host: `${clusterName}-rw`, database, appSecret: `${clusterName}-app` };
}

/** The name of the `externalClusters` entry a recovery reads from. */
export const RECOVERY_SOURCE = "origin";

/**
 * Empty (initdb, with the app's database, owner and extensions), or recovered from the backups of
 * another cluster in the same ObjectStore: `bootstrap.recovery` from an `externalClusters` entry
 * that reads the plugin's archive under the old `serverName`
 * (https://github.com/cloudnative-pg/plugin-barman-cloud/blob/v0.13.0/web/docs/usage.md#restoring-a-cluster).
 * Recovery replays the WAL to its end, or to `recoveryTarget.targetTime`. With `database` and
 * `owner` set and no `secret`, the operator generates `<cluster>-app` and sets the owner's password
 * from it once promoted (api/v1/cluster_funcs.go ShouldRecoveryCreateApplicationSecret,
 * docs/src/recovery.md "Configure the application database", CloudNativePG v1.30.0): the app reads
 * the same Secret as on an empty cluster.
 */
function bootstrapOf(args: PostgresClusterArgs, storeName: string, database: string): Record<string, unknown> {
  const recovery = args.recovery;
  if (recovery === undefined) return { bootstrap: { initdb: { database, owner: database, ...initSql(args.extensions ?? []) } } };
  return {
    bootstrap: {
      recovery: {
        source: RECOVERY_SOURCE,
        database,
        owner: database,
        ...(recovery.targetTime === undefined ? {} : { recoveryTarget: { targetTime: recovery.targetTime } }),
      },
    },
    externalClusters: [
      { name: RECOVERY_SOURCE, plugin: { name: BARMAN_CLOUD_PLUGIN, parameters: { barmanObjectName: storeName, serverName: recovery.serverName } } },
    ],
  };
}

/**
 * `CREATE EXTENSION` runs as the superuser in the database right after initdb.
 * https://github.com/cloudnative-pg/cloudnative-pg/blob/v1.30.0/docs/src/bootstrap.md#executing-queries-after-initialization
 */
function initSql(extensions: readonly string[]): { postInitApplicationSQL?: string[] } {
  if (extensions.length === 0) return {};
  return { postInitApplicationSQL: extensions.map((e) => `CREATE EXTENSION IF NOT EXISTS ${e};`) };
}
