import * as keycloak from "@pulumi/keycloak";
import * as pulumi from "@pulumi/pulumi";
import { adminUsername } from "../../model/admin-accounts";
import type { Tenant } from "../../model/tenant";
import { adoptionOptions } from "../workload/adoption";
import type { TenantRealm } from "../../model/contract/realm";
import type { FleetServices } from "../../model/contract/platform";
import { requireOtpAtLogin } from "../platform/keycloak-mfa";

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

/**
 * What a new admin does at their first login: choose a password and, where the organisation
 * requires MFA, enrol their authenticator, before anything else.
 */
export function adminRequiredActions(tenant: Tenant): string[] {
  return tenant.sso.mfa === "required" ? ["UPDATE_PASSWORD", "CONFIGURE_TOTP"] : ["UPDATE_PASSWORD"];
}

/** The role that lets an organisation's admins run its realm: a client role of `realm-management`. */
const REALM_ADMIN_ROLE = { client: "realm-management", role: "realm-admin" } as const;

/**
 * The organisation's realm on the fleet's Keycloak: its accounts outlive any change to the file
 * (protected, retained), its admins run it, and it mails password resets through the fleet's relay.
 */
export function tenantRealm(parent: pulumi.Resource, name: string, tenant: Tenant, sso: FleetServices["sso"], smtp: FleetServices["smtp"]): TenantRealm {
  const provider = sso.provider;
  const realmArgs: keycloak.RealmArgs = {
    realm: tenant.id,
    displayName: tenant.name,
    enabled: true,
    loginWithEmailAllowed: true,
    duplicateEmailsAllowed: false,
    // Usernames are Matrix IDs (Synapse maps them once, for good): nobody renames theirs.
    editUsernameAllowed: false,
    registrationEmailAsUsername: false,
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
  };
  // An adopted realm is imported by its name, an adopted account by `<realm>/<username>`
  // (terraform-provider-keycloak v5.9.0, which @pulumi/keycloak 6.13.0 wraps: provider/
  // resource_keycloak_realm.go passes the id through; resource_keycloak_user.go looks the user up
  // by id, then by username).
  const adopted = tenant.adopt?.realm === true ? adoptionOptions(tenant.adopt, tenant.id, Object.keys(realmArgs)) : {};
  const realm = new keycloak.Realm(`${name}-realm`, realmArgs, { parent, provider, protect: true, retainOnDelete: true, ...adopted });
  const mfaRequired = tenant.sso.mfa === "required";
  const result: TenantRealm = { realm, name: tenant.id, issuer: `${sso.url}/realms/${tenant.id}`, provider, logins: [], shared: new Map<string, unknown>() };
  // On an adoption's import step the realm is taken as it is: its accounts, admins included, stay
  // as they were until the converge step.
  if (tenant.adopt?.step === "import") return result;

  // Enabled in every realm: a REQUIRED OTP step can set it only when it is (OTPFormAuthenticator).
  // https://www.keycloak.org/docs/latest/server_admin/#con-required-actions_server_administration_guide
  new keycloak.RequiredAction(
    `${name}-totp`,
    { realmId: realm.id, alias: "CONFIGURE_TOTP", enabled: true, defaultAction: mfaRequired },
    { parent, provider },
  );
  if (mfaRequired) requireOtpAtLogin(parent, name, { realmId: realm.id, provider, realmInputs: realmArgs });

  // Looked up once the realm exists: a first preview needs no running Keycloak.
  const realmManagement = keycloak.openid.getClientOutput({ realmId: realm.id, clientId: REALM_ADMIN_ROLE.client }, { parent, provider });
  const realmAdmin = keycloak.getRoleOutput({ realmId: realm.id, clientId: realmManagement.id, name: REALM_ADMIN_ROLE.role }, { parent, provider });
  for (const email of tenant.sso.admins) {
    // The account outlives its admin rights: removing someone from the file revokes the role,
    // not the person's files and history in the apps. Set up at creation only: Keycloak removes
    // an action once done and the provider reads that back, so a later refresh would make every
    // admin change their password again. An admin who deletes their authenticator later is
    // sent back to enrol by the flow (mfa.ts), not by this list.
    const user = new keycloak.User(
      `${name}-admin-${email}`,
      { realmId: realm.id, username: adminUsername(email), email, enabled: true, requiredActions: adminRequiredActions(tenant) },
      {
        parent,
        provider,
        retainOnDelete: true,
        ...(tenant.adopt?.admins.includes(email) === true ? adoptionOptions(tenant.adopt, `${tenant.id}/${adminUsername(email)}`, []) : {}),
        ignoreChanges: ["requiredActions"],
      },
    );
    new keycloak.UserRoles(
      `${name}-admin-${email}-roles`,
      { realmId: realm.id, userId: user.id, roleIds: [realmAdmin.id], exhaustive: false },
      { parent, provider },
    );
  }
  return result;
}
