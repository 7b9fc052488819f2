import { describe, expect, it } from "vitest";
import { tenantIsolation } from "../../policies/tenant-isolation";
import type { SnapshotResource } from "../../scripts/plan/snapshot";
import { plannedResource, stackViolationsOf } from "../helpers/policies";
import { CLUSTER } from "../helpers/workloads";

const OTHER_CLUSTER = "urn:pulumi:prod::jardin::pulumi:providers:kubernetes::louise-michel-k8s";
const restricted = { "pod-security.kubernetes.io/enforce": "restricted" };
const inTenant = (type: string, name: string, spec: Record<string, unknown> = {}, provider = CLUSTER) =>
  plannedResource(type, { metadata: { name, namespace: "les-semeurs" }, spec }, { name, provider });
const defaultDeny = { podSelector: {}, policyTypes: ["Ingress", "Egress"] };

function isolatedTenant(labels: Record<string, string> = restricted): SnapshotResource[] {
  return [
    plannedResource("kubernetes:core/v1:Namespace", { metadata: { name: "les-semeurs", labels: { "jardin/tenant": "les-semeurs", ...labels } } }, { name: "les-semeurs-namespace", provider: CLUSTER, protect: true }),
    inTenant("kubernetes:networking.k8s.io/v1:NetworkPolicy", "default-deny", defaultDeny),
    inTenant("kubernetes:core/v1:ResourceQuota", "quota", { hard: { "requests.cpu": "4" } }),
    inTenant("kubernetes:core/v1:LimitRange", "limits", { limits: [{ type: "Container", default: { memory: "512Mi" } }] }),
  ];
}
const without = (name: string) => isolatedTenant().filter((r) => r.name !== name);
const missing = (what: string, fix: string) => `the namespace "les-semeurs" of tenant "les-semeurs" has no ${what}; ${fix}`;

describe("policy tenant-isolation", () => {
  it("passes a tenant namespace with default deny, quota, limits and the restricted label", async () => {
    expect(await stackViolationsOf(tenantIsolation, isolatedTenant())).toEqual([]);
  });

  it("stops a namespace without a default-deny NetworkPolicy", async () => {
    expect(await stackViolationsOf(tenantIsolation, without("default-deny"))).toEqual([
      missing("default-deny NetworkPolicy", "add one with podSelector: {}, policyTypes: [Ingress, Egress] and no rules, then allow each app's traffic in its own policy"),
    ]);
  });

  it.each([
    ["selects some pods only", { ...defaultDeny, podSelector: { matchLabels: { app: "x" } } }],
    ["leaves egress open", { ...defaultDeny, policyTypes: ["Ingress"] }],
    ["allows something", { ...defaultDeny, ingress: [{ from: [{ podSelector: {} }] }] }],
  ])("does not take a NetworkPolicy that %s for a default deny", async (_case, spec) => {
    const resources = [...without("default-deny"), inTenant("kubernetes:networking.k8s.io/v1:NetworkPolicy", "default-deny", spec)];
    expect(await stackViolationsOf(tenantIsolation, resources)).toHaveLength(1);
  });

  it("stops a namespace without a ResourceQuota", async () => {
    expect(await stackViolationsOf(tenantIsolation, without("quota"))).toEqual([missing("ResourceQuota", "add one capping its cpu, memory, storage and pods to its plan")]);
  });

  it("stops a namespace without a LimitRange", async () => {
    expect(await stackViolationsOf(tenantIsolation, without("limits"))).toEqual([missing("LimitRange", "add one giving containers default requests and limits")]);
  });

  it("stops a namespace not enforcing the restricted profile", async () => {
    expect(await stackViolationsOf(tenantIsolation, isolatedTenant({ "pod-security.kubernetes.io/enforce": "baseline" }))).toEqual([
      'the namespace "les-semeurs" of tenant "les-semeurs" has pod-security.kubernetes.io/enforce: baseline; label it restricted (an app that needs less gets a namespace of its own, named and justified)',
    ]);
  });

  it("accepts baseline only for the namespaces the config names, with their reason", async () => {
    const baseline = isolatedTenant({ "pod-security.kubernetes.io/enforce": "baseline" });
    const config = (namespace: string) => ({ "tenant-isolation": { baselineNamespaces: [{ namespace, reason: "the office image runs as root" }] } });
    expect(await stackViolationsOf(tenantIsolation, baseline, config("les-*"))).toEqual([]);
    expect(await stackViolationsOf(tenantIsolation, baseline, config("*-office"))).toHaveLength(1);
    // Listed or not, privileged is never accepted.
    expect(await stackViolationsOf(tenantIsolation, isolatedTenant({ "pod-security.kubernetes.io/enforce": "privileged" }), config("les-*"))).toHaveLength(1);
    await expect(stackViolationsOf(tenantIsolation, baseline, { "tenant-isolation": { baselineNamespaces: [{ namespace: "x" }] } })).rejects.toThrow(
      "the policy pack's config is invalid: tenant-isolation.baselineNamespaces.0.reason: Invalid input: expected string, received undefined",
    );
  });

  it("does not count objects of a namespace with the same name on another cluster", async () => {
    const resources = [...without("quota"), inTenant("kubernetes:core/v1:ResourceQuota", "quota", {}, OTHER_CLUSTER)];
    expect(await stackViolationsOf(tenantIsolation, resources)).toEqual([missing("ResourceQuota", "add one capping its cpu, memory, storage and pods to its plan")]);
  });

  it("waits for an adoption's converge step: on the import step the hand-deployed app still runs there", async () => {
    const importing = isolatedTenant({ ...restricted, "jardin/adoption": "import" }).filter((r) => r.type === "kubernetes:core/v1:Namespace");
    expect(await stackViolationsOf(tenantIsolation, importing)).toEqual([]);
    const converging = isolatedTenant({ ...restricted, "jardin/adoption": "converge" }).filter((r) => r.type === "kubernetes:core/v1:Namespace");
    expect((await stackViolationsOf(tenantIsolation, converging)).length).toBe(3);
  });

  it("leaves namespaces that hold no tenant alone", async () => {
    expect(await stackViolationsOf(tenantIsolation, [plannedResource("kubernetes:core/v1:Namespace", { metadata: { name: "cert-manager" } })])).toEqual([]);
  });
});
