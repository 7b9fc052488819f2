import { describe, expect, it } from "vitest";
import { APP_TYPES } from "../../../components/tenant/adoption";
import type { TenantInput } from "../../../model/tenant";
import type { SnapshotResource } from "../../../scripts/plan/snapshot";
import { tenantResources } from "../../helpers/tenant";

const APPS = { nextcloud: { storageGiB: 50 }, matrix: { serverName: "semeurs.example" } } as TenantInput["apps"];
const adopt = (step: "import" | "converge"): TenantInput["adopt"] => ({
  step,
  namespace: true,
  realm: true,
  admins: ["admin@semeurs.example"],
  claims: { "nextcloud-files": { name: "nextcloud-data", sizeGiB: 50, storageClass: "longhorn-retain" } },
  databases: { matrix: { cluster: "synapse-pg", database: "app" } },
});
const summary = (resources: readonly SnapshotResource[]) =>
  resources.filter((r) => r.import !== undefined || r.ignoreChanges !== undefined).map((r) => [r.name, r.import, r.ignoreChanges]);

describe("adopting what already runs", () => {
  it("on the import step, takes only what holds data, as it is, under the URNs jardin's apps will use", async () => {
    const resources = await tenantResources({ apps: APPS, adopt: adopt("import") });
    expect(resources.map((r) => r.urn)).toEqual([
      "urn:pulumi:prod::jardin::jardin:tenant:Tenant$jardin:apps:Matrix$kubernetes:postgresql.cnpg.io/v1:Cluster::les-semeurs-matrix-db",
      "urn:pulumi:prod::jardin::jardin:tenant:Tenant$jardin:apps:Matrix::les-semeurs-matrix",
      "urn:pulumi:prod::jardin::jardin:tenant:Tenant$jardin:apps:Nextcloud$kubernetes:core/v1:PersistentVolumeClaim::les-semeurs-nextcloud-files",
      "urn:pulumi:prod::jardin::jardin:tenant:Tenant$jardin:apps:Nextcloud::les-semeurs-nextcloud",
      "urn:pulumi:prod::jardin::jardin:tenant:Tenant$keycloak:index/realm:Realm::les-semeurs-realm",
      "urn:pulumi:prod::jardin::jardin:tenant:Tenant$kubernetes:core/v1:Namespace::les-semeurs-namespace",
      // Not data and nothing in the namespace: the realm's relay account is generated now, and
      // reaches the namespace's Secret at the converge step.
      "urn:pulumi:prod::jardin::jardin:tenant:Tenant$random:index/randomPassword:RandomPassword::les-semeurs-mail-password",
      "urn:pulumi:prod::jardin::jardin:tenant:Tenant::les-semeurs",
    ]);
    expect(summary(resources)).toEqual([
      ["les-semeurs-matrix-db", "les-semeurs/synapse-pg", ["metadata", "spec"]],
      ["les-semeurs-nextcloud-files", "les-semeurs/nextcloud-data", ["metadata", "spec"]],
      ["les-semeurs-realm", "les-semeurs", expect.arrayContaining(["realm", "smtpServer", "securityDefenses"])],
      ["les-semeurs-namespace", "les-semeurs", ["metadata", "spec"]],
    ]);
    // Protected from the first moment they are in the stack.
    expect(resources.filter((r) => r.import !== undefined).every((r) => r.protect && r.retainOnDelete)).toBe(true);
    const claim = resources.find((r) => r.name === "les-semeurs-nextcloud-files")!.inputs as any;
    expect([claim.metadata.name, claim.spec.storageClassName, claim.spec.resources.requests.storage]).toEqual(["nextcloud-data", "longhorn-retain", "50Gi"]);
  });

  it("on the converge step, runs the whole bundle on the adopted objects, their ids kept, jardin's inputs applied", async () => {
    const imported = await tenantResources({ apps: APPS, adopt: adopt("import") });
    const resources = await tenantResources({ apps: APPS, adopt: adopt("converge") });
    expect(summary(resources)).toEqual([
      ["les-semeurs-matrix-db", "les-semeurs/synapse-pg", undefined],
      ["les-semeurs-nextcloud-files", "les-semeurs/nextcloud-data", undefined],
      ["les-semeurs-realm", "les-semeurs", undefined],
      ["les-semeurs-admin-admin@semeurs.example", "les-semeurs/admin", ["requiredActions"]],
      ["les-semeurs-namespace", "les-semeurs", undefined],
    ]);
    // Every object imported on the first step is the same resource on the second.
    const urns = new Set(resources.map((r) => r.urn));
    expect(imported.filter((r) => !urns.has(r.urn)).map((r) => r.urn)).toEqual([]);
    const db = resources.find((r) => r.name === "les-semeurs-matrix-db")!.inputs as any;
    expect([db.metadata.name, db.spec.bootstrap.initdb.database]).toEqual(["synapse-pg", "app"]);
    const synapse = JSON.stringify(resources.filter((r) => r.type === "kubernetes:apps/v1:Deployment" && r.name.includes("matrix")).map((r) => r.inputs));
    expect(synapse).toContain(`"name":"synapse-pg-app"`);
  });

  it("gives the placeholder components of the import step the apps' own types", async () => {
    const every = { nextcloud: {}, matrix: { serverName: "semeurs.example" }, mobilizon: {}, hedgedoc: {}, grist: {}, jitsi: {} } as TenantInput["apps"];
    const components = (await tenantResources({ apps: every })).filter((r) => r.type.startsWith("jardin:apps:"));
    expect(Object.fromEntries(components.map((r) => [r.name.replace("les-semeurs-", ""), r.type]))).toEqual(APP_TYPES);
  });
});
