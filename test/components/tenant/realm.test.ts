import { describe, expect, it } from "vitest";
import { BRUTE_FORCE_DETECTION, PASSWORD_POLICY } from "../../../components/tenant/realm";
import { byType, inputs } from "../../helpers/app-scope";
import { named, SSO_PROVIDER_URN, TENANT_URN, tenantResources } from "../../helpers/tenant";

describe("the tenant's realm", () => {
  it("is protected, retained, guarded against brute force, with a password policy and the fleet's SMTP relay", async () => {
    const realm = named(await tenantResources(), "les-semeurs-realm");
    expect([realm.type, realm.parent, realm.provider, realm.protect, realm.retainOnDelete]).toEqual([
      "keycloak:index/realm:Realm",
      TENANT_URN,
      SSO_PROVIDER_URN,
      true,
      true,
    ]);
    expect(inputs(realm)).toMatchObject({
      realm: "les-semeurs",
      displayName: "Les Semeurs",
      registrationAllowed: false,
      editUsernameAllowed: false,
      registrationEmailAsUsername: false,
      resetPasswordAllowed: true,
      sslRequired: "all",
      passwordPolicy: "length(12) and maxLength(128) and notUsername and notEmail and passwordHistory(5)",
      securityDefenses: { bruteForceDetection: { ...BRUTE_FORCE_DETECTION, permanentLockout: false, maxLoginFailures: 5 } },
      smtpServer: {
        host: "smtp.jardin.example",
        port: "587",
        from: "noreply@jardin.example",
        starttls: true,
        ssl: false,
        auth: { username: "relay@jardin.example", password: "[secret]" },
      },
    });
    expect(PASSWORD_POLICY).toContain("length(12)");
  });

  it.each([
    ["required", true],
    ["optional", false],
  ] as const)("makes TOTP a default action when MFA is %s: %s", async (mfa, defaultAction) => {
    const action = named(await tenantResources({ sso: { admins: ["admin@semeurs.example"], mfa } }), "les-semeurs-totp");
    expect(inputs(action)).toEqual({ realmId: "les-semeurs-realm-id", alias: "CONFIGURE_TOTP", enabled: true, defaultAction });
  });

  it("makes each admin a realm admin, named by the part of their address before @ (their Matrix ID), keeping their account if they leave the list", async () => {
    const resources = await tenantResources({ sso: { admins: ["ana@semeurs.example", "bo@semeurs.example"] } });
    const users = byType(resources, "keycloak:index/user:User");
    expect(users.map((u) => [u.name, inputs(u).username, inputs(u).email, u.retainOnDelete, u.protect])).toEqual([
      ["les-semeurs-admin-ana@semeurs.example", "ana", "ana@semeurs.example", true, false],
      ["les-semeurs-admin-bo@semeurs.example", "bo", "bo@semeurs.example", true, false],
    ]);
    const roles = byType(resources, "keycloak:index/userRoles:UserRoles");
    expect(roles.map((r) => [inputs(r).userId, inputs(r).exhaustive, r.retainOnDelete])).toEqual([
      ["les-semeurs-admin-ana@semeurs.example-id", false, false],
      ["les-semeurs-admin-bo@semeurs.example-id", false, false],
    ]);
  });

  it("gives each app one confidential client with exactly its redirect URI and a generated secret", async () => {
    const clients = byType(await tenantResources(), "keycloak:openid/client:Client");
    expect(clients.map((c) => [c.name, c.provider, inputs(c).clientId, inputs(c).accessType, inputs(c).validRedirectUris, inputs(c).clientSecret])).toEqual([
      ["les-semeurs-jitsi-oidc", SSO_PROVIDER_URN, "jitsi", "CONFIDENTIAL", ["https://visio.semeurs.example/oidc/tokenize"], "[unknown]"],
      ["les-semeurs-nextcloud-oidc", SSO_PROVIDER_URN, "nextcloud", "CONFIDENTIAL", ["https://cloud.semeurs.example/apps/user_oidc/code"], "[unknown]"],
    ]);
    // The secret is a RandomPassword's result: unknown at preview, a Pulumi secret once generated.
    const generated = byType(await tenantResources(), "random:index/randomPassword:RandomPassword").map((r) => r.name);
    expect(generated).toEqual(expect.arrayContaining(["les-semeurs-jitsi-oidc-secret", "les-semeurs-nextcloud-oidc-secret"]));
    expect(inputs(clients[1]!)).toMatchObject({ standardFlowEnabled: true, implicitFlowEnabled: false, directAccessGrantsEnabled: false, pkceCodeChallengeMethod: "S256" });
  });
});
