import type * as keycloak from "@pulumi/keycloak";

/** What a tenant's realm offers its apps: they add their OIDC clients to it (components/apps/oidc-client.ts). */
export interface TenantRealm {
  readonly realm: keycloak.Realm;
  /** The realm's name (the tenant id): issuers are `<sso url>/realms/<name>`. */
  readonly name: string;
  /** `https://sso.<baseDomain>/realms/<tenant>`. */
  readonly issuer: string;
  readonly provider: keycloak.Provider;
}
