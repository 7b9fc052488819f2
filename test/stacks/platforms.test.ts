import { join } from "node:path";
import * as hcloud from "@pulumi/hcloud";
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import type { BuiltCluster } from "../../model/contract/cluster";
import { loadDeclarations } from "../../model/registry";
import { POLICIES } from "../../policies/all";
import { loadPackConfig } from "../../policies/config";
import { runUnderMocks } from "../../scripts/plan/mock-runtime";
import { checkPolicies } from "../../scripts/plan/policies";
import { readStackConfig } from "../../scripts/plan/stack-config";
import { FLEETS } from "../../stacks/fleets";
import { buildPlatform } from "../../stacks/platforms";
import { randomProvider } from "../../stacks/providers";
import { fleetZone } from "../../components/hetzner/dns";
import { adoptedCluster, createdCluster, resolved } from "../helpers/clusters";
import { ROOT_DIR } from "../helpers/declarations";

/** The prod fleet and the example tenants, on clusters built by hand as the cluster side hands them over. */
async function planPlatform() {
  const { fleet, tenants } = await loadDeclarations({ rootDir: ROOT_DIR, fleet: FLEETS.prod!, tenantsDir: join(ROOT_DIR, "tenants") });
  const config = readStackConfig(ROOT_DIR, "prod");
  return runUnderMocks({ project: config.project, stack: "prod", config: config.values, secretKeys: config.secretKeys }, async () => {
    const clusters = new Map<string, BuiltCluster>([
      ["ada-lovelace", createdCluster("ada-lovelace", "4711", "203.0.113.80")],
      ["louise-michel", adoptedCluster("louise-michel")],
    ]);
    const cfg = new pulumi.Config();
    const hcloudProvider = new hcloud.Provider("hcloud", { token: cfg.requireSecret("hcloudToken") });
    const built = buildPlatform(fleet, clusters, tenants, cfg, { hcloud: hcloudProvider, random: randomProvider() }, fleetZone(fleet.baseDomain, hcloudProvider));
    return {
      platforms: Object.fromEntries([...built.platforms].map(([name, p]) => [name, { storageClass: p.storageClass, ingressClass: p.ingressClass, clusterIssuer: p.clusterIssuer }])),
      sso: built.services.sso.url,
      recordsToSet: await resolved(pulumi.output(built.recordsToSet)),
    };
  });
}

describe("the platform of the prod fleet", () => {
  it("hands each created cluster's drivers a Hetzner token of their own, never the gardeners' hcloudToken", async () => {
    const { fleet, tenants } = await loadDeclarations({ rootDir: ROOT_DIR, fleet: FLEETS.prod!, tenantsDir: join(ROOT_DIR, "tenants") });
    const config = readStackConfig(ROOT_DIR, "prod");
    // Plain values here, to see which one the Secret gets.
    const values = { ...config.values, "jardin:hcloudToken": "gardeners-token", "jardin:hcloudToken-ada-lovelace": "ada-lovelace-drivers-token" };
    const run = await runUnderMocks({ project: config.project, stack: "prod", config: values }, async () => {
      const clusters = new Map<string, BuiltCluster>([
        ["ada-lovelace", createdCluster("ada-lovelace", "4711", "203.0.113.80")],
        ["louise-michel", adoptedCluster("louise-michel")],
      ]);
      const cfg = new pulumi.Config();
      const hcloudProvider = new hcloud.Provider("hcloud", { token: cfg.require("hcloudToken") });
      buildPlatform(fleet, clusters, tenants, cfg, { hcloud: hcloudProvider, random: randomProvider() }, fleetZone(fleet.baseDomain, hcloudProvider));
    });
    const secrets = run.resources.filter((r) => r.type === "kubernetes:core/v1:Secret" && (r.inputs["metadata"] as { name?: string }).name === "hcloud");
    expect(secrets.map((s) => [s.name, (s.inputs["metadata"] as { namespace: string }).namespace])).toEqual([["ada-lovelace-hcloud-secret", "kube-system"]]);
    expect(JSON.stringify(secrets[0]!.inputs)).not.toContain("gardeners-token");
    expect(secrets[0]!.inputs["stringData"]).toBe("[secret]");
    expect(run.resources.filter((r) => JSON.stringify(r.inputs).includes("gardeners-token"))).toEqual([]);
  });

  it("gives every cluster its platform, in the shape tenants receive", async () => {
    const run = await planPlatform();
    expect(run.result.platforms).toEqual({
      "louise-michel": { storageClass: "longhorn-retain", ingressClass: "nginx", clusterIssuer: "letsencrypt" },
      "ada-lovelace": { storageClass: "hcloud-volumes-retain", ingressClass: "traefik", clusterIssuer: "letsencrypt" },
    });
    expect(run.resources.filter((r) => r.type === "jardin:platform:Platform").map((r) => r.name)).toEqual(["ada-lovelace", "louise-michel"]);
  });

  it("runs the fleet's Keycloak on the cluster the fleet file names, at sso.<baseDomain>", async () => {
    const run = await planPlatform();
    expect(run.result.sso).toBe("https://sso.jardin.example");
    const ingress = run.resources.find((r) => r.urn.endsWith("kubernetes:networking.k8s.io/v1:Ingress::sso-ingress"));
    expect(ingress?.provider).toBe("urn:pulumi:prod::jardin::pulumi:providers:kubernetes::ada-lovelace-k8s");
  });

  it("points sso. and the names under the base domain at their cluster's ingress, IPv6 too where the ingress has it", async () => {
    const run = await planPlatform();
    const records = run.resources.filter((r) => r.type === "hcloud:index/zoneRrset:ZoneRrset").map((r) => [r.inputs.name, r.inputs.type, r.inputs.records]);
    // amap-du-plateau is on louise-michel, adopted, whose ingress declares no IPv6 address.
    expect(records).toEqual([
      ["cloud.amap-du-plateau", "A", [{ value: "198.51.100.20" }]],
      ["cloud.cafe-des-possibles", "A", [{ value: "198.51.100.20" }]],
      ["sso", "A", [{ value: "203.0.113.80" }]],
      ["sso", "AAAA", [{ value: "2001:db8::80" }]],
    ]);
  });

  it("lists the records each organisation with its own domain must set, at its cluster's ingress", async () => {
    const run = await planPlatform();
    const a = (name: string, value: string) => ({ name, type: "A", value });
    // ada-lovelace's ingress load balancer has an IPv6 address as well.
    const both = (name: string) => [a(name, "203.0.113.80"), { name, type: "AAAA", value: "2001:db8::80" }];
    expect(run.result.recordsToSet).toEqual({
      "fede-educpop": [
        a("nuage.educpop.example", "198.51.100.20"),
        a("office.educpop.example", "198.51.100.20"),
        a("visio.educpop.example", "198.51.100.20"),
        a("matrix.educpop.example", "198.51.100.20"),
        a("chat.educpop.example", "198.51.100.20"),
        a("agenda.educpop.example", "198.51.100.20"),
        a("pad.educpop.example", "198.51.100.20"),
        a("grist.educpop.example", "198.51.100.20"),
      ],
      "la-fourmiliere": ["cloud", "office", "visio", "matrix", "chat", "events"].flatMap((h) => both(`${h}.lafourmiliere.example`)),
      "sante-solidaire": ["cloud", "office", "visio", "pad", "grist"].flatMap((h) => both(`${h}.sante-solidaire.example`)),
    });
  });

  it("reaches Hetzner and generates passwords through explicit providers, as prod disables the default ones", async () => {
    const run = await planPlatform();
    const custom = run.resources.filter((r) => !r.type.startsWith("jardin:") && !r.type.startsWith("pulumi:providers:"));
    // Only the readiness gate: dynamic resources run on the default provider of pulumi-nodejs,
    // which Pulumi.prod.yaml leaves on (test/stacks/entry.test.ts).
    expect(custom.filter((r) => r.provider === null).map((r) => r.type)).toEqual(["pulumi-nodejs:dynamic/jardin:HttpsReady"]);
    expect(run.resources.find((r) => r.type === "pulumi:providers:hcloud")?.inputs).toMatchObject({ token: "[secret]" });
  });

  it("passes the policy pack: pinned, hardened, protected, TLS on every ingress, in the EU", async () => {
    const run = await planPlatform();
    const violations = await checkPolicies({ stack: "prod", resources: run.resources }, POLICIES, loadPackConfig());
    expect(violations).toEqual([]);
  });
});
