import { describe, expect, it } from "vitest";
import { dataLossGate, formatFinding, gateHeadOf, type GateFinding } from "../../../../scripts/plan/data-loss";
import { diffSnapshots, formatDiff } from "../../../../scripts/plan/diff";
import type { RecordedPlan } from "../../../../scripts/plan/record";
import { baselineTenant } from "../../../helpers/declarations";
import { planWithTenants } from "../../../helpers/plan";

// fede-educpop is admitted on louise-michel (stacks/prod.ts); Matrix on the server name the fleet records for it.
const APPS = { nextcloud: { storageGiB: 50 }, matrix: {} };
const educpop = (overrides: Parameters<typeof baselineTenant>[0] = {}) => ({
  "fede-educpop.ts": baselineTenant({ id: "fede-educpop", domain: "educpop.example", apps: APPS, ...overrides }),
});
const onLouise = (state: "active" | "suspended") => educpop({ cluster: "louise-michel", state });
const moving = (phase: "restore" | "switch" | "release", state: "active" | "suspended" = "active") =>
  educpop({ cluster: "ada-lovelace", state, move: { from: "louise-michel", phase } });

const plans = new Map<string, Promise<RecordedPlan>>();
/** Each set of files planned once for the whole file. */
function plan(files: Record<string, unknown>): Promise<RecordedPlan> {
  const key = JSON.stringify(files);
  if (!plans.has(key)) plans.set(key, planWithTenants(files));
  return plans.get(key)!;
}

async function gate(baseFiles: Record<string, unknown>, headFiles: Record<string, unknown>) {
  const base = (await plan(baseFiles)).snapshot;
  const head = await plan(headFiles);
  const diffs = diffSnapshots(base, head.snapshot);
  const findings = dataLossGate(base, diffs, gateHeadOf(head));
  return { findings, diffs, text: formatDiff(diffs, "main", findings) };
}

const refusals = (findings: readonly GateFinding[]) => findings.filter((f) => f.verdict === "refused").map(formatFinding);

describe("the data-loss gate on a move", () => {
  it("refuses a plain edit of cluster, active or suspended, saying how to declare the move", async () => {
    for (const state of ["active", "suspended"] as const) {
      const { findings } = await gate(onLouise(state), educpop({ cluster: "ada-lovelace", state }));
      const refused = findings.filter((f) => f.verdict === "refused");
      expect(refused.map((f) => f.resource.name).sort()).toEqual([
        "fede-educpop-matrix-db",
        "fede-educpop-matrix-media",
        "fede-educpop-namespace",
        "fede-educpop-nextcloud-db",
        "fede-educpop-nextcloud-files",
      ]);
      for (const finding of refused) {
        expect(finding.remedy).toBe(
          'editing cluster moves nothing: declare the move in tenants/fede-educpop.ts: keep cluster: "ada-lovelace" and add move: { from: "louise-michel", phase: "restore" }, ' +
            'once the tenant is suspended on louise-michel and its last backups are taken (README, "Move one from louise-michel to ada-lovelace")',
        );
      }
    }
  });

  it("accepts the declared move of a suspended tenant: nothing of the old side changes, the new side is new", async () => {
    const { findings, diffs } = await gate(onLouise("suspended"), moving("restore"));
    expect(refusals(findings)).toEqual([]);
    const diff = diffs.find((d) => d.owner.kind === "tenant")!;
    expect(diff.removed).toEqual([]);
    expect(diff.changed).toEqual([]);
    expect(diff.added.every((r) => r.urn.includes("::jardin:tenant:Move"))).toBe(true);
  });

  it("refuses a move declared while the tenant still runs, as its restores would miss the last writes", async () => {
    const { findings } = await gate(onLouise("active"), moving("restore"));
    expect(refusals(findings)).toEqual([
      "REFUSED: tenant fede-educpop: jardin:tenant:Move fede-educpop starts a move from louise-michel; it is active in the base: suspend it first (state: \"suspended\") in a pull request of its own and let its last backups complete (npm run move -- fede-educpop final-backup), so that the restores read every write; then declare the move",
    ]);
  });

  it("refuses a move that starts past its restore phase, or from another cluster than the tenant's", async () => {
    expect(refusals((await gate(onLouise("suspended"), moving("switch"))).findings)).toEqual([
      'REFUSED: tenant fede-educpop: jardin:tenant:Move fede-educpop starts a move from louise-michel; a move starts in phase "restore" (its restores run before anything on ada-lovelace serves), not "switch"',
    ]);
  });

  it("goes through switch and release one phase at a time, and refuses a skip, a step back and an early end", async () => {
    expect(refusals((await gate(moving("restore"), moving("switch"))).findings)).toEqual([]);
    expect(refusals((await gate(moving("restore"), moving("release"))).findings)).toEqual([
      'REFUSED: tenant fede-educpop: jardin:tenant:Move fede-educpop skips from phase "restore" to "release"; advance one phase a pull request: set phase "switch"',
    ]);
    // Its volume-backup schedule goes too (a restoring side has none): refused on its own.
    expect(refusals((await gate(moving("switch"), moving("restore"))).findings)).toContain(
      'REFUSED: tenant fede-educpop: jardin:tenant:Move fede-educpop goes back from phase "switch" to "restore"; a move only goes forward: going back would restore the old backups again over what the organisation wrote since; keep phase "switch"',
    );
    const early = refusals((await gate(moving("switch"), educpop({ cluster: "ada-lovelace" }))).findings);
    expect(early).toContain(
      'REFUSED: tenant fede-educpop: jardin:tenant:Move fede-educpop ends its move in phase "switch": the old side on louise-michel still holds the organisation\'s data in the stack; advance the move to phase "release" first (move: { from: "louise-michel", phase: "release" }), and remove move in a later pull request once that is applied',
    );
  });

  it("releases the old side: its data stays on louise-michel (retained), the realm, clients and identities pass to the new side unchanged", async () => {
    const { findings, diffs } = await gate(moving("switch"), moving("release"));
    expect(refusals(findings)).toEqual([]);
    const diff = diffs.find((d) => d.owner.kind === "tenant")!;
    // Renamed, not made anew: their URN and parent lose the old side's Tenant, nothing else changes.
    const renamed = diff.changed.filter((c) => c.paths.every((p) => p === "urn" || p === "parent")).map((c) => c.resource.type);
    expect(renamed).toContain("keycloak:index/realm:Realm");
    expect(renamed).toContain("keycloak:openid/client:Client");
    expect(renamed).toContain("random:index/randomBytes:RandomBytes");
    expect(renamed).toContain("random:index/randomPassword:RandomPassword");
    expect(diff.added.filter((r) => r.type.startsWith("keycloak:") || r.type.startsWith("random:"))).toEqual([]);
    const retained = findings.filter((f) => f.verdict === "retained").map((f) => f.resource.name).sort();
    expect(retained).toEqual(expect.arrayContaining(["fede-educpop-namespace", "fede-educpop-nextcloud-files", "fede-educpop-nextcloud-db", "fede-educpop-matrix-db"]));
  });

  it("ends a released move with the new side back under its canonical URNs, nothing made anew", async () => {
    const { findings, diffs } = await gate(moving("release"), educpop({ cluster: "ada-lovelace" }));
    expect(refusals(findings)).toEqual([]);
    const diff = diffs.find((d) => d.owner.kind === "tenant")!;
    expect(diff.added).toEqual([]);
    expect(diff.removed.map((r) => r.type)).toEqual(["jardin:tenant:Move"]);
    expect(diff.changed.every((c) => c.paths[0] === "urn")).toBe(true);
  });
});
