import { describe, expect, it } from "vitest";
import type { Snapshot } from "../../../../scripts/plan/snapshot";
import { judge, refusals, without } from "../../../helpers/gate";

describe("removals of what is guarded", () => {
  const noControlPlane = (base: Snapshot) => without(base, (r) => r.type === "hcloud:index/server:Server" && r.name === "ada-lovelace-control-hel1-1");

  it("refuses a control-plane server removed, with the steps, and lets it through declared", async () => {
    expect(refusals((await judge(noControlPlane)).findings)).toEqual([
      "REFUSED: cluster ada-lovelace: hcloud:index/server:Server ada-lovelace-control-hel1-1 is removed: a control-plane server: its etcd member, and etcd's quorum with it if a majority goes; " +
        "a control-plane server goes in steps: `kubectl delete node ada-lovelace-control-hel1-1` first (it leaves etcd), then a pull request that lowers its pool and declares a migration naming ada-lovelace-control-hel1-1 (declaredChanges.migrations); keep an odd number of servers, 3 at least",
    ]);
    const declared = await judge(noControlPlane, { declared: { rotations: {}, migrations: { "ada-lovelace-control-hel1-1": "hel1 closes; the node left etcd on 2026-12-01" } } });
    expect(declared.findings.map((f) => f.verdict)).toEqual(["declared"]);
  });

  it("lets a worker go: it holds nothing", async () => {
    const { findings } = await judge((base) => without(base, (r) => r.name === "ada-lovelace-workers-fsn1-2"));
    expect(findings).toEqual([]);
  });

  it("refuses an identity removed (the cluster's join token) and a tenant's volume-backup schedule removed", async () => {
    const { findings } = await judge((base) => without(base, (r) => r.name === "ada-lovelace-token" || r.name === "la-fourmiliere-volume-backups-schedule"));
    expect(findings.map((f) => [f.verdict, f.resource.name, f.what, f.declarable?.kind])).toEqual([
      ["refused", "ada-lovelace-token", "is removed: the cluster's join token: a machine that joins with a new one is refused by the servers that have the old one", "rotations"],
      ["refused", "la-fourmiliere-volume-backups-schedule", "is removed: the tenant's volume-backup schedule", "migrations"],
    ]);
  });
});
