import { describe, expect, it } from "vitest";
import { tenantSchema, type TenantInput } from "../../../model/tenant";
import type { TenantCost } from "../../../scripts/capacity/cost";
import type { GateFinding } from "../../../scripts/plan/data-loss";
import type { OwnerDiff } from "../../../scripts/plan/diff";
import { COMMENT_MARKER, formatMarkdown } from "../../../scripts/plan/markdown";
import { baseTenantCosts, dnsToSet, tenantChanges, tenantCosts } from "../../../scripts/plan/member-summary";
import type { SnapshotResource } from "../../../scripts/plan/snapshot";
import { baselineTenant, prodFleet } from "../../helpers/declarations";
import { prodPlan } from "../../helpers/plan";

const tenant = (overrides: Partial<TenantInput> = {}) => tenantSchema.parse(baselineTenant(overrides));
const resource = (type: string, name: string) => ({ urn: `urn:pulumi:prod::jardin::${type}::${name}`, type, name, inputs: {} }) as unknown as SnapshotResource;
const cost = (id: string, total: number, watts: number): TenantCost => ({
  tenant: id,
  cluster: "ada-lovelace",
  requested: { cpuMilli: 0, memoryMiB: 0, storageGiB: 0 },
  monthly: { servers: 0, volumes: 0, loadBalancers: 0, backups: 0, total },
  watts,
});

describe("what a pull request means for the organisations", () => {
  const fleet = prodFleet();
  const semeurs = tenant({ apps: { nextcloud: { storageGiB: 50 }, jitsi: {} } });
  const amap = tenant({ id: "amap-du-plateau", name: "AMAP du Plateau", cluster: "louise-michel", domain: "amap-du-plateau.jardin.example", apps: { nextcloud: { storageGiB: 20, office: "none" } } });
  const educpop = tenant({ id: "fede-educpop", name: "Fédération", cluster: "louise-michel", domain: "educpop.example", apps: { hedgedoc: {} } });
  const diffs: OwnerDiff[] = [
    { owner: { kind: "fleet" }, added: [resource("hcloud:index/zoneRrset:ZoneRrset", "dns-x")], changed: [], removed: [] },
    { owner: { kind: "tenant", id: "amap-du-plateau" }, added: [], changed: [{ resource: resource("kubernetes:apps/v1:Deployment", "d"), before: resource("kubernetes:apps/v1:Deployment", "d"), paths: ["inputs.spec"] }], removed: [] },
    { owner: { kind: "tenant", id: "la-ruche" }, added: [], changed: [], removed: [resource("kubernetes:core/v1:Namespace", "la-ruche-namespace")] },
    { owner: { kind: "tenant", id: "les-semeurs" }, added: [resource("jardin:tenant:Tenant", "les-semeurs")], changed: [], removed: [] },
  ];
  const refusal: GateFinding = {
    verdict: "refused",
    owner: { kind: "tenant", id: "la-ruche" },
    resource: resource("kubernetes:core/v1:Namespace", "la-ruche-namespace"),
    what: "is removed: a tenant namespace (deleting it deletes every volume claim in it)",
    remedy: 'archive the tenant first (state: "archived")',
  };
  const declarations = { fleet, tenants: [amap, educpop, semeurs].map((t) => ({ file: `tenants/${t.id}.ts`, tenant: t })) };
  const changes = tenantChanges({
    diffs,
    findings: [refusal],
    declarations,
    costs: new Map([["les-semeurs", cost("les-semeurs", 31.5, 12)], ["amap-du-plateau", cost("amap-du-plateau", 4.25, 2)]]),
    costsBefore: new Map([["amap-du-plateau", cost("amap-du-plateau", 4, 2)], ["la-ruche", cost("la-ruche", 9.1, 3)]]),
  });

  it("lists each tenant added, changed or removed, and nothing of the fleet's own resources", () => {
    expect(changes.map((c) => [c.id, c.kind, c.cluster])).toEqual([
      ["amap-du-plateau", "changed", "louise-michel"],
      ["la-ruche", "removed", undefined],
      ["les-semeurs", "new", "ada-lovelace"],
    ]);
  });

  it("says which DNS records an organisation sets: none under the base domain, A and AAAA at a created cluster's load balancer, an adopted cluster's declared address", () => {
    expect(dnsToSet(fleet, amap)).toEqual({ records: [] });
    expect(dnsToSet(fleet, semeurs)).toEqual({
      records: [
        { name: "cloud.semeurs.example", types: ["A", "AAAA"] },
        { name: "office.semeurs.example", types: ["A", "AAAA"] },
        { name: "visio.semeurs.example", types: ["A", "AAAA"] },
      ],
      target: "the ingress load balancer of ada-lovelace (its addresses are known once applied: `pulumi stack output dnsRecordsToSet`)",
    });
    // louise-michel declares an IPv4 address only: A records only.
    expect(dnsToSet(fleet, educpop)).toEqual({ records: [{ name: "pad.educpop.example", types: ["A"] }], target: "198.51.100.20" });
  });

  it("opens the comment with it, refusals first in plain words, the engineer's details folded below", () => {
    const text = formatMarkdown({
      diffs,
      baseLabel: "main",
      findings: [refusal],
      outputs: { clusters: {}, tenants: {} },
      violations: [],
      policyCount: 2,
      members: { changes, otherRefusals: ["cluster ada-lovelace: k3s v1.36.4+k3s1 → v1.38.1+k3s1 skips a minor version; upgrade one minor version at a time"] },
    });
    const lines = text.split("\n");
    expect(lines.slice(0, lines.indexOf("<details><summary>Engineer details: 2 to add, 1 to change, 1 to remove; data-loss gate, resources, policies</summary>"))).toEqual([
      COMMENT_MARKER,
      "### jardin plan · against `main`",
      "",
      "**⛔ This change cannot be applied as it is: 2 refusals, each below with what to do instead.**",
      "",
      "**AMAP du Plateau** (`amap-du-plateau`, changed on louise-michel)",
      "",
      "- Nextcloud (files, office): https://cloud.amap-du-plateau.jardin.example",
      "- DNS: nothing to do, its names are under the collective's domain and jardin sets them.",
      "- Cost: €4.25 a month, about 2 W (estimated) (was €4.00 and 2 W); its share of its cluster (`npm run report`).",
      "",
      "**la-ruche** (`la-ruche`, removed)",
      "",
      "- Cost: €9.10 a month and about 3 W before, nothing once removed from the plan.",
      '- **⛔ Refused:** `la-ruche-namespace` is removed: a tenant namespace (deleting it deletes every volume claim in it). Instead: archive the tenant first (state: "archived")',
      "",
      "**Les Semeurs** (`les-semeurs`, new on ada-lovelace)",
      "",
      "- Nextcloud (files, office): https://cloud.semeurs.example, https://office.semeurs.example",
      "- Jitsi (video calls): https://visio.semeurs.example",
      "- DNS: at its registrar, the organisation points these names at the ingress load balancer of ada-lovelace (its addresses are known once applied: `pulumi stack output dnsRecordsToSet`):",
      "  - `cloud.semeurs.example`: A and AAAA",
      "  - `office.semeurs.example`: A and AAAA",
      "  - `visio.semeurs.example`: A and AAAA",
      "- Cost: €31.50 a month, about 12 W (estimated); its share of its cluster (`npm run report`).",
      "",
      "- **⛔ Refused:** cluster ada-lovelace: k3s v1.36.4+k3s1 → v1.38.1+k3s1 skips a minor version; upgrade one minor version at a time",
      "",
    ]);
    // The engineer's comment is whole inside, the policies last.
    expect(text).toContain("| tenant les-semeurs |");
    expect(text).toContain("**data-loss gate: 1 refused**");
    expect(lines.at(-1)).toBe("</details>");
    expect(text.indexOf("#### Policies")).toBeGreaterThan(text.indexOf("<details><summary>Engineer details"));
  });
});

describe("the figures the member summary quotes", () => {
  it("are each tenant's share from the capacity report, and the base's the same when nothing changed", () => {
    const { snapshot, declarations } = prodPlan();
    const costs = tenantCosts(snapshot, declarations);
    expect([...costs.keys()].sort()).toEqual(declarations.tenants.map((t) => t.tenant.id).sort());
    for (const cost of costs.values()) expect(cost.monthly.total).toBeGreaterThan(0);
    expect(baseTenantCosts(snapshot, declarations)).toEqual(costs);
  });

  it("leave out what the base does not have: a tenant new in the change has no figures before", () => {
    const { snapshot, declarations } = prodPlan();
    // The base without la-fourmiliere: its Tenant and everything under it.
    const without = snapshot.resources.filter((r) => !r.urn.includes("jardin:tenant:Tenant") || !(r.urn.endsWith("::la-fourmiliere") || r.name.startsWith("la-fourmiliere")));
    const before = baseTenantCosts({ ...snapshot, resources: without }, declarations);
    expect(before.has("la-fourmiliere")).toBe(false);
    expect(before.has("sante-solidaire")).toBe(true);
  });
});
