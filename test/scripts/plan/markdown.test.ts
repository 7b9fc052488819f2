import { describe, expect, it } from "vitest";
import { dataLossGate } from "../../../scripts/plan/data-loss";
import { diffSnapshots } from "../../../scripts/plan/diff";
import { COMMENT_MARKER, formatMarkdown } from "../../../scripts/plan/markdown";
import { baselineTenant, exampleTenantFiles } from "../../helpers/declarations";
import { planWithTenants as plan } from "../../helpers/plan";

async function markdown(baseFiles: Record<string, unknown>, headFiles: Record<string, unknown>) {
  const base = (await plan(baseFiles)).snapshot;
  const head = await plan(headFiles);
  const diffs = diffSnapshots(base, head.snapshot);
  const findings = dataLossGate(base, diffs, head.outputs);
  return formatMarkdown({ diffs, baseLabel: "main", findings, outputs: head.outputs, violations: [], policyCount: 2 });
}

describe("the markdown diff", () => {
  it("shows a pull request that adds one tenant file as that tenant's additions only", async () => {
    const examples = exampleTenantFiles();
    const text = await markdown(examples, { ...examples, "les-semeurs.ts": baselineTenant() });
    expect(text).toBe(
      [
        COMMENT_MARKER,
        "### jardin plan · against `main`",
        "",
        "| | cluster | to add | to change | to remove |",
        "| --- | --- | ---: | ---: | ---: |",
        "| tenant les-semeurs | ada-lovelace | 2 | 0 | 0 |",
        "| **total** | | **2** | **0** | **0** |",
        "",
        "<details><summary>tenant les-semeurs: 2 to add</summary>",
        "",
        "```diff",
        "+ kubernetes:core/v1:Namespace  les-semeurs-namespace",
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
    const text = await markdown({ "les-semeurs.ts": baselineTenant(), "la-ruche.ts": baselineTenant({ id: "la-ruche", domain: "laruche.example", state: "archived" }) }, {});
    const lines = text.split("\n");
    expect(lines.slice(3, 7)).toEqual([
      "**data-loss gate: 1 refused, 1 retained (data kept)**",
      "",
      expect.stringMatching(/^- \*\*⛔ refused: tenant les-semeurs: `kubernetes:core\/v1:Namespace` `les-semeurs-namespace` is removed: .+; archive the tenant first .+\*\*$/),
      expect.stringMatching(/^- retained, data kept: tenant la-ruche: `kubernetes:core\/v1:Namespace` `la-ruche-namespace` is removed/),
    ]);
    expect(text).toContain("| tenant les-semeurs | ada-lovelace (removed) | 0 | 0 | 2 |");
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
