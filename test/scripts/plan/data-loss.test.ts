import { describe, expect, it } from "vitest";
import { dataLossGate, gateHeadOf, formatFinding, type GateFinding, type GateHead } from "../../../scripts/plan/data-loss";
import { diffSnapshots, formatDiff } from "../../../scripts/plan/diff";
import type { Snapshot, SnapshotResource } from "../../../scripts/plan/snapshot";
import { baselineTenant } from "../../helpers/declarations";
import { planWithTenants as plan, URN } from "../../helpers/plan";

/** The gate's verdicts between two sets of tenant files, planned for real. */
async function gate(baseFiles: Record<string, unknown>, headFiles: Record<string, unknown>) {
  const base = (await plan(baseFiles)).snapshot;
  const head = await plan(headFiles);
  const diffs = diffSnapshots(base, head.snapshot);
  const findings = dataLossGate(base, diffs, gateHeadOf(head));
  return { findings, lines: findings.map(formatFinding), text: formatDiff(diffs, "main", findings) };
}

/** The verdicts that judge data: what is made anew without storing anything is shown, not judged. */
const judged = (findings: readonly GateFinding[]) => findings.filter((f) => f.verdict !== "replaced");

// No apps: the gate's verdicts on the namespace and the realm, without every app's data beside them.
const REALM = "urn:pulumi:prod::jardin::jardin:tenant:Tenant$keycloak:index/realm:Realm::les-semeurs-realm";
const semeurs = (overrides: Parameters<typeof baselineTenant>[0] = {}) => ({ "les-semeurs.ts": baselineTenant({ apps: {}, ...overrides }) });
// On louise-michel: a tenant the fleet file admits there (stacks/prod.ts clusters.louise-michel.admitted).
const educpop = (overrides: Parameters<typeof baselineTenant>[0] = {}) => ({
  "fede-educpop.ts": baselineTenant({ id: "fede-educpop", domain: "educpop.example", apps: {}, ...overrides }),
});

describe("the data-loss gate", () => {
  it("refuses a deleted active tenant, naming its namespace and the remedy", async () => {
    const { findings, lines } = await gate(semeurs(), {});
    expect(findings.map((f) => [f.verdict, f.resource.urn])).toEqual([
      ["refused", REALM],
      ["refused", URN.namespace("les-semeurs")],
    ]);
    expect(lines[1]).toBe(
      "REFUSED: tenant les-semeurs: kubernetes:core/v1:Namespace les-semeurs-namespace is removed: a tenant namespace (deleting it deletes every volume claim in it); " +
        'archive the tenant first (state: "archived"), take its export (npm run export -- les-semeurs), then remove the file in a later pull request; ' +
        "ids are permanent (they name the namespace, the realm and the backups): to rename an organisation, keep its file and id and change `name`; " +
        "for new hostnames change `domain` there too (Matrix keeps its server name only if `apps.matrix.serverName` says the old one)",
    );
    // No field called "alias" exists in a tenant file: the remedy must not send anyone looking for one.
    expect(lines.join("\n")).not.toMatch(/\balias\b/);
  });

  it("refuses the removal of a suspended tenant too: only archived data may leave the stack", async () => {
    const { findings } = await gate(semeurs({ state: "suspended" }), {});
    expect(findings.map((f) => f.verdict)).toEqual(["refused", "refused"]);
  });

  it("lets an archived tenant's file go, shown as retained with its data kept", async () => {
    const { findings, text } = await gate(semeurs({ state: "archived" }), {});
    expect(findings.map((f) => [f.verdict, f.resource.urn])).toEqual([
      ["retained", REALM],
      ["retained", URN.namespace("les-semeurs")],
    ]);
    expect(text).toContain("data-loss gate: 2 retained (data kept)\n");
    expect(text).toContain("  - kubernetes:core/v1:Namespace  les-semeurs-namespace  [retained, data kept]\n");
  });

  it("refuses a renamed tenant id: the old namespace would go", async () => {
    const { findings } = await gate(semeurs(), { "les-glaneuses.ts": baselineTenant({ id: "les-glaneuses" }) });
    expect(findings.map((f) => [f.verdict, f.resource.urn, f.what])).toEqual([
      ["refused", REALM, "is removed: a Keycloak realm (the organisation's accounts)"],
      ["refused", URN.namespace("les-semeurs"), "is removed: a tenant namespace (deleting it deletes every volume claim in it)"],
    ]);
    expect(findings[1]!.remedy).toContain("ids are permanent");
  });

  it("never gets a new tenant on louise-michel, which is retiring: the declarations refuse it first, base or not", async () => {
    await expect(plan(semeurs({ cluster: "louise-michel" }))).rejects.toThrow(
      '/les-semeurs.ts: cluster: "louise-michel" is retiring and takes no new tenant (stacks/prod.ts clusters.louise-michel.admitted lists those still there); move the tenant to an active cluster (cluster: "ada-lovelace")',
    );
  });

  it("lets an organisation already running on louise-michel be adopted there: its namespace is imported, not new", async () => {
    const adopt = { step: "import", namespace: true, realm: false };
    const { findings, text } = await gate({}, semeurs({ cluster: "louise-michel", adopt } as Parameters<typeof baselineTenant>[0]));
    expect(findings).toEqual([]);
    expect(text).toContain("kubernetes:core/v1:Namespace  les-semeurs-namespace");
  });

  it("lets a new tenant on an active cluster through: additions, and its videobridge port in the cluster's firewall", async () => {
    const { findings, text } = await gate({}, semeurs());
    expect(findings).toEqual([]);
    expect(text).toContain("total: 23 to add, 0 to change, 0 to remove");
  });

  it("lets a tenant already on louise-michel change there", async () => {
    const { findings } = await gate(educpop({ cluster: "louise-michel" }), educpop({ cluster: "louise-michel", name: "Fédération (renamed)" }));
    expect(findings).toEqual([]);
  });

  it("shows moving an active tenant to another cluster as a replacement, and refuses it", async () => {
    const { findings, text } = await gate(educpop({ cluster: "louise-michel" }), educpop({ cluster: "ada-lovelace" }));
    expect(judged(findings).map((f) => [f.verdict, f.resource.urn, f.what])).toEqual([
      [
        "refused",
        URN.namespace("fede-educpop"),
        "is replaced: its provider changes (louise-michel-k8s → ada-lovelace-k8s), so it is made anew, empty",
      ],
    ]);
    // A move is declared instead: test/scripts/plan/gate/moves.test.ts.
    expect(findings[0]!.remedy).toMatch(/^editing cluster moves nothing: declare the move in tenants\/fede-educpop.ts/);
    expect(text).toContain("  +- kubernetes:core/v1:Namespace  fede-educpop-namespace  (");
  });

  it("lets a tenant with OnlyOffice be archived: its office namespace leaves the plan, retained with whatever it holds", async () => {
    const apps = { nextcloud: { storageGiB: 50, office: "onlyoffice" as const } };
    const { findings } = await gate(semeurs({ apps }), semeurs({ apps, state: "archived" }));
    expect(judged(findings).map((f) => [f.verdict, f.resource.name, f.remedy])).toEqual([
      [
        "retained",
        "les-semeurs-nextcloud-office-namespace",
        "retained, data kept: the tenant is archived and the resource stays in the cluster once `pulumi state unprotect` lets it go",
      ],
    ]);
  });

  it("lets a tenant be suspended: its backups keep running", async () => {
    const apps = { nextcloud: { storageGiB: 50 } };
    const { findings } = await gate(semeurs({ apps }), semeurs({ apps, state: "suspended" }));
    expect(findings.filter((f) => f.verdict === "refused")).toEqual([]);
  });
});

describe("the data-loss gate on constructed snapshots", () => {
  const outputs: GateHead = { outputs: { clusters: {}, tenants: {} } };
  const resource = (type: string, name: string, inputs: Record<string, unknown>): SnapshotResource => ({
    urn: `urn:pulumi:prod::jardin::${type}::${name}`,
    type,
    name,
    parent: null,
    provider: "urn:pulumi:prod::jardin::pulumi:providers:kubernetes::ada-lovelace-k8s",
    protect: true,
    retainOnDelete: true,
    dependencies: [],
    inputs,
  });
  const verdicts = (before: SnapshotResource, after: SnapshotResource) => {
    const base: Snapshot = { stack: "prod", resources: [before] };
    return dataLossGate(base, diffSnapshots(base, { stack: "prod", resources: [after] }), outputs).map((f) => [f.verdict, f.what]);
  };

  it("refuses a volume claim whose storage class changes: the claim is made anew, empty", () => {
    const claim = resource("kubernetes:core/v1:PersistentVolumeClaim", "nc-data", { spec: { storageClassName: "longhorn-retain", resources: { requests: { storage: "20Gi" } } } });
    const moved = { ...claim, inputs: { spec: { storageClassName: "hcloud-retain", resources: { requests: { storage: "20Gi" } } } } };
    expect(verdicts(claim, moved)).toEqual([
      ["refused", "is replaced (spec.storageClassName forces a new one): loses a volume claim (the app's files), made anew, empty"],
    ]);
  });

  it("lets a volume claim grow: requests are the one field of its spec that updates in place", () => {
    const claim = resource("kubernetes:core/v1:PersistentVolumeClaim", "nc-data", { spec: { resources: { requests: { storage: "20Gi" } } } });
    expect(verdicts(claim, { ...claim, inputs: { spec: { resources: { requests: { storage: "40Gi" } } } } })).toEqual([]);
  });

  it("refuses a Hetzner volume moved to another location, a database renamed and a realm id changed", () => {
    const volume = resource("hcloud:index/volume:Volume", "v", { location: "fsn1", size: 10 });
    expect(verdicts(volume, { ...volume, inputs: { location: "hel1", size: 10 } })).toEqual([
      ["refused", "is replaced (location forces a new one): loses a Hetzner volume, made anew, empty"],
    ]);
    const db = resource("kubernetes:postgresql.cnpg.io/v1:Cluster", "db", { metadata: { name: "nextcloud-db", namespace: "x" } });
    expect(verdicts(db, { ...db, inputs: { metadata: { name: "nextcloud-pg", namespace: "x" } } })[0]?.[1]).toMatch(/^is replaced \(metadata\.name forces a new one\)/);
    const realm = resource("keycloak:index/realm:Realm", "realm", { realm: "les-semeurs" });
    expect(verdicts(realm, { ...realm, inputs: { realm: "semeurs" } })[0]?.[1]).toMatch(/^is replaced \(realm forces a new one\)/);
  });

  it("leaves changes that update in place alone", () => {
    const ns = resource("kubernetes:core/v1:Namespace", "ns", { metadata: { name: "x", labels: { "jardin/lifecycle": "active" } } });
    expect(verdicts(ns, { ...ns, inputs: { metadata: { name: "x", labels: { "jardin/lifecycle": "suspended" } } } })).toEqual([]);
  });

  it("suggests an alias when a stateful resource is removed and one of its kind added: a rename", () => {
    const claim = resource("kubernetes:core/v1:PersistentVolumeClaim", "nc-data", { spec: {} });
    const renamed = { ...claim, urn: claim.urn.replace("nc-data", "nextcloud-data"), name: "nextcloud-data" };
    const base: Snapshot = { stack: "prod", resources: [claim] };
    const [finding] = dataLossGate(base, diffSnapshots(base, { stack: "prod", resources: [renamed] }), outputs);
    expect([finding?.verdict, finding?.remedy]).toEqual([
      "refused",
      'if nextcloud-data is nc-data renamed, give it `aliases: [{ name: "nc-data" }]` so Pulumi keeps it instead of making it anew; otherwise keep nc-data',
    ]);
  });

  it("lets the rename through once the alias it suggests is given: the engine keeps the claim, only its URN changes", () => {
    const claim = resource("kubernetes:core/v1:PersistentVolumeClaim", "nc-data", { spec: {} });
    const renamed = { ...claim, urn: claim.urn.replace("nc-data", "nextcloud-data"), name: "nextcloud-data", aliases: [claim.urn] };
    const base: Snapshot = { stack: "prod", resources: [claim] };
    const diffs = diffSnapshots(base, { stack: "prod", resources: [renamed] });
    expect(diffs.map((d) => [d.added.length, d.removed.length, d.changed.map((c) => [c.before.urn, c.resource.urn, c.paths])])).toEqual([
      [0, 0, [[claim.urn, renamed.urn, ["urn"]]]],
    ]);
    expect(dataLossGate(base, diffs, outputs)).toEqual([]);
    expect(formatDiff(diffs, "main")).toContain(`  ~ kubernetes:core/v1:PersistentVolumeClaim  nextcloud-data  (urn)  [was ${claim.urn}]\n`);
  });

  it("sees no move in a provider renamed with an alias: its resources keep their data", () => {
    const provider: SnapshotResource = {
      urn: "urn:pulumi:prod::jardin::pulumi:providers:kubernetes::ada-lovelace-k8s",
      type: "pulumi:providers:kubernetes",
      name: "ada-lovelace-k8s",
      parent: null,
      provider: null,
      protect: false,
      retainOnDelete: false,
      dependencies: [],
      inputs: {},
    };
    const renamedProvider = { ...provider, urn: provider.urn.replace("ada-lovelace-k8s", "ada-k8s"), name: "ada-k8s", aliases: [provider.urn] };
    const claim = resource("kubernetes:core/v1:PersistentVolumeClaim", "nc-data", { spec: {} });
    const base: Snapshot = { stack: "prod", resources: [provider, claim] };
    const head: Snapshot = { stack: "prod", resources: [renamedProvider, { ...claim, provider: renamedProvider.urn }] };
    const diffs = diffSnapshots(base, head);
    expect(diffs.flatMap((d) => d.changed.map((c) => [c.resource.name, c.paths]))).toEqual([["ada-k8s", ["urn"]]]);
    expect(dataLossGate(base, diffs, outputs)).toEqual([]);
  });

  it("still refuses the removal when the alias names another resource than the one removed", () => {
    const claim = resource("kubernetes:core/v1:PersistentVolumeClaim", "nc-data", { spec: {} });
    const other = { ...claim, urn: claim.urn.replace("nc-data", "nextcloud-data"), name: "nextcloud-data", aliases: [claim.urn.replace("nc-data", "old")] };
    const base: Snapshot = { stack: "prod", resources: [claim] };
    const findings = dataLossGate(base, diffSnapshots(base, { stack: "prod", resources: [other] }), outputs);
    expect(findings.map((f) => [f.verdict, f.resource.name])).toEqual([["refused", "nc-data"]]);
  });
});
