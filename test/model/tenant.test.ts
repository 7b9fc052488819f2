import { describe, expect, it } from "vitest";
import { parseDeclaration } from "../../model/parse";
import { tenantSchema, type TenantInput } from "../../model/tenant";
import { baselineTenant } from "../helpers/declarations";

const FILE = "tenants/les-semeurs.ts";

function problemsOf(input: unknown) {
  const result = parseDeclaration(tenantSchema, input, FILE);
  return result.ok ? [] : result.problems;
}

/** The baseline with one field of one app replaced. */
function withApps(apps: unknown): unknown {
  return { ...baselineTenant(), apps };
}

describe("tenant schema", () => {
  it("accepts the baseline and fills in every default", () => {
    const result = parseDeclaration(tenantSchema, baselineTenant(), FILE);
    expect(result).toEqual({
      ok: true,
      value: {
        id: "les-semeurs",
        name: "Les Semeurs",
        contact: "contact@semeurs.example",
        cluster: "ada-lovelace",
        domain: "semeurs.example",
        state: "active",
        plan: { kind: "shared" },
        sso: { admins: ["admin@semeurs.example"], mfa: "required" },
        apps: {
          nextcloud: { storageGiB: 50, office: "collabora" },
          jitsi: { maxResolution: 720 },
        },
        backups: { schedule: "0 3 * * *", retentionDays: 30 },
      },
    });
  });

  it.each<[string, unknown, string, string]>([
    [
      "a misspelt field, with the likely one",
      withApps({ nextcloud: { storageGB: 50 } }),
      "apps.nextcloud.storageGB",
      'unknown field "storageGB" (did you mean "storageGiB"?); the fields allowed here are hostname, storageGiB, office, officeHostname',
    ],
    [
      "a misspelt top-level field",
      { ...baselineTenant(), clustr: "ada-lovelace" },
      "clustr",
      'unknown field "clustr" (did you mean "cluster"?); the fields allowed here are id, name, contact, cluster, domain, state, plan, sso, apps, adopt, move, backups',
    ],
    [
      "an app jardin does not offer",
      withApps({ rocketchat: {} }),
      "apps.rocketchat",
      'unknown field "rocketchat"; the fields allowed here are nextcloud, jitsi, matrix, mobilizon, hedgedoc, grist',
    ],
    [
      "Jitsi at 1080p",
      withApps({ jitsi: { maxResolution: 1080 } }),
      "apps.jitsi.maxResolution",
      "1080p is above the collective's 720p cap (sobriety: video is the heaviest load we carry); use 720 or lower",
    ],
    [
      "a video height Jitsi does not use",
      withApps({ jitsi: { maxResolution: 500 } }),
      "apps.jitsi.maxResolution",
      "500 is not a supported video height; use 180, 360, 540 or 720",
    ],
    [
      "an id that is not DNS-safe, with a slug to use",
      baselineTenant({ id: "Les_Semeurs" }),
      "id",
      '"Les_Semeurs" is not a valid tenant id: use lowercase letters, digits and hyphens, starting with a letter, at most 30 characters (e.g. "les-semeurs")',
    ],
    [
      "an id the platform owns",
      baselineTenant({ id: "kube-system" }),
      "id",
      "\"kube-system\" is reserved for the platform; pick the organisation's own name",
    ],
    [
      "a missing contact",
      { ...baselineTenant(), contact: undefined },
      "contact",
      "is required (string); add it",
    ],
    [
      "a contact that is not an email",
      baselineTenant({ contact: "contact-at-semeurs" }),
      "contact",
      '"contact-at-semeurs" is not an email address; write it as name@example.org',
    ],
    [
      "an unknown lifecycle state",
      baselineTenant({ state: "paused" as TenantInput["state"] }),
      "state",
      '"paused" is not allowed; use "active", "suspended" or "archived"',
    ],
    [
      "an unknown plan kind",
      baselineTenant({ plan: { kind: "dedicaded" } as unknown as TenantInput["plan"] }),
      "plan.kind",
      '"dedicaded" is not a known kind; use "shared" or "dedicated" (did you mean "dedicated"?)',
    ],
    [
      "a retired server type, with its successor",
      baselineTenant({ plan: { kind: "dedicated", serverType: "cx22" as "cx23", count: 2 } }),
      "plan.serverType",
      '"cx22" is no longer sold by Hetzner; use "cx23", its successor',
    ],
    [
      "a dedicated pool of one server",
      baselineTenant({ plan: { kind: "dedicated", serverType: "cpx42", count: 1 } }),
      "plan.count",
      "a dedicated pool needs at least 2 servers to stay up while one is replaced",
    ],
    [
      "a URL where a hostname goes",
      withApps({ jitsi: { hostname: "https://visio.semeurs.example/" } }),
      "apps.jitsi.hostname",
      '"https://visio.semeurs.example/" is not a valid host name: use lowercase labels of letters, digits and hyphens separated by dots, like "cloud.example.org" (no scheme, port, path or trailing dot)',
    ],
    [
      "an office suite jardin does not run",
      withApps({ nextcloud: { office: "msoffice" } }),
      "apps.nextcloud.office",
      '"msoffice" is not allowed; use "collabora", "onlyoffice" or "none"',
    ],
    [
      "a storage size written as text",
      withApps({ nextcloud: { storageGiB: "50" } }),
      "apps.nextcloud.storageGiB",
      "the file storage size is a whole number of GiB, like 100",
    ],
    [
      "a cron schedule with an impossible hour",
      baselineTenant({ backups: { schedule: "0 25 * * *" } }),
      "backups.schedule",
      '"0 25 * * *": the hour field "25" is not valid; use numbers from 0 to 23, "*", ranges "a-b", lists "a,b" or steps "*/n"',
    ],
    [
      "backups kept less than a week",
      baselineTenant({ backups: { retentionDays: 3 } }),
      "backups.retentionDays",
      "keep backups at least 7 days, so a mistake noticed after a holiday can still be undone",
    ],
    [
      "single sign-on without an admin",
      baselineTenant({ sso: { admins: [] } }),
      "sso.admins",
      "name at least one admin email for the organisation's single sign-on",
    ],
  ])("rejects %s", (_case, input, field, message) => {
    expect(problemsOf(input)).toEqual([{ file: FILE, field, message }]);
  });

  it("reports every mistake of a file at once", () => {
    const input = { ...baselineTenant({ contact: "nope", state: "paused" as "active" }), apps: { jitsi: { maxResolution: 1080 } } };
    expect(problemsOf(input).map((p) => p.field)).toEqual(["contact", "state", "apps.jitsi.maxResolution"]);
  });

  it("accepts every resolution up to 720p", () => {
    for (const maxResolution of [180, 360, 540, 720]) {
      expect(problemsOf(withApps({ jitsi: { maxResolution } }))).toEqual([]);
    }
  });
});
