import { beforeAll, describe, expect, it } from "vitest";
import { isCustomResource, planContractProblems } from "../../../scripts/contracts/plan-check";
import { recordPlan } from "../../../scripts/plan/record";
import type { SnapshotResource } from "../../../scripts/plan/snapshot";
import { ROOT_DIR } from "../../helpers/declarations";

let resources: readonly SnapshotResource[];
beforeAll(async () => {
  resources = (await recordPlan({ rootDir: ROOT_DIR })).snapshot.resources;
});

/** The prod plan with one resource's inputs changed: a violation starts from the compliant plan. */
function withInputs(name: string, change: (inputs: any) => void): SnapshotResource[] {
  return resources.map((r) => {
    if (r.name !== name) return r;
    const inputs = structuredClone(r.inputs) as any;
    change(inputs);
    return { ...r, inputs };
  });
}

const URN_OF = (type: string, name: string) => `urn:pulumi:prod::jardin::jardin:platform:Platform$kubernetes:${type}::${name}`;

describe("the prod plan against the upstream contracts", () => {
  it("has every Helm release's values valid for its chart and every custom resource whole through its CRD, at the pinned versions", () => {
    const check = planContractProblems(ROOT_DIR, resources);
    expect(check.problems).toEqual([]);
    // Nine charts on the created cluster, five on the adopted one: nothing goes unchecked.
    expect(check.releases).toHaveLength(14);
    const kinds = new Set(check.customResources.map((urn) => urn.split("$").at(-1)!.split("::")[0]!.replace(/^.*kubernetes:/, "")));
    expect([...kinds].sort()).toEqual([
      "barmancloud.cnpg.io/v1:ObjectStore",
      "cert-manager.io/v1:ClusterIssuer",
      "k8up.io/v1:Backup",
      "k8up.io/v1:PodConfig",
      "k8up.io/v1:Restore",
      "k8up.io/v1:Schedule",
      "operator.victoriametrics.com/v1beta1:VMAlert",
      "operator.victoriametrics.com/v1beta1:VMAlertmanager",
      "operator.victoriametrics.com/v1beta1:VMNodeScrape",
      "operator.victoriametrics.com/v1beta1:VMRule",
      "operator.victoriametrics.com/v1beta1:VMServiceScrape",
      "operator.victoriametrics.com/v1beta1:VMSingle",
      "postgresql.cnpg.io/v1:Backup",
      "postgresql.cnpg.io/v1:Cluster",
      "postgresql.cnpg.io/v1:ScheduledBackup",
      "traefik.io/v1alpha1:Middleware",
      "upgrade.cattle.io/v1:Plan",
    ]);
  });

  it("refuses a key the chart does not read (barman-cloud 0.7.0 has no certificate.createIssuer)", () => {
    const check = planContractProblems(ROOT_DIR, withInputs("ada-lovelace-barman-cloud", (i) => (i.values.certificate.createIssuer = true)));
    expect(check.problems).toEqual([
      `${URN_OF("helm.sh/v3:Release", "ada-lovelace-barman-cloud")}: values.certificate.createIssuer: not a value of chart plugin-barman-cloud-0.7.0 (cloudnative-pg/charts plugin-barman-cloud-v0.7.0): Helm ignores it`,
    ]);
  });

  it("refuses values the chart's schema refuses (Traefik 41.3.0's redirect moved under http)", () => {
    const check = planContractProblems(
      ROOT_DIR,
      withInputs("ada-lovelace-traefik", (i) => {
        i.values.ports.web.redirections = i.values.ports.web.http.redirections;
        delete i.values.ports.web.http;
      }),
    );
    expect(check.problems).toEqual([
      `${URN_OF("helm.sh/v3:Release", "ada-lovelace-traefik")}: values.ports.web: must NOT have additional properties (redirections) (values.schema.json of traefik-41.3.0, traefik/traefik-helm-chart v41.3.0)`,
    ]);
  });

  it("refuses a chart version bumped without its contract, naming the refresh command", () => {
    const check = planContractProblems(ROOT_DIR, withInputs("ada-lovelace-k8up", (i) => (i.version = "4.10.0")));
    expect(check.problems).toEqual([
      `${URN_OF("helm.sh/v3:Release", "ada-lovelace-k8up")}: no contract for chart k8up 4.10.0 (test/contracts/charts/k8up-4.10.0/): run npm run contracts:refresh -- k8up-io/k8up=<checkout of k8up-io/k8up>`,
    ]);
  });

  it("refuses a field the CRD prunes, and a value its schema refuses", () => {
    const pruned = planContractProblems(ROOT_DIR, withInputs("ada-lovelace-upgrade-server", (i) => (i.spec.drainn = { force: true })));
    expect(pruned.problems).toEqual([
      `${URN_OF("upgrade.cattle.io/v1:Plan", "ada-lovelace-upgrade-server")} (upgrade.cattle.io/v1 Plan, rancher/system-upgrade-controller v0.20.1): spec.drainn is not in the CRD's schema: the API server prunes it`,
    ]);
    const mistyped = planContractProblems(ROOT_DIR, withInputs("ada-lovelace-upgrade-server", (i) => (i.spec.concurrency = "one")));
    expect(mistyped.problems).toEqual([
      `${URN_OF("upgrade.cattle.io/v1:Plan", "ada-lovelace-upgrade-server")} (upgrade.cattle.io/v1 Plan, rancher/system-upgrade-controller v0.20.1): spec.concurrency: must be integer`,
    ]);
  });

  it("refuses a custom resource of a kind no contract covers", () => {
    const check = planContractProblems(ROOT_DIR, withInputs("ada-lovelace-cluster-issuer", (i) => (i.kind = "Issuer")));
    expect(check.problems).toHaveLength(1);
    expect(check.problems[0]).toMatch(/ada-lovelace-cluster-issuer: no CRD contract for cert-manager.io\/v1 Issuer: add its CRD to CRD_SOURCES \(scripts\/contracts\/sources.ts\) and run npm run contracts:refresh -- /);
  });

  it("tells custom resources from Kubernetes' own kinds and Pulumi's components", () => {
    expect(isCustomResource("kubernetes:k8up.io/v1:Schedule")).toBe(true);
    expect(isCustomResource("kubernetes:apps/v1:Deployment")).toBe(false);
    expect(isCustomResource("kubernetes:networking.k8s.io/v1:Ingress")).toBe(false);
    expect(isCustomResource("kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinitionPatch")).toBe(false);
    expect(isCustomResource("kubernetes:helm.sh/v3:Release")).toBe(false);
    expect(isCustomResource("kubernetes:yaml/v2:ConfigFile")).toBe(false);
  });
});
