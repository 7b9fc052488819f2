import { describe, expect, it } from "vitest";
import { realmMfa } from "../../policies/realm-mfa";
import type { SnapshotResource } from "../../scripts/plan/snapshot";
import { stackViolationsOf } from "../helpers/policies";
import { tenantResources } from "../helpers/tenant";

/** The realm and its flows, with their Tenant component, as planned for a tenant requiring MFA. */
async function baseline(overrides: Parameters<typeof tenantResources>[0] = {}): Promise<SnapshotResource[]> {
  return (await tenantResources(overrides)).filter((r) => r.type.startsWith("keycloak:") || r.type === "jardin:tenant:Tenant");
}

/** The baseline with one resource's inputs changed. */
function changed(resources: readonly SnapshotResource[], name: string, inputs: Record<string, unknown>): SnapshotResource[] {
  if (!resources.some((r) => r.name === name)) throw new Error(`no ${name}`);
  return resources.map((r) => (r.name === name ? { ...r, inputs: { ...r.inputs, ...inputs } } : r));
}

const OTP_FORM = "les-semeurs-browser-otp-auth-otp-form";
const GRANT_OTP = "les-semeurs-directGrant-otp-direct-grant-validate-otp";

describe("policy realm-mfa", () => {
  it("passes the realm the program plans for a tenant requiring MFA", async () => {
    expect(await stackViolationsOf(realmMfa, await baseline())).toEqual([]);
  });

  it("passes a realm whose organisation leaves MFA optional, with the built-in flows", async () => {
    const optional = await baseline({ sso: { admins: ["admin@semeurs.example"], mfa: "optional" } });
    expect(await stackViolationsOf(realmMfa, optional)).toEqual([]);
  });

  it("stops a realm whose bindings are gone: the built-in flows ask a code only of users who have one", async () => {
    const resources = (await baseline()).filter((r) => r.type !== "keycloak:authentication/bindings:Bindings");
    expect(await stackViolationsOf(realmMfa, resources)).toEqual([
      "realm les-semeurs: MFA is required but 0 flow bindings are declared, not one: the built-in flows ask a code only of users who set one up; bind flows that require it (components/platform/keycloak-mfa.ts)",
    ]);
  });

  it.each([
    ["CONDITIONAL", OTP_FORM, { requirement: "CONDITIONAL" }],
    ["one ALTERNATIVE among others", OTP_FORM, { requirement: "ALTERNATIVE" }],
    ["DISABLED", OTP_FORM, { requirement: "DISABLED" }],
    ["another authenticator", OTP_FORM, { authenticator: "auth-username-form" }],
  ])("stops a browser flow whose one-time code is %s", async (_, name, inputs) => {
    expect(await stackViolationsOf(realmMfa, changed(await baseline(), name, inputs))).toEqual([
      'realm les-semeurs: browserFlow "jardin browser with otp" lets a login through without auth-otp-form: make it REQUIRED in every way through the flow (not CONDITIONAL, not one ALTERNATIVE among others)',
    ]);
  });

  it("stops a browser flow with another way in beside the form (the forms subflow made optional)", async () => {
    const resources = changed(await baseline(), "les-semeurs-browser-otp-jardin-browser-with-otp-forms", { requirement: "CONDITIONAL" });
    expect(await stackViolationsOf(realmMfa, resources)).toHaveLength(1);
  });

  it("stops a password grant that gives a token without the code", async () => {
    expect(await stackViolationsOf(realmMfa, changed(await baseline(), GRANT_OTP, { requirement: "CONDITIONAL" }))).toEqual([
      'realm les-semeurs: directGrantFlow "jardin direct grant with otp" lets a login through without direct-grant-validate-otp: make it REQUIRED in every way through the flow (not CONDITIONAL, not one ALTERNATIVE among others)',
    ]);
  });

  it("stops a binding back to a built-in flow", async () => {
    expect(await stackViolationsOf(realmMfa, changed(await baseline(), "les-semeurs-otp-bindings", { browserFlow: "browser" }))).toEqual([
      'realm les-semeurs: browserFlow is bound to "browser", which is not a flow declared for this realm; bind one that requires auth-otp-form',
    ]);
  });

  it("stops CONFIGURE_TOTP disabled: a required code step could not send anyone to enrol", async () => {
    expect(await stackViolationsOf(realmMfa, changed(await baseline(), "les-semeurs-totp", { enabled: false }))).toEqual([
      "realm les-semeurs: CONFIGURE_TOTP is a default action but not enabled: a required OTP step cannot send a user to enrol; set enabled: true",
    ]);
  });

  it("does not take another realm's flows for this one's", async () => {
    const resources = await baseline();
    const tenant = resources.find((r) => r.type === "jardin:tenant:Tenant")!;
    const other = { ...tenant, urn: `${tenant.urn.slice(0, tenant.urn.lastIndexOf("::"))}::autre`, name: "autre" };
    const moved = new Set(["keycloak:authentication/flow:Flow", "keycloak:authentication/execution:Execution", "keycloak:authentication/subflow:Subflow"]);
    const elsewhere = [other, ...resources.map((r) => (moved.has(r.type) ? { ...r, parent: other.urn } : r))];
    expect(await stackViolationsOf(realmMfa, elsewhere)).toHaveLength(2);
  });
});
