import { describe, expect, it } from "vitest";
import { tenantSchema, type TenantInput } from "../../model/tenant";
import { crossTenantProblems, type LoadedTenant } from "../../model/tenant-rules";
import { baselineTenant, prodFleet } from "../helpers/declarations";

const FLEET_FILE = "stacks/prod.ts";

function loaded(file: string, overrides: Partial<TenantInput> = {}): LoadedTenant {
  return { file, tenant: tenantSchema.parse(baselineTenant(overrides)) };
}

describe("rules across tenant files", () => {
  it("finds nothing wrong with distinct tenants on known clusters", () => {
    const tenants = [
      loaded("tenants/les-semeurs.ts"),
      // Admitted on the retiring cluster (stacks/prod.ts clusters.louise-michel.admitted).
      loaded("tenants/fede-educpop.ts", { id: "fede-educpop", domain: "educpop.example", cluster: "louise-michel" }),
    ];
    expect(crossTenantProblems(prodFleet(), FLEET_FILE, tenants)).toEqual([]);
  });

  it("refuses a tenant's bundle on an adopted cluster whose network plugin does not enforce NetworkPolicies, but lets an adoption import there", () => {
    const fleet = prodFleet();
    const louise = fleet.clusters["louise-michel"]!;
    if (louise.origin.kind !== "adopted") throw new Error("louise-michel is adopted in stacks/prod.ts");
    // The prod fleet as it is: louise-michel declares a plugin that enforces them.
    const admitted = loaded("tenants/fede-educpop.ts", { id: "fede-educpop", domain: "educpop.example", cluster: "louise-michel" });
    expect(crossTenantProblems(fleet, FLEET_FILE, [admitted])).toEqual([]);
    const flat = { ...fleet, clusters: { ...fleet.clusters, "louise-michel": { ...louise, origin: { ...louise.origin, existing: { ...louise.origin.existing, networkPolicies: { cni: "flannel", enforced: false } } } } } };
    expect(crossTenantProblems(flat, FLEET_FILE, [admitted])).toEqual([
      {
        file: "tenants/fede-educpop.ts",
        field: "cluster",
        message:
          '"louise-michel" does not enforce NetworkPolicies (its network plugin "flannel", stacks/prod.ts clusters.louise-michel.origin.existing.networkPolicies), so this organisation\'s isolation would be on paper only; move the tenant to an active cluster (cluster: "ada-lovelace"), or give that cluster a plugin that enforces them (Calico, Cilium, kube-router, k3s\'s own) and set enforced: true there',
      },
    ]);
    // An organisation being adopted: its import step puts nothing of jardin's in the namespace.
    const importing = loaded("tenants/fede-educpop.ts", {
      id: "fede-educpop", domain: "educpop.example", cluster: "louise-michel",
      adopt: { step: "import", namespace: true, realm: false, admins: [], claims: {}, databases: {} },
    });
    expect(crossTenantProblems(flat, FLEET_FILE, [importing])).toEqual([]);
    expect(crossTenantProblems(flat, FLEET_FILE, [{ ...importing, tenant: { ...importing.tenant, adopt: { ...importing.tenant.adopt!, step: "converge" } } }])).toHaveLength(1);
  });

  it("refuses a new tenant on a retiring cluster, without any base to compare with, naming where it can go", () => {
    const tenant = loaded("tenants/les-semeurs.ts", { cluster: "louise-michel" });
    expect(crossTenantProblems(prodFleet(), FLEET_FILE, [tenant])).toEqual([
      {
        file: "tenants/les-semeurs.ts",
        field: "cluster",
        message:
          '"louise-michel" is retiring and takes no new tenant (stacks/prod.ts clusters.louise-michel.admitted lists those still there); move the tenant to an active cluster (cluster: "ada-lovelace")',
      },
    ]);
    // The same file, once its id is among those the fleet file admits there, passes.
    const fleet = prodFleet();
    fleet.clusters["louise-michel"] = { ...fleet.clusters["louise-michel"]!, admitted: ["les-semeurs"] };
    expect(crossTenantProblems(fleet, FLEET_FILE, [tenant])).toEqual([]);
  });

  it("reports a duplicate id in both files, each naming the other", () => {
    const tenants = [
      loaded("tenants/les-semeurs.ts"),
      loaded("tenants/semeurs-bis.ts", { domain: "semeurs-bis.example" }),
    ];
    expect(crossTenantProblems(prodFleet(), FLEET_FILE, tenants).filter((p) => p.message.includes("also the id"))).toEqual([
      {
        file: "tenants/les-semeurs.ts",
        field: "id",
        message: '"les-semeurs" is also the id of tenants/semeurs-bis.ts; each organisation needs its own id',
      },
      {
        file: "tenants/semeurs-bis.ts",
        field: "id",
        message: '"les-semeurs" is also the id of tenants/les-semeurs.ts; each organisation needs its own id',
      },
    ]);
  });

  it("requires the id to be the file name", () => {
    expect(crossTenantProblems(prodFleet(), FLEET_FILE, [loaded("tenants/semeurs.ts")])).toEqual([
      {
        file: "tenants/semeurs.ts",
        field: "id",
        message: '"les-semeurs" does not match the file name; rename the file to tenants/les-semeurs.ts or set id: "semeurs"',
      },
    ]);
  });

  it("reports a hostname used twice, explicit or derived from a domain", () => {
    const tenants = [
      loaded("tenants/les-semeurs.ts"),
      loaded("tenants/la-ruche.ts", {
        id: "la-ruche",
        domain: "laruche.example",
        apps: { jitsi: { hostname: "visio.semeurs.example" } },
      }),
    ];
    // la-ruche's name is also outside its own domain; test/model/hostname-ownership.test.ts covers that.
    expect(crossTenantProblems(prodFleet(), FLEET_FILE, tenants).filter((p) => p.message.includes("also used"))).toEqual([
      {
        file: "tenants/les-semeurs.ts",
        field: "apps.jitsi.hostname",
        message: '"visio.semeurs.example" is also used by tenants/la-ruche.ts (apps.jitsi.hostname); every app needs a hostname of its own',
      },
      {
        file: "tenants/la-ruche.ts",
        field: "apps.jitsi.hostname",
        message: '"visio.semeurs.example" is also used by tenants/les-semeurs.ts (apps.jitsi.hostname); every app needs a hostname of its own',
      },
    ]);
  });

  it("reports two apps of one tenant on the same hostname", () => {
    const tenant = loaded("tenants/les-semeurs.ts", {
      apps: { hedgedoc: { hostname: "outils.semeurs.example" }, grist: { hostname: "outils.semeurs.example" } },
    });
    expect(crossTenantProblems(prodFleet(), FLEET_FILE, [tenant]).map((p) => p.field)).toEqual([
      "apps.hedgedoc.hostname",
      "apps.grist.hostname",
    ]);
  });

  it("reports an unknown cluster with the known ones and the likely one", () => {
    expect(crossTenantProblems(prodFleet(), FLEET_FILE, [loaded("tenants/les-semeurs.ts", { cluster: "ada-lovelase" })])).toEqual([
      {
        file: "tenants/les-semeurs.ts",
        field: "cluster",
        message: '"ada-lovelase" is not a cluster of stacks/prod.ts (did you mean "ada-lovelace"?); use "ada-lovelace" or "louise-michel"',
      },
    ]);
  });

  it("refuses a dedicated pool on a cluster jardin only adopted", () => {
    const tenant = loaded("tenants/les-semeurs.ts", {
      cluster: "louise-michel",
      plan: { kind: "dedicated", serverType: "cpx42", count: 2 },
    });
    // Admitted there, so that the adoption is what refuses it.
    const fleet = prodFleet();
    fleet.clusters["louise-michel"] = { ...fleet.clusters["louise-michel"]!, admitted: ["les-semeurs"] };
    expect(crossTenantProblems(fleet, FLEET_FILE, [tenant])).toEqual([
      {
        file: "tenants/les-semeurs.ts",
        field: "plan",
        message: '"louise-michel" is adopted, and jardin cannot add machines to it; use plan { kind: "shared" } or a cluster jardin creates',
      },
    ]);
  });

  it("refuses a dedicated pool on a retiring cluster, naming the active ones it can go to", () => {
    const fleet = prodFleet();
    // A created cluster being retired: the baseline compliant fleet changes in one thing.
    fleet.clusters["ada-lovelace"] = { ...fleet.clusters["ada-lovelace"]!, status: "retiring", admitted: ["les-semeurs"] };
    fleet.clusters["grace-hopper"] = { ...fleet.clusters["ada-lovelace"]!, status: "active", admitted: undefined };
    const tenant = loaded("tenants/les-semeurs.ts", { plan: { kind: "dedicated", serverType: "cpx42", count: 2 } });
    expect(crossTenantProblems(fleet, FLEET_FILE, [tenant])).toEqual([
      {
        file: "tenants/les-semeurs.ts",
        field: "plan",
        message:
          '"ada-lovelace" is retiring, and new machines there would be switched off with it; move the tenant to an active cluster (cluster: "grace-hopper") or use plan { kind: "shared" }',
      },
    ]);
    expect(crossTenantProblems(prodFleet(), FLEET_FILE, [tenant])).toEqual([]);
  });

  it("refuses a dedicated pool whose node names would exceed Kubernetes' 63 characters", () => {
    const cluster = "cooperative-du-plateau-du-nord"; // 30 characters, the longest a cluster name can be
    const fleet = prodFleet();
    fleet.clusters[cluster] = fleet.clusters["ada-lovelace"]!;
    const id = "cooperative-des-jardins-unis"; // <cluster>-dedicated-<id>-10 is 72 characters
    const tenant = loaded(`tenants/${id}.ts`, {
      id,
      cluster,
      domain: "jardins-unis.example",
      plan: { kind: "dedicated", serverType: "cpx42", count: 10 },
    });
    expect(crossTenantProblems(fleet, FLEET_FILE, [tenant])).toEqual([
      {
        file: `tenants/${id}.ts`,
        field: "id",
        message: `the dedicated pool's node names ("${cluster}-dedicated-${id}-10") are longer than the 63 characters a Kubernetes node name label allows; shorten the tenant id to 19 characters or fewer`,
      },
    ]);
  });

  it("reports two tenants whose Matrix servers would share a name", () => {
    const tenants = [
      loaded("tenants/les-semeurs.ts", { apps: { matrix: { serverName: "semeurs.example" } } }),
      loaded("tenants/la-ruche.ts", { id: "la-ruche", domain: "laruche.example", apps: { matrix: { serverName: "semeurs.example" } } }),
    ];
    expect(crossTenantProblems(prodFleet(), FLEET_FILE, tenants)).toEqual([
      {
        file: "tenants/les-semeurs.ts",
        field: "apps.matrix.serverName",
        message:
          '"semeurs.example" is also the Matrix server name of tenants/la-ruche.ts; each organisation\'s Matrix server needs a name of its own',
      },
      {
        file: "tenants/la-ruche.ts",
        field: "apps.matrix.serverName",
        message:
          '"semeurs.example" is also the Matrix server name of tenants/les-semeurs.ts; each organisation\'s Matrix server needs a name of its own',
      },
    ]);
  });
});
