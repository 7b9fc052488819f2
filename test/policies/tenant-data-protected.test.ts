import { describe, expect, it } from "vitest";
import { tenantDataProtected } from "../../policies/tenant-data-protected";
import { plannedResource, violationsOf } from "../helpers/policies";

const namespace = (labels: Record<string, string>, protect: boolean) =>
  plannedResource("kubernetes:core/v1:Namespace", { metadata: { name: "les-semeurs", labels } }, protect);

describe("policy tenant-data-protected", () => {
  it("passes a protected tenant namespace", async () => {
    expect(await violationsOf(tenantDataProtected, namespace({ "jardin/tenant": "les-semeurs" }, true))).toEqual([]);
  });

  it("stops a tenant namespace that is not protected", async () => {
    expect(await violationsOf(tenantDataProtected, namespace({ "jardin/tenant": "les-semeurs" }, false))).toEqual([
      'the namespace of tenant "les-semeurs" is not protected; create it with { protect: true, retainOnDelete: true }',
    ]);
  });

  it("leaves namespaces that hold no tenant alone", async () => {
    expect(await violationsOf(tenantDataProtected, namespace({}, false))).toEqual([]);
  });
});
