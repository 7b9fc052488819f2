import { describe, expect, it } from "vitest";
import { namespaceDefaultDeny } from "../../policies/namespace-default-deny";
import { plannedResource, stackViolationsOf } from "../helpers/policies";
import { CLUSTER } from "../helpers/workloads";

const OTHER_CLUSTER = "urn:pulumi:prod::jardin::pulumi:providers:kubernetes::louise-michel-k8s";
const deny = (namespace: string, provider = CLUSTER) =>
  plannedResource("kubernetes:networking.k8s.io/v1:NetworkPolicy", { metadata: { name: "default-deny", namespace }, spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] } }, { name: `${namespace}-deny`, provider });
const namespace = (name: string, labels: Record<string, string> = {}) =>
  plannedResource("kubernetes:core/v1:Namespace", { metadata: { name, labels } }, { name: `${name}-namespace`, provider: CLUSTER });
const release = (name: string, ns: string) => plannedResource("kubernetes:helm.sh/v3:Release", { name, namespace: ns }, { name, provider: CLUSTER });
const deployment = (name: string, ns: string) => plannedResource("kubernetes:apps/v1:Deployment", { metadata: { name, namespace: ns } }, { name, provider: CLUSTER });
const message = (ns: string) =>
  `the namespace "${ns}" has no default-deny NetworkPolicy; add one (podSelector: {}, policyTypes: [Ingress, Egress], no rules) and allow each of its pods' traffic in a policy of its own (components/platform/network-policies.ts namespacePolicies)`;

describe("policy namespace-default-deny", () => {
  it("passes namespaces the stack creates or deploys into when each denies by default", async () => {
    const resources = [namespace("traefik"), deny("traefik"), release("hcloud-csi", "kube-system"), deny("kube-system"), deployment("controller", "system-upgrade"), deny("system-upgrade")];
    expect(await stackViolationsOf(namespaceDefaultDeny, resources)).toEqual([]);
  });

  it.each([
    ["a namespace it creates", [namespace("traefik")], "traefik"],
    ["a namespace a Helm release installs into", [release("hcloud-csi", "kube-system")], "kube-system"],
    ["a namespace it only puts objects in", [deployment("controller", "system-upgrade")], "system-upgrade"],
  ])("stops %s without one", async (_case, resources, ns) => {
    expect(await stackViolationsOf(namespaceDefaultDeny, resources)).toEqual([message(ns)]);
  });

  it("does not take a narrower policy, nor one on another cluster, for a default deny", async () => {
    const narrow = plannedResource("kubernetes:networking.k8s.io/v1:NetworkPolicy", { metadata: { name: "web", namespace: "traefik" }, spec: { podSelector: { matchLabels: { a: "b" } }, policyTypes: ["Ingress", "Egress"] } }, { name: "narrow", provider: CLUSTER });
    expect(await stackViolationsOf(namespaceDefaultDeny, [namespace("traefik"), narrow, deny("traefik", OTHER_CLUSTER)])).toEqual([message("traefik")]);
  });

  it("leaves tenants' namespaces to tenant-isolation", async () => {
    expect(await stackViolationsOf(namespaceDefaultDeny, [namespace("les-semeurs", { "jardin/tenant": "les-semeurs" }), deployment("web", "les-semeurs")])).toEqual([]);
  });
});
