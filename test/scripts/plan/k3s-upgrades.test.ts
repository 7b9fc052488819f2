import { describe, expect, it } from "vitest";
import { k3sRelease, k3sUpgradeRefusals } from "../../../scripts/plan/k3s-upgrades";
import type { Snapshot } from "../../../scripts/plan/snapshot";

const URN = "urn:pulumi:prod::jardin::jardin:platform:Platform$kubernetes:upgrade.cattle.io/v1:Plan::ada-lovelace-upgrade-server";
/** The server upgrade Plan as components/platform/upgrades.ts registers it, at one version. */
const at = (version: string): Snapshot => ({
  stack: "prod",
  resources: [
    {
      urn: URN,
      type: "kubernetes:upgrade.cattle.io/v1:Plan",
      name: "ada-lovelace-upgrade-server",
      parent: null,
      dependencies: [],
      provider: null,
      protect: false,
      retainOnDelete: false,
      inputs: { apiVersion: "upgrade.cattle.io/v1", kind: "Plan", metadata: { name: "k3s-server", namespace: "system-upgrade" }, spec: { version } },
    },
  ],
});

describe("k3s upgrades against the base", () => {
  it("reads k3s release names", () => {
    expect(k3sRelease("v1.36.4+k3s1")).toEqual([1, 36, 4, 1]);
    expect(k3sRelease("1.36.4")).toBeUndefined();
  });

  it("lets a patch or the next minor version through", () => {
    expect(k3sUpgradeRefusals(at("v1.36.4+k3s1"), at("v1.36.5+k3s1"))).toEqual([]);
    expect(k3sUpgradeRefusals(at("v1.36.4+k3s1"), at("v1.37.0+k3s1"))).toEqual([]);
    expect(k3sUpgradeRefusals(at("v1.36.4+k3s1"), at("v1.36.4+k3s1"))).toEqual([]);
  });

  it("refuses a skipped minor version, naming the one to go through", () => {
    expect(k3sUpgradeRefusals(at("v1.36.4+k3s1"), at("v1.38.1+k3s1"))).toEqual([
      "cluster ada-lovelace: k3s v1.36.4+k3s1 → v1.38.1+k3s1 skips a minor version; upgrade one minor version at a time: set k3sVersion to a v1.37 release (e.g. v1.37.0+k3s1 or its latest patch), apply it, then go on",
    ]);
  });

  it("refuses a downgrade, even of a patch", () => {
    expect(k3sUpgradeRefusals(at("v1.36.4+k3s1"), at("v1.36.3+k3s1"))).toEqual([
      "cluster ada-lovelace: k3s v1.36.4+k3s1 → v1.36.3+k3s1 is a downgrade, which Kubernetes does not support (etcd and the API's stored objects may not go back); put k3sVersion back to v1.36.4+k3s1 or a later release",
    ]);
  });

  it("says nothing of a cluster the base did not have: its first k3s is any release", () => {
    expect(k3sUpgradeRefusals({ stack: "prod", resources: [] }, at("v1.38.1+k3s1"))).toEqual([]);
  });
});
