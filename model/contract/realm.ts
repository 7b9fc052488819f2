import type * as keycloak from "@pulumi/keycloak";
import type { AppLogin } from "./verify-targets";

/** What a tenant's realm offers its apps: they add their OIDC clients to it (components/apps/oidc-client.ts). */
export interface TenantRealm {
  readonly realm: keycloak.Realm;
  /** The realm's name (the tenant id): issuers are `<sso url>/realms/<name>`. */
  readonly name: string;
  /** `https://sso.<baseDomain>/realms/<tenant>`. */
  readonly issuer: string;
  readonly provider: keycloak.Provider;
  /**
   * Every client's login as its app starts it, recorded by `oidcClient` as apps add their clients:
   * the stack's `verify` output, which `npm run verify` starts each of.
   */
  readonly logins: AppLogin[];
  /**
   * What the realm's apps make once for the organisation, whichever cluster they run on: OIDC
   * clients, identities (components/workload/shared.ts). During a move both sides read it.
   */
  readonly shared: Map<string, unknown>;
}
