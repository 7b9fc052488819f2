import { describe, expect, it } from "vitest";
import { tenantSchema } from "../../../model/tenant";
import { formatMemberSummary, tenantChanges } from "../../../scripts/plan/member-summary";
import { describeMoves, formatMoveText } from "../../../scripts/plan/moves";
import { formatDiff } from "../../../scripts/plan/diff";
import { baselineTenant, prodFleet } from "../../helpers/declarations";
import { prodPlan } from "../../helpers/plan";

describe("the plan shows a move as a move", () => {
  it("tells the example move's phase, the data it carries from which archive and snapshot, the downtime and the DNS jardin switches", () => {
    const moves = describeMoves(prodPlan().declarations);
    expect(moves.map(formatMoveText)).toEqual([
      [
        "move of amap-du-plateau: louise-michel → ada-lovelace, phase restore ([restore] → switch → release)",
        "  now: the old side on louise-michel is suspended (its names show the maintenance page); on ada-lovelace its data is restored from its backups while no app runs there",
        "  database nextcloud: recovered from s3://jardin-prod-backups/amap-du-plateau/nextcloud, archive nextcloud-db, to the end of its archived WAL; archives from then on as nextcloud-db-on-ada-lovelace",
        "  volume nextcloud-files: restored from the last snapshot of /data/nextcloud-files in s3://jardin-prod-backups/amap-du-plateau/volumes",
        "  the organisation's apps are unavailable from the apply that suspended it on louise-michel until the switch is applied; for names under its own domain, until its DNS change has spread (the records' TTL)",
        "  DNS, set by jardin at the switch: cloud.amap-du-plateau.jardin.example → ada-lovelace",
        '  next: on ada-lovelace, `npm run move -- amap-du-plateau check-restore` waits for the restores; once the data is checked, set phase: "switch"',
      ],
    ]);
    expect(formatDiff([], "main", [], moves)).toContain(`\n${formatMoveText(moves[0]!).join("\n")}\n`);
  });

  it("tells an organisation with its own domain which records it changes at the switch, and where they point until then", () => {
    const tenant = tenantSchema.parse(
      baselineTenant({
        id: "fede-educpop",
        name: "Fédération",
        domain: "educpop.example",
        cluster: "ada-lovelace",
        apps: { nextcloud: { storageGiB: 50, office: "none" } },
        move: { from: "louise-michel", phase: "switch", recoveryTargetTime: "2027-01-15T22:00:00+01:00" },
      }),
    );
    const declarations = { fleet: prodFleet(), tenants: [{ file: "tenants/fede-educpop.ts", tenant }] };
    const moves = describeMoves(declarations);
    const diffs = [{ owner: { kind: "tenant" as const, id: "fede-educpop" }, added: [], changed: [], removed: [] }];
    const changes = tenantChanges({ diffs, findings: [], declarations, costs: new Map(), costsBefore: new Map(), moves });
    expect(formatMemberSummary(changes, [])).toEqual([
      "**Fédération** (`fede-educpop`, changed on ada-lovelace)",
      "",
      "- Nextcloud (files, office): https://cloud.educpop.example",
      "- DNS: at its registrar, the organisation points these names at the ingress load balancer of ada-lovelace (its addresses are known once applied: `pulumi stack output dnsRecordsToSet`):",
      "  - `cloud.educpop.example`: A and AAAA",
      "- **Moving** from louise-michel to ada-lovelace, phase restore → **switch** → release: its apps run on ada-lovelace and its names point there; the old side stays suspended on louise-michel, protected and retained.",
      "- Its apps are unavailable from the apply that suspended it on louise-michel until the switch is applied; for names under its own domain, until its DNS change has spread (the records' TTL).",
      "- Database `nextcloud`: recovered from `s3://jardin-prod-backups/fede-educpop/nextcloud` (archive `nextcloud-db`) to 2027-01-15T22:00:00+01:00; archives as `nextcloud-db-on-ada-lovelace` from then on.",
      "- Volume `nextcloud-files`: restored from the last snapshot of `/data/nextcloud-files` in `s3://jardin-prod-backups/fede-educpop/volumes`.",
      "- DNS at the switch: at its registrar, the organisation points these names at the ingress load balancer of ada-lovelace (its addresses are known once applied: `pulumi stack output dnsRecordsToSet`):",
      "  - `cloud.educpop.example`: A and AAAA",
      '- Next: once the organisation has checked its data on the new side, set phase: "release".',
      "",
    ]);
    // In the restore phase its names still point at the cluster it leaves (louise-michel's declared ingress).
    const restoring = tenantSchema.parse({ ...baselineTenant({ id: "fede-educpop", domain: "educpop.example", cluster: "ada-lovelace", apps: { nextcloud: { storageGiB: 50, office: "none" } } }), move: { from: "louise-michel", phase: "restore" } });
    const before = tenantChanges({ diffs, findings: [], declarations: { ...declarations, tenants: [{ file: "tenants/fede-educpop.ts", tenant: restoring }] }, costs: new Map(), costsBefore: new Map() });
    expect(before[0]!.dnsTarget).toBe("198.51.100.20");
  });
});
