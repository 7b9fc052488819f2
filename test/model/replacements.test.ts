import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { providerPackageOf, REPLACE_FORCING, replaceForcingChanges, replaceForcingPaths } from "../../model/replacements";
import { ROOT_DIR } from "../helpers/declarations";
import { prodPlan } from "../helpers/gate";

describe("the providers' replace-forcing fields (test/contracts/providers/replace-forcing.json)", () => {
  it("were read for exactly the provider versions package.json pins: bumping one fails until the lists are read again", () => {
    const pinned = (JSON.parse(readFileSync(join(ROOT_DIR, "package.json"), "utf8")) as { dependencies: Record<string, string> }).dependencies;
    expect(Object.fromEntries(Object.entries(REPLACE_FORCING.providers).map(([name, p]) => [name, p.version]))).toEqual(
      Object.fromEntries(Object.keys(REPLACE_FORCING.providers).map((name) => [name, pinned[name]])),
    );
  });

  it("name every provider resource type the program registers: a new type must be read upstream first", async () => {
    const { snapshot } = await prodPlan();
    const providerTypes = new Set(snapshot.resources.map((r) => r.type).filter((t) => Object.hasOwn(REPLACE_FORCING.providers, providerPackageOf(t))));
    // Kubernetes objects all share `kubernetes:*` (name and namespace); the provider lists extra
    // fields for some kinds only. Of the providers themselves, only Kubernetes' replaces anything
    // the gate reads (its clusterIdentifier); the bridged ones' configuration is not listed.
    const missing = [...providerTypes].filter((t) => !t.startsWith("kubernetes:") && !t.startsWith("pulumi:providers:") && REPLACE_FORCING.resources[t] === undefined);
    expect(missing).toEqual([]);
    expect(providerTypes.size).toBeGreaterThan(20);
  });

  it("cover everything under a path, a Kubernetes object's name and namespace, and nothing else", () => {
    expect(replaceForcingPaths("kubernetes:core/v1:PersistentVolumeClaim")).toEqual([
      "metadata.name",
      "metadata.namespace",
      "spec.accessModes",
      "spec.selector",
      "spec.storageClassName",
      "spec.volumeName",
    ]);
    expect(replaceForcingChanges("kubernetes:apps/v1:StatefulSet", ["inputs.spec.volumeClaimTemplates[0].spec.resources", "inputs.spec.replicas", "protect"])).toEqual([
      "spec.volumeClaimTemplates[0].spec.resources",
    ]);
    expect(replaceForcingChanges("hcloud:index/server:Server", ["inputs.serverType", "inputs.location"])).toEqual(["location"]);
    expect(replaceForcingChanges("kubernetes:helm.sh/v3:Release", ["inputs.metadata.name", "inputs.namespace"])).toEqual(["namespace"]);
  });
});
