import type { TenantRealm } from "../../model/contract/realm";

/**
 * What both sides of a moving tenant use, made once: by the side that keeps its URNs (the old one,
 * built first), so a move never makes a second OIDC client with the same client id in the realm,
 * a new Matrix signing key, or a new password for the volume-backup repository both sides read.
 * Keyed by what it is (`oidc-client:synapse`, `matrix-signing`, `volume-backups-password`).
 */
export function sharedOnce<T>(realm: Pick<TenantRealm, "shared">, key: string, make: () => T): T {
  if (realm.shared.has(key)) return realm.shared.get(key) as T;
  const made = make();
  realm.shared.set(key, made);
  return made;
}
