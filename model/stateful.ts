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
