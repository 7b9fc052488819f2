import { describe, expect, it } from "vitest";
import { AdoptedCluster } from "../../../components/cluster/adopted-cluster";
import { K3sCluster } from "../../../components/cluster/k3s-cluster";
import { runUnderMocks } from "../../../scripts/plan/mock-runtime";
import { prodFleet } from "../../helpers/declarations";

describe("cluster components", () => {
  it("give each cluster one Kubernetes provider, its child, with a secret kubeconfig and a fixed identity", async () => {
    const spec = prodFleet().clusters["ada-lovelace"]!;
    const run = await runUnderMocks({ project: "jardin", stack: "prod" }, async () => {
      new AdoptedCluster("old", { kubeconfig: "apiVersion: v1" });
      new K3sCluster("new", { spec, kubeconfig: "apiVersion: v1" });
    });
    expect(run.resources.map((r) => [r.urn, r.parent, r.inputs])).toEqual([
      [
        "urn:pulumi:prod::jardin::jardin:cluster:AdoptedCluster$pulumi:providers:kubernetes::old-k8s",
        "urn:pulumi:prod::jardin::jardin:cluster:AdoptedCluster::old",
        { kubeconfig: "[secret]", clusterIdentifier: "old", deleteUnreachable: "false" },
      ],
      ["urn:pulumi:prod::jardin::jardin:cluster:AdoptedCluster::old", null, {}],
      [
        "urn:pulumi:prod::jardin::jardin:cluster:K3sCluster$pulumi:providers:kubernetes::new-k8s",
        "urn:pulumi:prod::jardin::jardin:cluster:K3sCluster::new",
        { kubeconfig: "[secret]", clusterIdentifier: "new", deleteUnreachable: "false" },
      ],
      ["urn:pulumi:prod::jardin::jardin:cluster:K3sCluster::new", null, {}],
    ]);
  });
});
