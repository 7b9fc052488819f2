import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type { ClusterPlatform, FleetServices } from "../../model/contract/platform";
import { postgresCluster } from "./postgres-cluster";

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

const CREDENTIALS_SECRET = "keycloak-backups-s3";

/**
 * PostgreSQL for Keycloak on the same building block as tenants' databases, with the fleet's
 * bucket credentials in a Secret of its own and a daily base backup at 03:00 UTC.
 */
export function keycloakDatabase(
  name: string,
  args: KeycloakDatabaseArgs,
  child: pulumi.CustomResourceOptions,
  stateful: pulumi.CustomResourceOptions,
): KeycloakDatabase {
  const { namespace, labels, backups } = args;
  const credentials = new k8s.core.v1.Secret(
    `${name}-backups-credentials`,
    {
      metadata: { name: CREDENTIALS_SECRET, namespace, labels },
      type: "Opaque",
      stringData: {
        ACCESS_KEY_ID: backups.accessKeyId,
        ACCESS_SECRET_KEY: backups.secretAccessKey,
        REGION: backups.region,
      },
    },
    child,
  );
  const database = postgresCluster({
    id: "keycloak",
    namespace,
    labels,
    resourceNames: { objectStore: `${name}-object-store`, cluster: `${name}-database`, scheduledBackup: `${name}-scheduled-backup` },
    clusterSpec: {
      instances: args.instances,
      // No imageName: the operator's pinned release brings its PostgreSQL image, the one this
      // cluster was created with; pinning another could ask CloudNativePG for a major-version change.
      // Replicas on other nodes than the primary, so one lost machine loses no copy.
      affinity: { enablePodAntiAffinity: true, topologyKey: "kubernetes.io/hostname", podAntiAffinityType: "required" },
    },
    storage: { storageClass: args.platform.storageClass, size: args.size },
    backupPrefix: "postgres/keycloak",
    backups,
    credentials: { secretName: CREDENTIALS_SECRET, accessKeyId: "ACCESS_KEY_ID", secretAccessKey: "ACCESS_SECRET_KEY", region: "REGION" },
    retentionDays: args.retentionDays,
    scheduledBackup: { schedule: "0 3 * * *" },
    dependsOn: [...args.platform.dependsOn, credentials],
    child,
    stateful,
  });
  return { cluster: database.cluster, host: database.host, appSecret: database.appSecret };
}
