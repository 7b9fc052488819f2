import { describe, expect, it } from "vitest";
import { clusterLabels, labelSelector, nodeLabels } from "../../../components/hetzner/labels";
import { API_FORWARDS, INGRESS_FORWARDS, controlPlaneSelector, sharedWorkersSelector } from "../../../components/hetzner/load-balancers";
import { INGRESS_NODE_PORTS } from "../../../model/contract/network";

describe("labels and load balancer targets", () => {
  it("labels a node with its cluster, pool and role, and a dedicated one with its tenant", () => {
    expect(nodeLabels({ cluster: "c", pool: "workers-fsn1", role: "worker" })).toEqual({
      "jardin/cluster": "c",
      "jardin/managed-by": "pulumi",
      "jardin/pool": "workers-fsn1",
      "jardin/role": "worker",
    });
    expect(nodeLabels({ cluster: "c", pool: "dedicated-t", role: "worker", tenant: "t" })["jardin/tenant"]).toBe("t");
  });

  it("sends the API to the control plane and ingress to shared workers only, never to a tenant's own machines", () => {
    const labels = clusterLabels("c");
    expect(labelSelector(labels)).toBe("jardin/cluster=c,jardin/managed-by=pulumi");
    expect(controlPlaneSelector(labels)).toBe("jardin/cluster=c,jardin/managed-by=pulumi,jardin/role=control-plane");
    expect(sharedWorkersSelector(labels)).toBe("jardin/cluster=c,jardin/managed-by=pulumi,jardin/role=worker,!jardin/tenant");
  });

  it("forwards 80 and 443 to the ingress NodePorts of the platform contract with the PROXY protocol, the API as it is", () => {
    expect(INGRESS_FORWARDS).toEqual([
      { key: "http", listenPort: 80, destinationPort: INGRESS_NODE_PORTS.http, proxyprotocol: true },
      { key: "https", listenPort: 443, destinationPort: INGRESS_NODE_PORTS.https, proxyprotocol: true },
    ]);
    expect(API_FORWARDS).toEqual([{ key: "kubernetes", listenPort: 6443, destinationPort: 6443, proxyprotocol: false }]);
  });
});
