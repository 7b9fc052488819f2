/**
 * Input paths whose change makes the provider replace a resource (create a new one, delete the old)
 * instead of updating it, for the stateful types of model/stateful.ts. For those, a replacement is
 * a loss: the new volume, database or realm starts empty. Paths are dotted, as the plan's diff
 * names them (`inputs.` left out). One table, with the upstream reason for each row.
 */
export const REPLACE_FORCING_PATHS: Readonly<Record<string, readonly { readonly path: string; readonly why: string }[]>> = {
  "kubernetes:core/v1:PersistentVolumeClaim": [
    // https://kubernetes.io/docs/concepts/storage/persistent-volumes/#persistentvolumeclaims
    { path: "metadata.name", why: "a Kubernetes object's name is its identity" },
    { path: "metadata.namespace", why: "a Kubernetes object's namespace is part of its identity" },
    // A claim's spec is immutable after creation, except resources.requests and volumeAttributesClassName.
    { path: "spec.storageClassName", why: "a claim's storage class is immutable: the claim and its volume are made anew" },
    { path: "spec.accessModes", why: "a claim's access modes are immutable" },
    { path: "spec.volumeMode", why: "a claim's volume mode is immutable" },
    { path: "spec.volumeName", why: "a claim's bound volume is immutable" },
  ],
  "kubernetes:core/v1:Namespace": [
    { path: "metadata.name", why: "a namespace's name is its identity; a new name is a new, empty namespace" },
  ],
  // https://cloudnative-pg.io/documentation/current/cloudnative-pg.v1/#postgresql-cnpg-io-v1-Cluster
  "kubernetes:postgresql.cnpg.io/v1:Cluster": [
    { path: "metadata.name", why: "a database cluster's name is its identity: a new name is a new, empty database" },
    { path: "metadata.namespace", why: "a database cluster's namespace is part of its identity" },
  ],
  // https://registry.terraform.io/providers/hetznercloud/hcloud/latest/docs/resources/volume (location: ForceNew)
  "hcloud:index/volume:Volume": [{ path: "location", why: "a Hetzner volume cannot move between locations" }],
  // https://registry.terraform.io/providers/keycloak/keycloak/latest/docs/resources/realm
  "keycloak:index/realm:Realm": [{ path: "realm", why: "the realm id names every account's realm and every client's redirect" }],
  // https://registry.terraform.io/providers/hetznercloud/hcloud/latest/docs/resources/zone
  "hcloud:index/zone:Zone": [{ path: "name", why: "a zone's name is its domain" }],
};

/**
 * Labels whose value is a permanent identity: changing it orphans what was stored under the old
 * one, whatever resource carries it. The Matrix server name is in every user id (`@ana:server`)
 * and every room id; Synapse refuses to start on a database made under another name.
 * https://element-hq.github.io/synapse/latest/usage/configuration/config_documentation.html#server_name
 */
export const PERMANENT_LABELS: Readonly<Record<string, string>> = {
  "jardin/matrix-server-name": "the Matrix server name is part of every account and room id",
};

/** The replace-forcing paths of a type, with why, among the paths that changed. */
export function replaceForcingChanges(type: string, changedPaths: readonly string[]): { path: string; why: string }[] {
  const rows = REPLACE_FORCING_PATHS[type] ?? [];
  return changedPaths.flatMap((changed) => {
    const input = changed.replace(/^inputs\./, "");
    const row = rows.find((r) => input === r.path || input.startsWith(`${r.path}.`) || input.startsWith(`${r.path}[`));
    return row === undefined ? [] : [{ path: input, why: row.why }];
  });
}
