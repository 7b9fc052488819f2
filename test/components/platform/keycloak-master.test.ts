import * as keycloak from "@pulumi/keycloak";
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { MFA_FLOWS } from "../../../components/platform/keycloak-mfa";
import { requireOtpForMasterAdmins } from "../../../components/platform/keycloak-master";
import { runUnderMocks } from "../../../scripts/plan/mock-runtime";
import { names } from "../../helpers/dependencies";
import { recordOptions, type RecordedOptions } from "../../helpers/resource-options";

async function planMaster() {
  let options = new Map<string, RecordedOptions>();
  const run = await runUnderMocks({ project: "jardin", stack: "prod" }, async () => {
    options = recordOptions();
    const parent = new pulumi.ComponentResource("jardin:platform:FleetKeycloak", "sso", {});
    requireOtpForMasterAdmins(parent, "sso", new keycloak.Provider("sso-provider", { url: "https://sso.jardin.example", initialLogin: false }));
  });
  const resources = run.resources.filter((r) => r.type.startsWith("keycloak:") && !r.type.startsWith("pulumi:providers:"));
  return { resources, options: (name: string) => options.get(name)! };
}

describe("the master realm", () => {
  it("asks every administrator signing in with a browser for a one-time code, sending one without any to enrol", async () => {
    const { resources } = await planMaster();
    expect(resources.map((r) => [r.name, r.inputs]).sort(([a], [b]) => String(a).localeCompare(String(b)))).toEqual([
      ["sso-master-browser-otp-auth-cookie", { realmId: "master", parentFlowAlias: MFA_FLOWS.browser.alias, authenticator: "auth-cookie", requirement: "ALTERNATIVE", priority: 10 }],
      ["sso-master-browser-otp-auth-otp-form", { realmId: "master", parentFlowAlias: "jardin browser with otp forms", authenticator: "auth-otp-form", requirement: "REQUIRED", priority: 20 }],
      ["sso-master-browser-otp-auth-username-password-form", { realmId: "master", parentFlowAlias: "jardin browser with otp forms", authenticator: "auth-username-password-form", requirement: "REQUIRED", priority: 10 }],
      ["sso-master-browser-otp-flow", { realmId: "master", alias: MFA_FLOWS.browser.alias, description: MFA_FLOWS.browser.description, providerId: "basic-flow" }],
      ["sso-master-browser-otp-jardin-browser-with-otp-forms", { realmId: "master", parentFlowAlias: MFA_FLOWS.browser.alias, alias: "jardin browser with otp forms", providerId: "basic-flow", requirement: "ALTERNATIVE", priority: 20 }],
      ["sso-master-otp-bindings", { realmId: "master", browserFlow: MFA_FLOWS.browser.alias }],
      ["sso-master-totp", { realmId: "master", alias: "CONFIGURE_TOTP", enabled: true }],
    ]);
  });

  it("leaves the password grant, which the program's provider uses, and the realm itself to Keycloak", async () => {
    const { resources } = await planMaster();
    expect(resources.map((r) => r.type)).not.toContain("keycloak:index/realm:Realm");
    expect(resources.find((r) => r.name === "sso-master-otp-bindings")!.inputs).not.toHaveProperty("directGrantFlow");
  });

  it("binds the flow once built, after CONFIGURE_TOTP is enabled, deleting a binding before making it again", async () => {
    const { options } = await planMaster();
    expect(names(options("sso-master-browser-otp-flow").dependencies)).toEqual(["sso-master-totp"]);
    const bindings = options("sso-master-otp-bindings");
    expect(names(bindings.dependencies)).toEqual([
      "sso-master-browser-otp-auth-cookie",
      "sso-master-browser-otp-auth-otp-form",
      "sso-master-browser-otp-auth-username-password-form",
      "sso-master-browser-otp-flow",
      "sso-master-browser-otp-jardin-browser-with-otp-forms",
    ]);
    expect([bindings.deleteBeforeReplace, bindings.replacementTrigger]).toEqual([true, undefined]);
  });
});
