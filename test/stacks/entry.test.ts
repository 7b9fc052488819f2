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
    const { types, ...rest } = JSON.parse(run.stdout) as { types: string[] };
    const counts = Object.fromEntries([...new Set(types)].map((t) => [t, types.filter((u) => u === t).length]));
    expect(counts).toEqual({
      "hcloud:index/firewall:Firewall": 1,
      "hcloud:index/loadBalancer:LoadBalancer": 2,
      "hcloud:index/loadBalancerNetwork:LoadBalancerNetwork": 2,
      "hcloud:index/loadBalancerService:LoadBalancerService": 3,
      "hcloud:index/loadBalancerTarget:LoadBalancerTarget": 2,
      "hcloud:index/network:Network": 1,
      "hcloud:index/networkSubnet:NetworkSubnet": 1,
      "hcloud:index/placementGroup:PlacementGroup": 6,
      "hcloud:index/server:Server": 9,
      "hcloud:index/sshKey:SshKey": 2,
      "hcloud:index/zone:Zone": 1,
      "hcloud:index/zoneRrset:ZoneRrset": 2,
      "jardin:cluster:AdoptedCluster": 1,
      "jardin:cluster:K3sCluster": 1,
      "jardin:hetzner:LoadBalancer": 2,
      "jardin:hetzner:NodePool": 6,
      "jardin:platform:FleetDns": 1,
      "jardin:platform:FleetKeycloak": 1,
      "jardin:platform:Platform": 2,
      "jardin:tenant:Tenant": 4,
      "kubernetes:apps/v1:Deployment": 1,
      "kubernetes:barmancloud.cnpg.io/v1:ObjectStore": 1,
      "kubernetes:cert-manager.io/v1:ClusterIssuer": 1,
      "kubernetes:core/v1:Namespace": 9,
      "kubernetes:core/v1:Secret": 3,
      "kubernetes:core/v1:Service": 1,
      "kubernetes:helm.sh/v3:Release": 8,
      "kubernetes:networking.k8s.io/v1:Ingress": 1,
      "kubernetes:policy/v1:PodDisruptionBudget": 1,
      "kubernetes:postgresql.cnpg.io/v1:Cluster": 1,
      "kubernetes:postgresql.cnpg.io/v1:ScheduledBackup": 1,
      "kubernetes:storage.k8s.io/v1:StorageClass": 1,
      "kubernetes:upgrade.cattle.io/v1:Plan": 2,
      "kubernetes:yaml/v2:ConfigFile": 2,
      "pulumi:providers:hcloud": 1,
      "pulumi:providers:keycloak": 1,
      "pulumi:providers:kubernetes": 2,
      "pulumi:providers:random": 2,
      "pulumi:providers:tls": 1,
      "random:index/randomPassword:RandomPassword": 2,
      "tls:index/certRequest:CertRequest": 1,
      "tls:index/locallySignedCert:LocallySignedCert": 1,
      "tls:index/privateKey:PrivateKey": 7,
      "tls:index/selfSignedCert:SelfSignedCert": 5,
    });
    expect(rest).toEqual({
      cwd: "stacks",
      clusters: {
        "louise-michel": { origin: "adopted", status: "retiring" },
        "ada-lovelace": { origin: "created", status: "active" },
      },
      tenants: ["amap-du-plateau", "fede-educpop", "la-fourmiliere", "sante-solidaire"],
    });
    // ts-node type-checks the whole program, Hetzner and TLS typings included, as Pulumi does:
    // ten seconds of CPU that a busy CI machine can stretch well past the default minute.
  }, 180_000);

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
    for (const key of ["hcloudToken", "backupsAccessKeyId", "backupsSecretAccessKey"]) {
      expect(project.config[key]).toMatchObject({ type: "string", secret: true });
    }
  });

  it("turns default providers off in prod, so nothing lands on an ambient cluster", () => {
    const stack = parse(readFileSync(join(ROOT_DIR, "Pulumi.prod.yaml"), "utf8"));
    expect(stack.config["pulumi:disable-default-providers"]).toEqual(["*"]);
  });
});
