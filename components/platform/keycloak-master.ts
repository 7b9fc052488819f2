import * as keycloak from "@pulumi/keycloak";
import type * as pulumi from "@pulumi/pulumi";
import { requireOtpAtLogin } from "./keycloak-mfa";

/** Keycloak's own realm, whose administrators run every tenant's. */
export const MASTER_REALM = "master";

/**
 * The master realm's people sign in with a password and a one-time code: its browser login asks
 * the code of everyone, and sends an administrator who has none to enrol first (the REQUIRED
 * step sets CONFIGURE_TOTP, which must stay enabled). The master realm itself is Keycloak's, not
 * a resource of the program; only its browser binding, flows and that action are.
 *
 * Its password grant keeps Keycloak's built-in flow (a code only from those who set one up): the
 * program's provider logs in through it with the bootstrap administrator's password, which a
 * required code would lock out. That provider's identity is its own change.
 */
export function requireOtpForMasterAdmins(parent: pulumi.Resource, name: string, provider: keycloak.Provider): keycloak.authentication.Bindings {
  const totp = new keycloak.RequiredAction(
    `${name}-master-totp`,
    { realmId: MASTER_REALM, alias: "CONFIGURE_TOTP", enabled: true },
    { parent, provider },
  );
  return requireOtpAtLogin(parent, `${name}-master`, { realmId: MASTER_REALM, provider, logins: ["browser"], dependsOn: [totp] });
}
