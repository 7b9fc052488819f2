import { describe, expect, it } from "vitest";
import { fleetSchema } from "../../model/fleet";
import { reservedNamespaceProblems } from "../../model/reserved-namespaces";
import { RESERVED_TENANT_IDS, tenantSchema } from "../../model/tenant";
import prod from "../../stacks/prod";
import { baselineTenant } from "../helpers/declarations";
import { prodPlan } from "../helpers/gate";

const fleet = fleetSchema.parse(prod);
const loaded = (id: string) => ({ file: `tenants/${id}.ts`, tenant: tenantSchema.parse(baselineTenant({ id, domain: `${id}.example`, sso: { admins: [`a@${id}.example`] } })) });

describe("tenant ids and the namespaces others already own", () => {
  it("refuses an id that is another tenant's derived namespace, or one an adopted cluster uses", () => {
    expect(reservedNamespaceProblems(fleet, "stacks/prod.ts", [loaded("les-semeurs"), loaded("les-semeurs-office"), loaded("ingress-nginx")])).toEqual([
      { file: "tenants/les-semeurs-office.ts", field: "id", message: '"les-semeurs-office" is also the namespace tenants/les-semeurs.ts derives for its own apps; a tenant\'s namespace is its id: pick another id' },
      {
        file: "tenants/ingress-nginx.ts",
        field: "id",
        message: "\"ingress-nginx\" is also a namespace an adopted cluster already uses (stacks/prod.ts: clusters.louise-michel.origin.existing.ingress.namespace); a tenant's namespace is its id: pick another id",
      },
    ]);
  });

  it("lets an id that only looks like one through", () => {
    expect(reservedNamespaceProblems(fleet, "stacks/prod.ts", [loaded("les-semeurs"), loaded("bureau-office"), loaded("traefik-amap")])).toEqual([]);
  });

  it("the tenant schema reserves every namespace the platform creates in the plan", async () => {
    const { snapshot } = await prodPlan();
    const platform = snapshot.resources
      .filter((r) => r.type === "kubernetes:core/v1:Namespace" && (r.inputs["metadata"] as { labels?: Record<string, string> }).labels?.["jardin/component"] === "platform")
      .map((r) => (r.inputs["metadata"] as { name: string }).name);
    expect(platform.length).toBeGreaterThan(3);
    expect(platform.filter((ns) => !RESERVED_TENANT_IDS.includes(ns))).toEqual([]);
  });
});
