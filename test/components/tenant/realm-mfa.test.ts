import * as keycloak from "@pulumi/keycloak";
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { MFA_FLOWS } from "../../../components/platform/keycloak-mfa";
import { tenantRealm } from "../../../components/tenant/realm";
import { tenantSchema, type TenantInput } from "../../../model/tenant";
import { runUnderMocks } from "../../../scripts/plan/mock-runtime";
import contract from "../../contracts/keycloak/authentication-26.6.4.json";
import { baselineTenant } from "../../helpers/declarations";
import { names } from "../../helpers/dependencies";
import { recordOptions } from "../../helpers/resource-options";

const PARENT = "urn:pulumi:prod::jardin::jardin:tenant:Tenant::les-semeurs";
const SMTP = { host: "smtp.jardin.example", port: 587, username: "relay@jardin.example", from: "noreply@jardin.example" };

/** The realm and what comes with it, for one tenant file, with the options each resource carries. */
async function planRealm(overrides: Partial<TenantInput> = {}, smtpPassword = "smtp-pass") {
  const tenant = tenantSchema.parse(baselineTenant(overrides));
  let options = new Map<string, ReturnType<typeof recordOptions> extends Map<string, infer O> ? O : never>();
  const run = await runUnderMocks({ project: "jardin", stack: "prod" }, async () => {
    options = recordOptions();
    const parent = new pulumi.ComponentResource("jardin:tenant:Tenant", tenant.id, {});
    const provider = new keycloak.Provider("sso", { url: "https://sso.jardin.example", initialLogin: false });
    tenantRealm(parent, tenant.id, tenant, { provider, url: "https://sso.jardin.example" }, { ...SMTP, password: pulumi.secret(smtpPassword) });
  });
  const resources = run.resources.filter((r) => r.parent === PARENT);
  const named = (name: string) => {
    const found = resources.find((r) => r.name === name);
    if (found === undefined) throw new Error(`no ${name}; have ${resources.map((r) => r.name).join(", ")}`);
    return found;
  };
  return { resources, named, options: (name: string) => options.get(name)! };
}

const FLOW_TYPES = ["keycloak:authentication/flow:Flow", "keycloak:authentication/subflow:Subflow", "keycloak:authentication/execution:Execution"];

describe("a realm whose organisation requires MFA", () => {
  it("builds a browser flow: an SSO session, or password AND one-time code, both REQUIRED, in this order", async () => {
    const { resources } = await planRealm();
    const steps = resources.filter((r) => FLOW_TYPES.includes(r.type)).map((r) => [r.name, r.inputs]);
    expect(steps.filter(([name]) => String(name).includes("-browser-otp"))).toEqual([
      ["les-semeurs-browser-otp-auth-cookie", { realmId: "les-semeurs-realm-id", parentFlowAlias: "jardin browser with otp", authenticator: "auth-cookie", requirement: "ALTERNATIVE", priority: 10 }],
      ["les-semeurs-browser-otp-auth-otp-form", { realmId: "les-semeurs-realm-id", parentFlowAlias: "jardin browser with otp forms", authenticator: "auth-otp-form", requirement: "REQUIRED", priority: 20 }],
      ["les-semeurs-browser-otp-auth-username-password-form", { realmId: "les-semeurs-realm-id", parentFlowAlias: "jardin browser with otp forms", authenticator: "auth-username-password-form", requirement: "REQUIRED", priority: 10 }],
      ["les-semeurs-browser-otp-flow", { realmId: "les-semeurs-realm-id", alias: "jardin browser with otp", description: MFA_FLOWS.browser.description, providerId: "basic-flow" }],
      ["les-semeurs-browser-otp-jardin-browser-with-otp-forms", { realmId: "les-semeurs-realm-id", parentFlowAlias: "jardin browser with otp", alias: "jardin browser with otp forms", providerId: "basic-flow", requirement: "ALTERNATIVE", priority: 20 }],
    ]);
  });

  it("builds a password-grant flow that asks the one-time code of everyone (admin-cli grants passwords in every realm)", async () => {
    const { resources } = await planRealm();
    const steps = resources.filter((r) => r.type === "keycloak:authentication/execution:Execution" && r.name.includes("-directGrant-otp"));
    expect(steps.map((r) => [r.inputs["authenticator"], r.inputs["requirement"], r.inputs["priority"], r.inputs["parentFlowAlias"]])).toEqual([
      ["direct-grant-validate-otp", "REQUIRED", 30, "jardin direct grant with otp"],
      ["direct-grant-validate-password", "REQUIRED", 20, "jardin direct grant with otp"],
      ["direct-grant-validate-username", "REQUIRED", 10, "jardin direct grant with otp"],
    ]);
  });

  it("creates each step after the one before, and binds the flows only once every step exists", async () => {
    const { options } = await planRealm();
    const urn = (type: string, name: string) => `urn:pulumi:prod::jardin::jardin:tenant:Tenant$${type}::${name}`;
    expect(options("les-semeurs-browser-otp-auth-cookie").dependencies).toContain(urn("keycloak:authentication/flow:Flow", "les-semeurs-browser-otp-flow"));
    expect(options("les-semeurs-browser-otp-jardin-browser-with-otp-forms").dependencies).toContain(urn("keycloak:authentication/execution:Execution", "les-semeurs-browser-otp-auth-cookie"));
    expect(options("les-semeurs-browser-otp-auth-username-password-form").dependencies).toContain(urn("keycloak:authentication/subflow:Subflow", "les-semeurs-browser-otp-jardin-browser-with-otp-forms"));
    expect(options("les-semeurs-browser-otp-auth-otp-form").dependencies).toContain(urn("keycloak:authentication/execution:Execution", "les-semeurs-browser-otp-auth-username-password-form"));
    expect(options("les-semeurs-directGrant-otp-direct-grant-validate-otp").dependencies).toContain(urn("keycloak:authentication/execution:Execution", "les-semeurs-directGrant-otp-direct-grant-validate-password"));
    expect(names(options("les-semeurs-otp-bindings").dependencies)).toEqual([
      "les-semeurs-browser-otp-auth-cookie",
      "les-semeurs-browser-otp-auth-otp-form",
      "les-semeurs-browser-otp-auth-username-password-form",
      "les-semeurs-browser-otp-flow",
      "les-semeurs-browser-otp-jardin-browser-with-otp-forms",
      "les-semeurs-directGrant-otp-direct-grant-validate-otp",
      "les-semeurs-directGrant-otp-direct-grant-validate-password",
      "les-semeurs-directGrant-otp-direct-grant-validate-username",
      "les-semeurs-directGrant-otp-flow",
      "les-semeurs-realm",
    ]);
  });

  it("binds them as the realm's browser and direct-grant flows", async () => {
    const { named } = await planRealm();
    expect(named("les-semeurs-otp-bindings").inputs).toEqual({
      realmId: "les-semeurs-realm-id",
      browserFlow: "jardin browser with otp",
      directGrantFlow: "jardin direct grant with otp",
    });
  });

  it("binds them again after any update of the realm (which sends the built-in bindings back), deleting the old binding first", async () => {
    const trigger = async (overrides: Partial<TenantInput>, password?: string) => (await planRealm(overrides, password)).options("les-semeurs-otp-bindings");
    const base = await trigger({});
    expect(base.deleteBeforeReplace).toBe(true);
    // A secret, as the realm's SMTP password is part of what it digests.
    expect(base.replacementTrigger).toMatchObject({ "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect((await trigger({})).replacementTrigger).toEqual(base.replacementTrigger);
    expect((await trigger({ name: "Les Semeurs du Plateau" })).replacementTrigger).not.toEqual(base.replacementTrigger);
    expect((await trigger({}, "rotated")).replacementTrigger).not.toEqual(base.replacementTrigger);
  });

  it("keeps CONFIGURE_TOTP enabled and a default action, so a REQUIRED code step can send anyone to enrol", async () => {
    const { named } = await planRealm();
    expect(named("les-semeurs-totp").inputs).toEqual({ realmId: "les-semeurs-realm-id", alias: "CONFIGURE_TOTP", enabled: true, defaultAction: true });
  });

  it("sends each admin to set a password and enrol an authenticator at first login, set once (Keycloak clears done actions)", async () => {
    const { named, options } = await planRealm({ sso: { admins: ["dsi@educpop.example"] } });
    expect(named("les-semeurs-admin-dsi@educpop.example").inputs["requiredActions"]).toEqual(["UPDATE_PASSWORD", "CONFIGURE_TOTP"]);
    expect(options("les-semeurs-admin-dsi@educpop.example").ignoreChanges).toEqual(["requiredActions"]);
  });

  it("uses only authenticators Keycloak 26.6.4 has, with the behaviour the flows count on", () => {
    const used = JSON.stringify(MFA_FLOWS).match(/"authenticator":"[^"]+"/g)!.map((m) => m.split('"')[3]!);
    for (const authenticator of used) expect(Object.keys(contract.authenticators)).toContain(authenticator);
    // A user without a code is sent to enrol in the browser, refused a token by the password grant.
    expect(contract.authenticators["auth-otp-form"]).toMatchObject({ isUserSetupAllowed: true, setsRequiredAction: "CONFIGURE_TOTP" });
    expect(contract.authenticators["direct-grant-validate-otp"]).toMatchObject({ isUserSetupAllowed: false });
  });
});

describe("a realm whose organisation leaves MFA optional", () => {
  it("keeps Keycloak's built-in flows (a code for those who set one up) and asks admins for a password only", async () => {
    const { resources, named } = await planRealm({ sso: { admins: ["admin@semeurs.example"], mfa: "optional" } });
    expect(resources.filter((r) => [...FLOW_TYPES, "keycloak:authentication/bindings:Bindings"].includes(r.type))).toEqual([]);
    expect(named("les-semeurs-totp").inputs["defaultAction"]).toBe(false);
    expect(named("les-semeurs-admin-admin@semeurs.example").inputs["requiredActions"]).toEqual(["UPDATE_PASSWORD"]);
  });
});
