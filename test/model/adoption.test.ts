import { describe, expect, it } from "vitest";
import { APP_CLAIMS, APPS_WITH_DATABASE } from "../../model/adoption";
import { adoptionRuleProblems, clusterProblems } from "../../model/tenant-rules";
import { tenantSchema, type TenantInput } from "../../model/tenant";
import { baselineTenant, prodFleet } from "../helpers/declarations";
import { tenantResources } from "../helpers/tenant";

const adopted = (overrides: Partial<TenantInput>, adopt: Record<string, unknown>) =>
  tenantSchema.parse(
    baselineTenant({
      cluster: "louise-michel",
      apps: { nextcloud: { storageGiB: 50 }, matrix: { serverName: "semeurs.example" } },
      ...overrides,
      adopt: { step: "import", namespace: true, realm: true, ...adopt } as TenantInput["adopt"],
    }),
  );
const problems = (tenant: ReturnType<typeof adopted>) => adoptionRuleProblems(prodFleet(), [{ file: "tenants/les-semeurs.ts", tenant }]);

describe("an adoption declaration", () => {
  it("passes when it names the claims and databases the tenant's apps keep, at their sizes", () => {
    const tenant = adopted({}, {
      admins: ["admin@semeurs.example"],
      claims: { "nextcloud-files": { name: "nextcloud-data", sizeGiB: 50, storageClass: "longhorn-retain" } },
      databases: { matrix: { cluster: "synapse-pg", database: "app" } },
    });
    expect(problems(tenant)).toEqual([]);
  });

  it("names the file, the field and the fix for each mistake, all at once", () => {
    const tenant = adopted({}, {
      realm: false,
      admins: ["admin@semeurs.example"],
      claims: {
        "nextcloud-files": { name: "nextcloud-data", sizeGiB: 40, storageClass: "longhorn-retain" },
        "grist-documents": { name: "grist", sizeGiB: 10, storageClass: "longhorn-retain" },
      },
      databases: { jitsi: { cluster: "prosody-pg" } },
    });
    expect(problems(tenant)).toEqual([
      {
        file: "tenants/les-semeurs.ts",
        field: "adopt.admins.0",
        message: `"admin@semeurs.example" cannot have an account in a realm jardin creates; set adopt.realm to true if the realm exists, or remove it here`,
      },
      {
        file: "tenants/les-semeurs.ts",
        field: "adopt.claims.nextcloud-files.sizeGiB",
        message:
          "the claim is 40 GiB but apps.nextcloud.storageGiB says 50: an adopted claim is imported as it is; set apps.nextcloud.storageGiB to 40, and grow it in a later pull request once imported",
      },
      {
        file: "tenants/les-semeurs.ts",
        field: "adopt.claims.grist-documents",
        message: 'no app of this tenant keeps a claim "grist-documents"; its apps\' claims are nextcloud-files, matrix-media',
      },
      {
        file: "tenants/les-semeurs.ts",
        field: "adopt.databases.jitsi",
        message: 'no app "jitsi" of this tenant keeps a database; those that do are nextcloud, matrix',
      },
    ]);
  });

  it("makes an organisation that already runs on a retiring cluster one it still hosts, though not listed in admitted", () => {
    const loaded = (tenant: ReturnType<typeof adopted>) => [{ file: "tenants/les-semeurs.ts", tenant }];
    expect(clusterProblems(prodFleet(), "stacks/prod.ts", loaded(adopted({}, {})))).toEqual([]);
    const notAdopted = { ...adopted({}, {}), adopt: undefined };
    expect(clusterProblems(prodFleet(), "stacks/prod.ts", loaded(notAdopted)).map((p) => p.field)).toEqual(["cluster"]);
  });

  it("is refused on a cluster jardin creates: nothing ran there before it", () => {
    expect(problems(adopted({ cluster: "ada-lovelace" }, {}))).toEqual([
      {
        file: "tenants/les-semeurs.ts",
        field: "adopt",
        message: '"ada-lovelace" is a cluster jardin creates: nothing ran there before it; remove adopt, or set cluster to the adopted cluster the organisation runs on',
      },
    ]);
  });

  it("knows every claim and database the apps really declare (APP_CLAIMS, APPS_WITH_DATABASE)", async () => {
    const every = { nextcloud: {}, matrix: { serverName: "semeurs.example" }, mobilizon: {}, hedgedoc: {}, grist: {}, jitsi: {} };
    const resources = await tenantResources({ apps: every as TenantInput["apps"] });
    const claims = resources.filter((r) => r.type === "kubernetes:core/v1:PersistentVolumeClaim").map((r) => (r.inputs as any).metadata.name).sort();
    const declared = Object.entries(APP_CLAIMS).flatMap(([app, keys]) => Object.keys(keys ?? {}).map((key) => `${app}-${key}`)).sort();
    expect(claims).toEqual(declared);
    const databases = resources.filter((r) => r.type === "kubernetes:postgresql.cnpg.io/v1:Cluster").map((r) => (r.inputs as any).metadata.name).sort();
    expect(databases).toEqual(APPS_WITH_DATABASE.map((app) => `${app}-db`).sort());
  });
});
