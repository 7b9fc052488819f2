import { describe, expect, it } from "vitest";
import type { Snapshot } from "../../../../scripts/plan/snapshot";
import { changed, judge } from "../../../helpers/gate";

const CLAIM = "kubernetes:core/v1:PersistentVolumeClaim";

describe("safety nets", () => {
  const dropped = (base: Snapshot) =>
    changed(
      changed(base, CLAIM, "la-fourmiliere-matrix-media", (r) => ({ ...r, retainOnDelete: false })),
      "random:index/randomBytes:RandomBytes",
      "la-fourmiliere-matrix-signing-seed",
      (r) => ({ ...r, protect: false }),
    );

  it("refuses retainOnDelete or protect dropped from stored data or an identity", async () => {
    const { findings } = await judge(dropped);
    expect(findings.map((f) => [f.verdict, f.resource.name, f.what])).toEqual([
      ["refused", "la-fourmiliere-matrix-media", "loses retainOnDelete: a volume claim (the app's files) would then be deleted for real by the next removal"],
      [
        "refused",
        "la-fourmiliere-matrix-signing-seed",
        "loses protect: the Matrix server's signing key: other servers distrust what the new one signs until they fetch it again, and cannot verify what the old one signed would then be deleted for real by the next removal",
      ],
    ]);
  });

  it("lets a declared offboarding through, saying what happens", async () => {
    const migrations = { "la-fourmiliere-matrix-media": "the organisation took its media (export of 2026-11-30)", "la-fourmiliere-matrix-signing-seed": "the Matrix server is switched off" };
    const { findings } = await judge(dropped, { declared: { rotations: {}, migrations } });
    expect(findings.map((f) => [f.verdict, f.remedy])).toEqual([
      ["declared", 'declared (declaredChanges.migrations: "the organisation took its media (export of 2026-11-30)"): retainOnDelete goes: a later removal deletes it'],
      ["declared", 'declared (declaredChanges.migrations: "the Matrix server is switched off"): protect goes: a later removal deletes it'],
    ]);
  });

  it("leaves resources that hold nothing alone", async () => {
    const { findings } = await judge((base) => changed(base, "kubernetes:core/v1:Secret", "la-fourmiliere-volume-backups", (r) => ({ ...r, retainOnDelete: false })));
    expect(findings).toEqual([]);
  });
});
