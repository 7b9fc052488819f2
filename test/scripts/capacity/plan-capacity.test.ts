import { describe, expect, it } from "vitest";
import { capacityOf } from "../../../scripts/capacity";
import { capacityFailure, formatCapacity } from "../../../scripts/capacity/format";
import type { SnapshotResource } from "../../../scripts/plan/snapshot";
import { prodPlan, URN } from "../../helpers/plan";

describe("capacity of the prod plan", () => {
  const { snapshot, declarations } = prodPlan();

  it("prints every pool of both clusters, the dedicated pool of sante-solidaire included", () => {
    const text = formatCapacity(capacityOf(snapshot, declarations));
    expect(text).toContain("  dedicated-sante-solidaire (dedicated sante-solidaire, 3 × cpx42, fsn1): 11 pods,");
    expect(text).toContain("  servers (control-plane, 3 × cpx32, fsn1): control plane only, no pods");
    expect(capacityFailure(capacityOf(snapshot, declarations))).toBeUndefined();
  });

  it("finds a tenant's workload on its cluster through the plan's provider, and fails a fleet it over-commits", () => {
    const deployment: SnapshotResource = {
      urn: `${URN.tenant("la-fourmiliere")}$kubernetes:apps/v1:Deployment::la-fourmiliere-nextcloud`,
      type: "kubernetes:apps/v1:Deployment",
      name: "la-fourmiliere-nextcloud",
      parent: URN.tenant("la-fourmiliere"),
      provider: URN.createdProvider("ada-lovelace"),
      protect: false,
      retainOnDelete: false,
      dependencies: [],
      inputs: { spec: { replicas: 5, template: { spec: { containers: [{ resources: { requests: { cpu: "2", memory: "10Gi" } } }] } } } },
    };
    const capacity = capacityOf({ ...snapshot, resources: [...snapshot.resources, deployment] }, declarations);
    // Five replicas, each needing most of a cpx42: the shared pools have four nodes. The scheduler
    // spreads the small pods over every node, so a lost replica needs a node kept nearly empty.
    expect(capacityFailure(capacity)).toBe(
      [
        "jardin: 2 capacity problems; the fleet would not hold its workloads:",
        "  - ada-lovelace: pool workers-fsn1 is over-committed: its pods do not fit; grow it by 3 servers to 5 × cpx42",
        "  - ada-lovelace: pool workers-nbg1 is over-committed: its pods do not fit; grow it by 2 servers to 4 × cpx42",
      ].join("\n"),
    );
  });
});
