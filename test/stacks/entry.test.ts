import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { kubeconfigConfigKey } from "../../model/fleet";
import prod from "../../stacks/prod";
import { ROOT_DIR } from "../helpers/declarations";

describe("the Pulumi entry", () => {
  it("loads and builds the stack as the Pulumi CLI runs it: from main's folder, ts-node with type checks", () => {
    const run = spawnSync(process.execPath, [join(__dirname, "../helpers/load-entry-like-pulumi.cjs"), ROOT_DIR], { encoding: "utf8" });
    expect(run.stderr).toBe("");
    const result = JSON.parse(run.stdout) as { types: string[] };
    // The components of the whole program: clusters, platforms, the fleet's services, tenants and their apps.
    expect(result.types.filter((t) => t.startsWith("jardin:"))).toEqual([
      ...Array(2).fill("jardin:apps:Grist"),
      ...Array(2).fill("jardin:apps:HedgeDoc"),
      ...Array(3).fill("jardin:apps:Jitsi"),
      ...Array(2).fill("jardin:apps:Matrix"),
      ...Array(2).fill("jardin:apps:Mobilizon"),
      ...Array(5).fill("jardin:apps:Nextcloud"),
      "jardin:cluster:AdoptedCluster",
      "jardin:cluster:K3sCluster",
      ...Array(2).fill("jardin:hetzner:LoadBalancer"),
      ...Array(6).fill("jardin:hetzner:NodePool"),
      "jardin:platform:FleetDns",
      "jardin:platform:FleetKeycloak",
      ...Array(2).fill("jardin:platform:Platform"),
      ...Array(2).fill("jardin:tenant:MaintenancePage"),
      ...Array(5).fill("jardin:tenant:Tenant"),
    ]);
    expect(result.types.filter((t) => t === "keycloak:index/realm:Realm")).toHaveLength(5);
    expect(result.types.filter((t) => t === "hcloud:index/server:Server")).toHaveLength(10);
    // The readiness gates' provider code is serialized from ts-node's output too, as Pulumi does.
    expect(result.types.filter((t) => t === "pulumi-nodejs:dynamic/jardin:HttpsReady")).toHaveLength(2);
    // prod turns off the default provider of every package the program uses but the dynamic one.
    const packages = new Set(result.types.filter((t) => !t.startsWith("jardin:")).map((t) => (t.startsWith("pulumi:providers:") ? t.split(":")[2]! : t.split(":")[0]!)));
    const stack = parse(readFileSync(join(ROOT_DIR, "Pulumi.prod.yaml"), "utf8"));
    expect(stack.config["pulumi:disable-default-providers"]).toEqual([...packages].filter((p) => p !== "pulumi-nodejs").sort());
    expect(result).toEqual({
      cwd: "stacks",
      types: result.types,
      clusters: {
        "louise-michel": { origin: "adopted", status: "retiring" },
        "ada-lovelace": { origin: "created", status: "active" },
      },
      tenants: ["amap-du-plateau", "cafe-des-possibles", "fede-educpop", "la-fourmiliere", "sante-solidaire"],
    });
    // ts-node type-checks the whole program, Hetzner and TLS typings included, as Pulumi does:
    // some twenty seconds of CPU, which a busy machine stretches; the suite sets no time limit.
  });

  it("declares in Pulumi.yaml, as described secrets, the kubeconfig of each adopted cluster and nothing of a created one", () => {
    const project = parse(readFileSync(join(ROOT_DIR, "Pulumi.yaml"), "utf8"));
    expect(project).toMatchObject({ name: "jardin", runtime: { name: "nodejs" }, main: "stacks/index.ts" });
    for (const [cluster, spec] of Object.entries(prod.clusters)) {
      if (spec.origin.kind === "created") {
        // Its kubeconfig is an output of the cluster, never config.
        expect(project.config[kubeconfigConfigKey(cluster)]).toBeUndefined();
        continue;
      }
      expect(project.config[kubeconfigConfigKey(cluster)]).toEqual({
        type: "string",
        secret: true,
        description: expect.stringContaining(cluster),
      });
    }
    for (const key of ["hcloudToken", "backupsAccessKeyId", "backupsSecretAccessKey", "etcdSnapshotsAccessKeyId", "etcdSnapshotsSecretAccessKey"]) {
      expect(project.config[key]).toMatchObject({ type: "string", secret: true });
    }
  });

  it("turns default providers off in prod, so nothing lands on an ambient cluster", () => {
    const stack = parse(readFileSync(join(ROOT_DIR, "Pulumi.prod.yaml"), "utf8"));
    // Every package but the dynamic resources' (pulumi-nodejs): the first test holds it to the program's.
    expect(stack.config["pulumi:disable-default-providers"]).toEqual(["hcloud", "keycloak", "kubernetes", "random", "tls"]);
  });
});
