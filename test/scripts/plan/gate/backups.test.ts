import { describe, expect, it } from "vitest";
import type { FleetInput } from "../../../../model/fleet";
import type { Snapshot } from "../../../../scripts/plan/snapshot";
import { changed, judge, judgePlans, planWithFleet, refusals, withInput } from "../../../helpers/gate";

const DATABASE = "kubernetes:postgresql.cnpg.io/v1:Cluster";
const OBJECT_STORE = "kubernetes:barmancloud.cnpg.io/v1:ObjectStore";
const SCHEDULED_BACKUP = "kubernetes:postgresql.cnpg.io/v1:ScheduledBackup";
const VOLUME_BACKUPS = "kubernetes:k8up.io/v1:Schedule";
const CLAIM = "kubernetes:core/v1:PersistentVolumeClaim";

const MIGRATION = { rotations: {}, migrations: { "la-fourmiliere-matrix-db": "the database moves to another operator, which archives it itself" } };

describe("backups guarded like the data they keep", () => {
  it("refuses a database that stops archiving its WAL, and lets it through as a declared migration", async () => {
    const head = (base: Snapshot) => changed(base, DATABASE, "la-fourmiliere-matrix-db", (r) => withInput(r, "spec.plugins", []));
    expect(refusals((await judge(head)).findings)).toEqual([
      "REFUSED: tenant la-fourmiliere: kubernetes:postgresql.cnpg.io/v1:Cluster la-fourmiliere-matrix-db stops archiving its WAL: no point-in-time recovery, and base backups fail without it; " +
        "put it back; to change it on purpose, declare a migration naming la-fourmiliere-matrix-db in the fleet file (declaredChanges.migrations) that says what happens to the archives",
    ]);
    const declared = await judge(head, { declared: MIGRATION });
    expect(declared.findings.map((f) => [f.verdict, f.remedy])).toEqual([
      ["declared", 'declared (declaredChanges.migrations: "the database moves to another operator, which archives it itself"): WAL archiving stops; the archives already made stay in the bucket'],
    ]);
  });

  it("refuses suspended base backups, a volume-backup schedule removed or emptied, and a claim left out of volume backups", async () => {
    const { findings } = await judge((base) =>
      changed(
        changed(
          changed(
            changed(base, SCHEDULED_BACKUP, "la-fourmiliere-matrix-db-backup", (r) => withInput(r, "spec.suspend", true)),
            VOLUME_BACKUPS,
            "la-fourmiliere-volume-backups-schedule",
            (r) => withInput(r, "spec.backup", undefined),
          ),
          VOLUME_BACKUPS,
          "fede-educpop-volume-backups-schedule",
          (r) => withInput(r, "spec.backup.schedule", ""),
        ),
        CLAIM,
        "la-fourmiliere-matrix-media",
        (r) => withInput(r, "metadata.annotations", { "pulumi.com/skipAwait": "true" }),
      ),
    );
    expect(findings.map((f) => [f.verdict, f.resource.name, f.what])).toEqual([
      ["refused", "fede-educpop-volume-backups-schedule", "stops the tenant's volume backups (its backup schedule is removed or empty)"],
      ["refused", "la-fourmiliere-matrix-media", 'is no longer taken by the volume backups (its k8up.io/backup annotation is no longer "true")'],
      ["refused", "la-fourmiliere-matrix-db-backup", "stops the database's scheduled base backups"],
      ["refused", "la-fourmiliere-volume-backups-schedule", "stops the tenant's volume backups (its backup schedule is removed or empty)"],
    ]);
  });

  it("refuses a retention cut, and lets a longer one through", async () => {
    const cut = await judge((base) =>
      changed(
        changed(base, OBJECT_STORE, "la-fourmiliere-matrix-backups", (r) => withInput(r, "spec.retentionPolicy", "7d")),
        VOLUME_BACKUPS,
        "la-fourmiliere-volume-backups-schedule",
        (r) => withInput(r, "spec.prune.retention", { keepDaily: 7 }),
      ),
    );
    expect(cut.findings.map((f) => [f.verdict, f.what])).toEqual([
      ["refused", "cuts its retention from 30d to 7d: the next run deletes the history beyond it"],
      ["refused", "cuts its retention (keepDaily 30 → 7): the next prune deletes the history beyond it"],
    ]);
    const longer = await judge((base) =>
      changed(
        changed(base, OBJECT_STORE, "la-fourmiliere-matrix-backups", (r) => withInput(r, "spec.retentionPolicy", "3m")),
        VOLUME_BACKUPS,
        "la-fourmiliere-volume-backups-schedule",
        (r) => withInput(r, "spec.prune.retention", { keepDaily: 30, keepMonthly: 12 }),
      ),
    );
    expect(longer.findings).toEqual([]);
  });

  it("refuses the fleet's backup bucket changed without saying what happens to the old archives", async () => {
    const head = await planWithFleet((fleet) => {
      fleet.backups.bucket = "jardin-prod-backups-2";
    });
    const refused = await judgePlans(head);
    // Every database's archive store (the fleet Keycloak's included, and both sides of the example
    // move's) and every tenant's volume backups.
    expect(refused.map((f) => [f.verdict, f.resource.type]).sort()).toEqual([
      ...Array.from({ length: 12 }, () => ["refused", OBJECT_STORE]),
      ...Array.from({ length: 4 }, () => ["refused", VOLUME_BACKUPS]),
    ]);
    expect(refused.find((f) => f.resource.name === "la-fourmiliere-matrix-backups")?.what).toBe(
      "moves its archive from bucket jardin-prod-backups to jardin-prod-backups-2: the old archive is no longer written, and a restore reads the new, empty one",
    );
  });

  it("refuses a backup path that no longer names the tenant, even declared: two organisations' archives would mix", async () => {
    const head = (base: Snapshot) =>
      changed(base, OBJECT_STORE, "la-fourmiliere-matrix-backups", (r) => withInput(r, "spec.configuration.destinationPath", "s3://jardin-prod-backups/shared/matrix"));
    const declared = { rotations: {}, migrations: { "la-fourmiliere-matrix-backups": "one shared archive for everyone" } };
    const { findings } = await judge(head, { declared });
    expect(findings.map((f) => [f.verdict, f.resource.name, f.what, f.remedy])).toEqual([
      [
        "refused",
        "la-fourmiliere-matrix-backups",
        "writes its backups to s3://jardin-prod-backups/shared/matrix, a path that does not name the tenant: its archives could mix with another organisation's",
        "keep the tenant's id as a folder of the path (…/la-fourmiliere/…)",
      ],
      ["declared", "declaredChanges.migrations.la-fourmiliere-matrix-backups", "lets nothing through in this plan", expect.stringMatching(/^remove it from the fleet file once its change is applied/)],
    ]);
    const path = await judge((base) =>
      changed(base, OBJECT_STORE, "la-fourmiliere-matrix-backups", (r) => withInput(r, "spec.configuration.destinationPath", "s3://jardin-prod-backups/la-fourmiliere/synapse")),
    );
    expect(path.findings).toEqual([]);
  });
});

describe("a bucket change declared", () => {
  it("passes once every archive's migration is declared, saying where new archives go", async () => {
    const moved = (fleet: FleetInput) => {
      fleet.backups.bucket = "jardin-prod-backups-2";
    };
    const names = (await judgePlans(await planWithFleet(moved))).map((f) => f.resource.name);
    const head = await planWithFleet((fleet) => {
      moved(fleet);
      fleet.declaredChanges = { migrations: Object.fromEntries(names.map((name) => [name, "a new bucket with object lock; the old one is kept read-only until 2027-06"])) };
    });
    const findings = await judgePlans(head);
    expect(findings.filter((f) => f.verdict !== "declared")).toEqual([]);
    expect(findings.find((f) => f.resource.name === "la-fourmiliere-matrix-backups")?.remedy).toBe(
      'declared (declaredChanges.migrations: "a new bucket with object lock; the old one is kept read-only until 2027-06"): new archives go to jardin-prod-backups-2; the old ones stay in jardin-prod-backups',
    );
  });
});
