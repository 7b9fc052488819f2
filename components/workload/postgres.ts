import type * as pulumi from "@pulumi/pulumi";
import type { FleetServices } from "../../model/contract/platform";
import { POSTGRES_IMAGE, postgresCluster } from "../platform/postgres-cluster";
import { DATA_KEEPING_PRIORITY_CLASS } from "../../model/contract/data-keeping";
import { LABELS } from "../../model/contract/tenant-labels";
import { isRestoring, movedServerName } from "../../model/move";
import { adoptionOptions, KUBERNETES_OBJECT_INPUTS } from "./adoption";
import type { SecretKey } from "./container";
import { appLabels, childOptions, isRunning, statefulOptions, type AppScope } from "./scope";

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
  /** The app's Secret, holding the backup bucket's credentials under `backupCredentialKeys` (below). */
  readonly secretName: pulumi.Input<string>;
  readonly services: Pick<FleetServices, "backups">;
}

/** Where an app's Secret keeps the backup bucket's keys for its database's backups. */
const BACKUP_CREDENTIAL_KEYS = { accessKeyId: "backups-access-key-id", secretAccessKey: "backups-secret-access-key" } as const;

/** The entries an app with a database adds to its one Secret, so postgres() finds the bucket's keys. */
export function backupCredentialEntries(backups: FleetServices["backups"]): Record<string, pulumi.Output<string>> {
  return { [BACKUP_CREDENTIAL_KEYS.accessKeyId]: backups.accessKeyId, [BACKUP_CREDENTIAL_KEYS.secretAccessKey]: backups.secretAccessKey };
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
 * https://github.com/cloudnative-pg/cloudnative-pg/blob/v1.30.0/docs/src/cloudnative-pg.v1.md#clusterspec
 */
export function postgres(scope: AppScope, spec: PostgresSpec): Postgres {
  const labels = appLabels(scope, "database");
  const instances = spec.instances ?? 2;
  const resources = spec.resources ?? { cpuMillis: 100, memoryMiB: 256 };
  const adoption = scope.adoption;
  const adopted = adoption?.spec.databases[scope.app];

  const arrival = scope.arrival;
  const source = arrival?.sources.databases[scope.app];
  const db = postgresCluster({
    id: scope.app,
    namespace: scope.namespace,
    labels,
    resourceNames: { objectStore: `${scope.name}-backups`, cluster: `${scope.name}-db`, scheduledBackup: `${scope.name}-db-backup` },
    clusterName: adopted?.cluster,
    // Recovered, it keeps the database and owner its backups hold.
    database: source?.database ?? adopted?.database,
    recovery:
      arrival === undefined || source === undefined
        ? undefined
        : { serverName: source.serverName, archiveAs: movedServerName(`${scope.app}-db`, arrival.cluster), targetTime: arrival.move.recoveryTargetTime },
    clusterSpec: {
      instances,
      imageName: spec.image ?? POSTGRES_IMAGE,
      // Its pods carry the app's labels: the app's NetworkPolicy lets the app reach them.
      inheritedMetadata: { labels },
      // A stopped tenant's database keeps running, archiving and backing up (its lifecycle quota
      // admits this class), so its backups stay fresh and its export can dump it.
      // `priorityClassName` of the Cluster CRD at operator 1.30.0 (charts tag cloudnative-pg-v0.29.0,
      // charts/cloudnative-pg/templates/crds/crds.yaml).
      priorityClassName: DATA_KEEPING_PRIORITY_CLASS,
      resources: {
        requests: { cpu: `${resources.cpuMillis}m`, memory: `${resources.memoryMiB}Mi` },
        limits: { memory: `${resources.memoryMiB * 2}Mi` },
      },
      ...(scope.placement === undefined
        ? {}
        : { affinity: { nodeSelector: { ...scope.placement.nodeSelector }, tolerations: [...scope.placement.tolerations] } }),
    },
    storage: { size: `${spec.sizeGiB ?? 10}Gi`, storageClass: scope.platform.storageClass },
    extensions: spec.extensions,
    // One prefix per tenant and app: a restore never picks another tenant's data.
    backupPrefix: `${scope.labels[LABELS.tenant] ?? scope.namespace}/${scope.app}`,
    backups: spec.services.backups,
    credentials: { secretName: spec.secretName, ...BACKUP_CREDENTIAL_KEYS },
    retentionDays: spec.backups.retentionDays,
    // In every state: a suspended or archived tenant's backups keep running, and its retention
    // keeps the last `retentionDays` of them, never fewer.
    scheduledBackup: { schedule: spec.backups.schedule, suspend: false },
    // Entering a stopped state takes one more backup at once, the state's last word.
    // A new side still restoring has nothing of its own to back up yet.
    lastBackup: isRunning(scope) || isRestoring(arrival) ? undefined : scope.state,
    dependsOn: scope.platform.dependsOn,
    child: childOptions(scope),
    stateful: statefulOptions(
      scope,
      adoption === undefined || adopted === undefined ? {} : adoptionOptions(adoption.spec, `${adoption.namespace}/${adopted.cluster}`, KUBERNETES_OBJECT_INPUTS),
    ),
  });
  scope.budget.noteDatabase(scope.app, db.name);
  // The database runs in every state. The standby's clone job runs beside the instances while
  // the cluster grows: one more pod.
  scope.budget.add({
    app: scope.app,
    owner: `${scope.app}/database`,
    pods: instances + 1,
    cpuMillis: resources.cpuMillis,
    memoryMiB: resources.memoryMiB,
    memoryLimitMiB: resources.memoryMiB * 2,
  });
  return { host: db.host, database: db.database, user: db.database, password: { secretName: db.appSecret, secretKey: "password" } };
}

