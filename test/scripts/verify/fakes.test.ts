import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { customResourceProblems } from "../../../scripts/contracts/check-custom-resource";
import { findCrd, loadCrdContracts } from "../../../scripts/contracts/contracts";
import { ROOT_DIR } from "../../helpers/declarations";
import { databaseBackup, etcdSnapshot, volumeBackup } from "./fakes/fleet";

// The fake API serves what the operators write, field for field: held against their CRDs, so a
// test cannot pass on a field the real objects lack.
const k3s = JSON.parse(readFileSync(join(ROOT_DIR, "test/contracts/k3s/etcdsnapshotfiles.k3s.cattle.io.json"), "utf8")) as { scope: string; versions: { v1: Record<string, unknown> } };
const now = new Date("2026-12-03T12:00:00Z");

describe("the fake Kubernetes API's objects", () => {
  it.each([
    ["a CloudNativePG Backup, completed", databaseBackup(now, "les-semeurs", "nextcloud-db-daily-1", 5, "completed")],
    ["a CloudNativePG Backup, failed", databaseBackup(now, "les-semeurs", "nextcloud-db-daily-2", 1, "failed")],
    ["a k8up Backup, succeeded", volumeBackup(now, "les-semeurs", "volume-backups-1", 5, "Succeeded")],
    ["a k8up Backup, failed", volumeBackup(now, "les-semeurs", "volume-backups-2", 1, "Failed")],
  ])("%s holds to its CRD at the pinned operator", (_, object) => {
    const found = findCrd(loadCrdContracts(ROOT_DIR), object["apiVersion"] as string, object["kind"] as string);
    expect(found).toBeDefined();
    expect(customResourceProblems(found!.schema, object, "fake")).toEqual([]);
  });

  it.each([
    ["ready, in object storage", etcdSnapshot(now, "s3-latest", 2, true)],
    ["failed", etcdSnapshot(now, "s3-failed", 1, false)],
  ])("an ETCDSnapshotFile %s holds to k3s's CRD (cluster-scoped)", (_, object) => {
    expect(k3s.scope).toBe("Cluster");
    expect(customResourceProblems(k3s.versions.v1, object, "fake")).toEqual([]);
  });

  it("a field the CRD lacks is caught", () => {
    const object = databaseBackup(now, "les-semeurs", "b", 1, "completed");
    (object["status"] as Record<string, unknown>)["finishedAt"] = "2026-12-03T11:00:00Z";
    const found = findCrd(loadCrdContracts(ROOT_DIR), "postgresql.cnpg.io/v1", "Backup")!;
    expect(customResourceProblems(found.schema, object, "fake")).toEqual(["fake: status.finishedAt is not in the CRD's schema: the API server prunes it"]);
  });
});
