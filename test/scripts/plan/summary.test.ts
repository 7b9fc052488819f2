import { describe, expect, it } from "vitest";
import { recordPlan } from "../../../scripts/plan/record";
import { formatSummary } from "../../../scripts/plan/summary";
import { baselineTenant, ROOT_DIR } from "../../helpers/declarations";
import { planWithTenants } from "../../helpers/plan";

describe("plan summary", () => {
  it("counts the prod stack's resources per cluster, per tenant and by type", async () => {
    const { snapshot, outputs } = await recordPlan({ rootDir: ROOT_DIR });
    expect(formatSummary(snapshot, outputs)).toBe(
      [
        "jardin plan · stack prod · offline (the program under Pulumi mocks: no cloud, no credentials)",
        "",
        "fleet                                                                     21",
        "  hcloud:index/sshKey:SshKey                                               2",
        "  hcloud:index/zone:Zone                                                   1",
        "  hcloud:index/zoneRrset:ZoneRrset                                         2",
        "  jardin:platform:FleetDns                                                 1",
        "  jardin:platform:FleetKeycloak                                            1",
        "  kubernetes:apps/v1:Deployment                                            1",
        "  kubernetes:barmancloud.cnpg.io/v1:ObjectStore                            1",
        "  kubernetes:core/v1:Namespace                                             1",
        "  kubernetes:core/v1:Secret                                                2",
        "  kubernetes:core/v1:Service                                               1",
        "  kubernetes:networking.k8s.io/v1:Ingress                                  1",
        "  kubernetes:policy/v1:PodDisruptionBudget                                 1",
        "  kubernetes:postgresql.cnpg.io/v1:Cluster                                 1",
        "  kubernetes:postgresql.cnpg.io/v1:ScheduledBackup                         1",
        "  pulumi:providers:hcloud                                                  1",
        "  pulumi:providers:keycloak                                                1",
        "  pulumi:providers:random                                                  1",
        "  random:index/randomPassword:RandomPassword                               1",
        "cluster ada-lovelace (created)                                            75",
        "  hcloud:index/firewall:Firewall                                           1",
        "  hcloud:index/loadBalancer:LoadBalancer                                   2",
        "  hcloud:index/loadBalancerNetwork:LoadBalancerNetwork                     2",
        "  hcloud:index/loadBalancerService:LoadBalancerService                     3",
        "  hcloud:index/loadBalancerTarget:LoadBalancerTarget                       2",
        "  hcloud:index/network:Network                                             1",
        "  hcloud:index/networkSubnet:NetworkSubnet                                 1",
        "  hcloud:index/placementGroup:PlacementGroup                               6",
        "  hcloud:index/server:Server                                               9",
        "  jardin:cluster:K3sCluster                                                1",
        "  jardin:hetzner:LoadBalancer                                              2",
        "  jardin:hetzner:NodePool                                                  6",
        "  jardin:platform:Platform                                                 1",
        "  kubernetes:cert-manager.io/v1:ClusterIssuer                              1",
        "  kubernetes:core/v1:Namespace                                             3",
        "  kubernetes:core/v1:Secret                                                1",
        "  kubernetes:helm.sh/v3:Release                                            6",
        "  kubernetes:storage.k8s.io/v1:StorageClass                                1",
        "  kubernetes:upgrade.cattle.io/v1:Plan                                     2",
        "  kubernetes:yaml/v2:ConfigFile                                            2",
        "  pulumi:providers:kubernetes                                              1",
        "  pulumi:providers:random                                                  1",
        "  pulumi:providers:tls                                                     1",
        "  random:index/randomPassword:RandomPassword                               1",
        "  tls:index/certRequest:CertRequest                                        1",
        "  tls:index/locallySignedCert:LocallySignedCert                            1",
        "  tls:index/privateKey:PrivateKey                                          7",
        "  tls:index/selfSignedCert:SelfSignedCert                                  5",
        "  tenant la-fourmiliere (active)                                           2",
        "    jardin:tenant:Tenant                                                   1",
        "    kubernetes:core/v1:Namespace                                           1",
        "  tenant sante-solidaire (active)                                          2",
        "    jardin:tenant:Tenant                                                   1",
        "    kubernetes:core/v1:Namespace                                           1",
        "",
        "cluster louise-michel (adopted, retiring: 2 tenants still to move)        10",
        "  jardin:cluster:AdoptedCluster                                            1",
        "  jardin:platform:Platform                                                 1",
        "  kubernetes:core/v1:Namespace                                             1",
        "  kubernetes:helm.sh/v3:Release                                            2",
        "  pulumi:providers:kubernetes                                              1",
        "  tenant amap-du-plateau (active)                                          2",
        "    jardin:tenant:Tenant                                                   1",
        "    kubernetes:core/v1:Namespace                                           1",
        "  tenant fede-educpop (active)                                             2",
        "    jardin:tenant:Tenant                                                   1",
        "    kubernetes:core/v1:Namespace                                           1",
        "",
        "total                                                          106 resources",
      ].join("\n"),
    );
  });

  it("shows a tenant's state and the resources its state adds", async () => {
    const { snapshot, outputs } = await planWithTenants({ "les-semeurs.ts": baselineTenant({ cluster: "louise-michel", state: "suspended" }) });
    const lines = formatSummary(snapshot, outputs).split("\n");
    expect(lines.slice(lines.indexOf("cluster louise-michel (adopted, retiring: 1 tenant still to move)          9"), -2)).toEqual([
      "cluster louise-michel (adopted, retiring: 1 tenant still to move)          9",
      "  jardin:cluster:AdoptedCluster                                            1",
      "  jardin:platform:Platform                                                 1",
      "  kubernetes:core/v1:Namespace                                             1",
      "  kubernetes:helm.sh/v3:Release                                            2",
      "  pulumi:providers:kubernetes                                              1",
      "  tenant les-semeurs (suspended)                                           3",
      "    jardin:tenant:Tenant                                                   1",
      "    kubernetes:core/v1:Namespace                                           1",
      "    kubernetes:core/v1:ResourceQuota                                       1",
    ]);
  });
});
