import { describe, expect, it } from "vitest";
import { loadPackConfig } from "../../policies/config";
import { secretsPerTenant } from "../../policies/secrets-per-tenant";
import type { SnapshotResource } from "../../scripts/plan/snapshot";
import { plannedResource, stackViolationsOf } from "../helpers/policies";
import { prodPlan } from "../helpers/plan";
import { CLUSTER } from "../helpers/workloads";

const namespace = (name: string, tenant = name) =>
  plannedResource("kubernetes:core/v1:Namespace", { metadata: { name, labels: { "jardin/tenant": tenant } } }, { name: `${name}-ns`, provider: CLUSTER });
const password = (name: string) => plannedResource("random:index/randomPassword:RandomPassword", { length: 32 }, { name });
const secret = (namespaceName: string, stringData: unknown, sources: readonly SnapshotResource[] = []): SnapshotResource => ({
  ...plannedResource("kubernetes:core/v1:Secret", { metadata: { name: "app", namespace: namespaceName }, stringData }, { name: `${namespaceName}-app`, provider: CLUSTER }),
  dependencies: [`urn:pulumi:prod::jardin::kubernetes:core/v1:Namespace::${namespaceName}-ns`, ...sources.map((s) => s.urn)],
});
const config = loadPackConfig();
const check = (...resources: SnapshotResource[]) =>
  stackViolationsOf(secretsPerTenant, [namespace("plot-a"), namespace("plot-b"), namespace("plot-a-office", "plot-a"), ...resources], config);

describe("policy secrets-per-tenant", () => {
  it("passes each tenant's own generated values, and one tenant's value in its own two namespaces", async () => {
    const a = password("a-password");
    const b = password("b-password");
    expect(await check(a, b, secret("plot-a", "[unknown]", [a]), secret("plot-b", "[unknown]", [b]), secret("plot-a-office", "[unknown]", [a]))).toEqual([]);
  });

  it("stops a generated value made into two tenants' Secrets, before it exists", async () => {
    const shared = password("shared-password");
    expect(await check(shared, secret("plot-a", "[unknown]", [shared]), secret("plot-b", "[unknown]", [shared]))).toEqual([
      'Secret plot-b/app of tenant "plot-b" is made from random:index/randomPassword:RandomPassword shared-password, as Secret plot-a/app of tenant "plot-a" is: one tenant\'s value would open the other\'s; generate one per tenant',
    ]);
  });

  it("stops the same credential in two tenants' Secrets, as the engine shows config values, but for the keys named shared with a reason", async () => {
    const relay = "Zq3kP9sLmW2xRt7vYb4n";
    expect(await check(secret("plot-a", { "smtp-password": relay }), secret("plot-b", { "smtp-password": relay }))).toEqual([
      'Secret plot-b/app of tenant "plot-b" holds under "smtp-password" the same value as Secret plot-a/app of tenant "plot-a": one tenant\'s value would open the other\'s; give each tenant its own (or, for a key that cannot be per tenant, name it in sharedKeys with the reason)',
    ]);
    // The fleet's object-storage key is named in policies/config.json, with its reason.
    expect(await check(secret("plot-a", { "access-key-id": relay }), secret("plot-b", { "access-key-id": relay }))).toEqual([]);
    // Names and numbers are not credentials; a value the plan cannot see is judged by its source.
    expect(await check(secret("plot-a", { host: "smtp.jardin.example", port: "587" }), secret("plot-b", { host: "smtp.jardin.example", port: "587" }))).toEqual([]);
  });

  it("passes the prod plan, whose tenants' Secrets are made from sources of their own", async () => {
    const { snapshot } = prodPlan();
    expect(await stackViolationsOf(secretsPerTenant, snapshot.resources, config)).toEqual([]);
    // And it sees them: every tenant's mail account password is a source of its Secrets.
    const sources = snapshot.resources.filter((r) => r.type === "kubernetes:core/v1:Secret").flatMap((r) => r.dependencies).filter((u) => u.endsWith("-mail-password"));
    expect(new Set(sources).size).toBeGreaterThanOrEqual(4);
  });
});
