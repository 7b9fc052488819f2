import { describe, expect, it } from "vitest";
import { quantityBytes } from "../../../../scripts/plan/gate/volumes";
import { changed, judge, refusals, withInput } from "../../../helpers/gate";

const DATABASE = "kubernetes:postgresql.cnpg.io/v1:Cluster";
const CLAIM = "kubernetes:core/v1:PersistentVolumeClaim";

describe("shrinks and re-initialisations", () => {
  it("refuses a claim made smaller, and lets it grow", async () => {
    const shrink = await judge((base) => changed(base, CLAIM, "la-fourmiliere-nextcloud-files", (r) => withInput(r, "spec.resources.requests.storage", "100Gi")));
    expect(refusals(shrink.findings)).toEqual([
      expect.stringMatching(
        /^REFUSED: tenant la-fourmiliere: kubernetes:core\/v1:PersistentVolumeClaim la-fourmiliere-nextcloud-files shrinks the claim from \d+Gi to 100Gi: Kubernetes never shrinks a volume, so the apply fails halfway; put \d+Gi back/,
      ),
    ]);
    const grow = await judge((base) => changed(base, CLAIM, "la-fourmiliere-nextcloud-files", (r) => withInput(r, "spec.resources.requests.storage", "2Ti")));
    expect(grow.findings).toEqual([]);
  });

  it("refuses a database volume made smaller, and lets it grow", async () => {
    const shrink = await judge((base) => changed(base, DATABASE, "la-fourmiliere-matrix-db", (r) => withInput(r, "spec.storage.size", "5Gi")));
    expect(shrink.findings.map((f) => [f.verdict, f.what])).toEqual([
      ["refused", "shrinks the database's volume from 10Gi to 5Gi: Kubernetes never shrinks a volume, so the apply fails halfway"],
    ]);
    const grow = await judge((base) => changed(base, DATABASE, "la-fourmiliere-matrix-db", (r) => withInput(r, "spec.storage.size", "20Gi")));
    expect(grow.findings).toEqual([]);
  });

  it("refuses a database's initdb name or owner changed, even declared; other settings pass", async () => {
    const renamed = await judge(
      (base) => changed(base, DATABASE, "la-fourmiliere-matrix-db", (r) => withInput(withInput(r, "spec.bootstrap.initdb.database", "synapse"), "spec.bootstrap.initdb.owner", "synapse")),
      { declared: { rotations: {}, migrations: { "la-fourmiliere-matrix-db": "renamed to match upstream's docs" } } },
    );
    expect(renamed.findings.map((f) => [f.verdict, f.what])).toEqual([
      ["refused", 'changes the database\'s initdb name from "matrix" to "synapse": initdb ran once, so the app would connect to a database that does not exist'],
      ["refused", 'changes the database\'s initdb owner from "matrix" to "synapse": initdb ran once, so the app would connect to a database that does not exist'],
      ["declared", "lets nothing through in this plan"],
    ]);
    const instances = await judge((base) => changed(base, DATABASE, "la-fourmiliere-matrix-db", (r) => withInput(r, "spec.instances", 3)));
    expect(instances.findings).toEqual([]);
  });

  it("reads Kubernetes quantities in bytes", () => {
    expect([quantityBytes("10Gi"), quantityBytes("500M"), quantityBytes("1.5Ti"), quantityBytes("ten")]).toEqual([10 * 2 ** 30, 5e8, 1.5 * 2 ** 40, undefined]);
  });
});
