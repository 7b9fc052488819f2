import * as keycloak from "@pulumi/keycloak";
import * as pulumi from "@pulumi/pulumi";
import type { Tenant } from "../../model/tenant";
import type { TenantRealm } from "../../model/contract/realm";
import type { FleetServices } from "../../model/contract/platform";

/**
 * Keycloak's password policy syntax: policy ids joined by `and`.
 * https://www.keycloak.org/docs/latest/server_admin/#_password-policies
 */
export const PASSWORD_POLICY = "length(12) and maxLength(128) and notUsername and notEmail and passwordHistory(5)";

/**
 * Lock an account for a while after repeated failures, longer each time.
 * https://www.keycloak.org/docs/latest/server_admin/#password-guess-brute-force-attacks
 */
export const BRUTE_FORCE_DETECTION = {
  permanentLockout: false,
  maxLoginFailures: 5,
  waitIncrementSeconds: 60,
  maxFailureWaitSeconds: 900,
  failureResetTimeSeconds: 43_200,
  quickLoginCheckMilliSeconds: 1000,
  minimumQuickLoginWaitSeconds: 60,
} as const;

/** The role that lets an organisation's admins run its realm: a client role of `realm-management`. */
const REALM_ADMIN_ROLE = { client: "realm-management", role: "realm-admin" } as const;

/**
 * The organisation's realm on the fleet's Keycloak: its accounts outlive any change to the file
 * (protected, retained), its admins run it, and it mails password resets through the fleet's relay.
 */
export function tenantRealm(parent: pulumi.Resource, name: string, tenant: Tenant, sso: FleetServices["sso"], smtp: FleetServices["smtp"]): TenantRealm {
  const provider = sso.provider;
  const realm = new keycloak.Realm(
    `${name}-realm`,
    {
      realm: tenant.id,
      displayName: tenant.name,
      enabled: true,
      loginWithEmailAllowed: true,
      duplicateEmailsAllowed: false,
      resetPasswordAllowed: true,
      registrationAllowed: false,
      verifyEmail: true,
      sslRequired: "all",
      passwordPolicy: PASSWORD_POLICY,
      securityDefenses: { bruteForceDetection: { ...BRUTE_FORCE_DETECTION } },
      smtpServer: {
        host: smtp.host,
        port: String(smtp.port),
        from: smtp.from,
        fromDisplayName: tenant.name,
        // 465 speaks TLS from the first byte; 587 upgrades with STARTTLS.
        ssl: smtp.port === 465,
        starttls: smtp.port === 587,
        auth: { username: smtp.username, password: smtp.password },
      },
    },
    { parent, provider, protect: true, retainOnDelete: true },
  );

  // https://www.keycloak.org/docs/latest/server_admin/#con-required-actions_server_administration_guide
  new keycloak.RequiredAction(
    `${name}-totp`,
    { realmId: realm.id, alias: "CONFIGURE_TOTP", enabled: true, defaultAction: tenant.sso.mfa === "required" },
    { parent, provider },
  );

  // Looked up once the realm exists: a first preview needs no running Keycloak.
  const realmManagement = keycloak.openid.getClientOutput({ realmId: realm.id, clientId: REALM_ADMIN_ROLE.client }, { parent, provider });
  const realmAdmin = keycloak.getRoleOutput({ realmId: realm.id, clientId: realmManagement.id, name: REALM_ADMIN_ROLE.role }, { parent, provider });
  for (const email of tenant.sso.admins) {
    // The account outlives its admin rights: removing someone from the file revokes the role,
    // not the person's files and history in the apps.
    const user = new keycloak.User(
      `${name}-admin-${email}`,
      { realmId: realm.id, username: email, email, enabled: true, requiredActions: ["UPDATE_PASSWORD"] },
      { parent, provider, retainOnDelete: true },
    );
    new keycloak.UserRoles(
      `${name}-admin-${email}-roles`,
      { realmId: realm.id, userId: user.id, roleIds: [realmAdmin.id], exhaustive: false },
      { parent, provider },
    );
  }
  return { realm, name: tenant.id, issuer: `${sso.url}/realms/${tenant.id}`, provider };
}
