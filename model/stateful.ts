/**
 * Resource types that hold data someone stored: deleting or replacing one loses it. The plan's
 * data-loss gate and the policy pack's protection policy read this one list.
 */
export const STATEFUL_TYPES: Readonly<Record<string, string>> = {
  "kubernetes:core/v1:PersistentVolumeClaim": "a volume claim (the app's files)",
  "kubernetes:core/v1:Namespace": "a tenant namespace (deleting it deletes every volume claim in it)",
  "kubernetes:postgresql.cnpg.io/v1:Cluster": "a PostgreSQL cluster (CloudNativePG)",
  "hcloud:index/volume:Volume": "a Hetzner volume",
  "keycloak:index/realm:Realm": "a Keycloak realm (the organisation's accounts)",
  "hcloud:index/zone:Zone": "the DNS zone",
};

export function isStatefulType(type: string): boolean {
  return Object.hasOwn(STATEFUL_TYPES, type);
}

/**
 * What keeps a tenant's backups running and its archives apart: guarded like its data. Removing
 * one stops backups; the plan's data-loss gate refuses it unless the tenant is archived or the
 * fleet declares a migration.
 */
export const BACKUP_TYPES: Readonly<Record<string, string>> = {
  "kubernetes:barmancloud.cnpg.io/v1:ObjectStore": "a database's archive store (where its WAL and base backups go)",
  "kubernetes:postgresql.cnpg.io/v1:ScheduledBackup": "a database's scheduled base backup",
  "kubernetes:k8up.io/v1:Schedule": "the tenant's volume-backup schedule",
};
