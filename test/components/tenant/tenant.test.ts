import * as k8s from "@pulumi/kubernetes";
import { describe, expect, it } from "vitest";
import { LIFECYCLE_QUOTA_NAME, Tenant } from "../../../components/tenant/tenant";
import { tenantSchema, type TenantInput } from "../../../model/tenant";
import { runUnderMocks } from "../../../scripts/plan/mock-runtime";
import { TEST_PLATFORM } from "../../helpers/app-scope";
import { baselineTenant } from "../../helpers/declarations";
import { testServices } from "../../helpers/tenant-context";

const PROVIDER_URN = "urn:pulumi:prod::jardin::pulumi:providers:kubernetes::test-cluster";

/** The resources a Tenant registers for one tenant file, with a stand-in cluster provider. */
async function tenantResources(overrides: Partial<TenantInput> = {}) {
  const tenant = tenantSchema.parse(baselineTenant(overrides));
  const run = await runUnderMocks({ project: "jardin", stack: "prod" }, async () => {
    const provider = new k8s.Provider("test-cluster", { kubeconfig: "{}" });
    new Tenant(tenant.id, { tenant, provider, platform: TEST_PLATFORM, services: testServices() });
  });
  return run.resources.filter((r) => !r.type.startsWith("pulumi:providers:"));
}

describe("Tenant", () => {
  it("registers as jardin:tenant:Tenant with its namespace as a protected, retained child", async () => {
    const resources = await tenantResources();
    const namespace = resources.find((r) => r.type === "kubernetes:core/v1:Namespace");
    expect([namespace?.name, namespace?.parent, namespace?.provider, namespace?.protect, namespace?.retainOnDelete]).toEqual([
      "les-semeurs-namespace",
      "urn:pulumi:prod::jardin::jardin:tenant:Tenant::les-semeurs",
      PROVIDER_URN,
      true,
      true,
    ]);
    const tenant = resources.find((r) => r.type === "jardin:tenant:Tenant");
    expect([tenant?.name, tenant?.parent]).toEqual(["les-semeurs", null]);
  });

  it("labels a dedicated tenant's namespace with its plan", async () => {
    const namespace = (await tenantResources({ plan: { kind: "dedicated", serverType: "cpx42", count: 2 } })).find((r) => r.type === "kubernetes:core/v1:Namespace");
    expect((namespace?.inputs["metadata"] as { labels: Record<string, string> }).labels["jardin/plan"]).toBe("dedicated");
  });

  it.each([
    ["a suspended", "suspended"],
    ["an archived", "archived"],
  ] as const)("keeps the namespace of %s tenant and stops every pod with a quota", async (_case, state) => {
    const resources = await tenantResources({ state });
    const namespace = resources.find((r) => r.type === "kubernetes:core/v1:Namespace");
    expect(namespace?.protect).toBe(true);
    expect((namespace?.inputs["metadata"] as { labels: Record<string, string> }).labels["jardin/lifecycle"]).toBe(state);
    const quota = resources.find((r) => r.type === "kubernetes:core/v1:ResourceQuota");
    expect(quota).toMatchObject({
      name: "les-semeurs-lifecycle",
      parent: "urn:pulumi:prod::jardin::jardin:tenant:Tenant::les-semeurs",
      provider: PROVIDER_URN,
      protect: false,
    });
    expect(quota?.inputs).toEqual({
      apiVersion: "v1",
      kind: "ResourceQuota",
      metadata: {
        name: LIFECYCLE_QUOTA_NAME,
        namespace: "les-semeurs",
        labels: {
          "app.kubernetes.io/instance": "les-semeurs",
          "app.kubernetes.io/part-of": "jardin",
          "app.kubernetes.io/managed-by": "pulumi",
          "jardin/tenant": "les-semeurs",
          "jardin/cluster": "ada-lovelace",
          "jardin/lifecycle": state,
          "jardin/plan": "shared",
        },
      },
      spec: {
        hard: { pods: "0" },
        // Data exports still run: the organisation can take its data in every state.
        scopeSelector: { matchExpressions: [{ scopeName: "PriorityClass", operator: "NotIn", values: ["jardin-export"] }] },
      },
    });
  });

  it("adds no quota to an active tenant", async () => {
    expect((await tenantResources({ state: "active" })).map((r) => r.type)).not.toContain("kubernetes:core/v1:ResourceQuota");
  });
});
