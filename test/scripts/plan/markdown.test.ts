import { describe, expect, it } from "vitest";
import { dataLossGate, gateHeadOf } from "../../../scripts/plan/data-loss";
import { diffSnapshots } from "../../../scripts/plan/diff";
import { COMMENT_MARKER, formatMarkdown } from "../../../scripts/plan/markdown";
import { baselineTenant, exampleTenantFiles } from "../../helpers/declarations";
import { planWithTenants as plan } from "../../helpers/plan";

async function markdown(baseFiles: Record<string, unknown>, headFiles: Record<string, unknown>) {
  const base = (await plan(baseFiles)).snapshot;
  const head = await plan(headFiles);
  const diffs = diffSnapshots(base, head.snapshot);
  const findings = dataLossGate(base, diffs, gateHeadOf(head));
  return formatMarkdown({ diffs, baseLabel: "main", findings, outputs: head.outputs, violations: [], policyCount: 2 });
}

describe("the markdown diff", () => {
  it("shows a pull request that adds one tenant file as that tenant's additions only", async () => {
    const examples = exampleTenantFiles();
    // A tenant without apps, so the whole comment fits here.
    const text = await markdown(examples, { ...examples, "les-semeurs.ts": baselineTenant({ apps: {} }) });
    expect(text).toBe(
      [
        COMMENT_MARKER,
        "### jardin plan · against `main`",
        "",
        "| | cluster | to add | to change | to remove |",
        "| --- | --- | ---: | ---: | ---: |",
        "| tenant les-semeurs | ada-lovelace | 23 | 0 | 0 |",
        "| **total** | | **23** | **0** | **0** |",
        "",
        "<details><summary>tenant les-semeurs: 23 to add</summary>",
        "",
        "```diff",
        "+ keycloak:authentication/bindings:Bindings  les-semeurs-otp-bindings",
        "+ keycloak:authentication/execution:Execution  les-semeurs-browser-otp-auth-cookie",
        "+ keycloak:authentication/execution:Execution  les-semeurs-browser-otp-auth-otp-form",
        "+ keycloak:authentication/execution:Execution  les-semeurs-browser-otp-auth-username-password-form",
        "+ keycloak:authentication/execution:Execution  les-semeurs-directGrant-otp-direct-grant-validate-otp",
        "+ keycloak:authentication/execution:Execution  les-semeurs-directGrant-otp-direct-grant-validate-password",
        "+ keycloak:authentication/execution:Execution  les-semeurs-directGrant-otp-direct-grant-validate-username",
        "+ keycloak:authentication/flow:Flow  les-semeurs-browser-otp-flow",
        "+ keycloak:authentication/flow:Flow  les-semeurs-directGrant-otp-flow",
        "+ keycloak:authentication/subflow:Subflow  les-semeurs-browser-otp-jardin-browser-with-otp-forms",
        "+ keycloak:index/realm:Realm  les-semeurs-realm",
        "+ keycloak:index/requiredAction:RequiredAction  les-semeurs-totp",
        "+ keycloak:index/user:User  les-semeurs-admin-admin@semeurs.example",
        "+ keycloak:index/userRoles:UserRoles  les-semeurs-admin-admin@semeurs.example-roles",
        "+ kubernetes:core/v1:LimitRange  les-semeurs-limits",
        "+ kubernetes:core/v1:Namespace  les-semeurs-namespace",
        "+ kubernetes:core/v1:ResourceQuota  les-semeurs-quota",
        "+ kubernetes:core/v1:Secret  les-semeurs-mail-account",
        "+ kubernetes:networking.k8s.io/v1:NetworkPolicy  les-semeurs-default-deny",
        "+ kubernetes:networking.k8s.io/v1:NetworkPolicy  les-semeurs-dns",
        "+ kubernetes:networking.k8s.io/v1:NetworkPolicy  les-semeurs-from-ingress",
        "+ random:index/randomPassword:RandomPassword  les-semeurs-mail-password",
        "+ jardin:tenant:Tenant  les-semeurs",
        "```",
        "",
        "</details>",
        "",
        "#### Policies",
        "",
        "policies: 2 checked, no violation",
      ].join("\n"),
    );
  });

  it("puts data-loss lines first, in bold, before the table and the details", async () => {
    const text = await markdown(
      { "les-semeurs.ts": baselineTenant({ apps: {} }), "la-ruche.ts": baselineTenant({ id: "la-ruche", domain: "laruche.example", state: "archived", apps: {} }) },
      {},
    );
    const lines = text.split("\n");
    expect(lines.slice(3, 9)).toEqual([
      "**data-loss gate: 2 refused, 2 retained (data kept)**",
      "",
      expect.stringMatching(/^- \*\*⛔ refused: tenant les-semeurs: `keycloak:index\/realm:Realm` `les-semeurs-realm` is removed: .+; archive the tenant first .+\*\*$/),
      expect.stringMatching(/^- \*\*⛔ refused: tenant les-semeurs: `kubernetes:core\/v1:Namespace` `les-semeurs-namespace` is removed: .+; archive the tenant first .+\*\*$/),
      expect.stringMatching(/^- retained, data kept: tenant la-ruche: `keycloak:index\/realm:Realm` `la-ruche-realm` is removed/),
      expect.stringMatching(/^- retained, data kept: tenant la-ruche: `kubernetes:core\/v1:Namespace` `la-ruche-namespace` is removed/),
    ]);
    expect(text).toContain("| tenant les-semeurs | ada-lovelace (removed) | 0 | 0 | 23 |");
    expect(text).toContain("- kubernetes:core/v1:Namespace  les-semeurs-namespace  [REFUSED: data loss]");
    expect(text.indexOf("**data-loss gate")).toBeLessThan(text.indexOf("| --- |"));
    expect(text.indexOf("#### Policies")).toBeGreaterThan(text.lastIndexOf("</details>"));
  });

  it("lists policy violations at the end, one per line", () => {
    const text = formatMarkdown({
      diffs: [],
      baseLabel: "main",
      findings: [],
      outputs: { clusters: {}, tenants: {} },
      violations: [{ policy: "eu-only", enforcementLevel: "mandatory", urn: "urn:x", message: "ash is outside the EU" }],
      policyCount: 2,
    });
    expect(text.split("\n").slice(-3)).toEqual(["", "policies: 1 violation (1 mandatory)", "- [mandatory] eu-only: urn:x: ash is outside the EU"]);
    expect(text).toContain("No changes.");
  });
});
