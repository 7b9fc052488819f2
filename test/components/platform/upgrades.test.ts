import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  SYSTEM_UPGRADE_CONTROLLER,
  SYSTEM_UPGRADE_CONTROLLER_DIR,
  systemUpgradeControllerObjects,
  systemUpgradeCrdObjects,
} from "../../../components/platform/upgrades";

/** Git's id of a file's content (`git hash-object`): what `git rev-parse <tag>:<path>` prints upstream. */
const gitBlobId = (content: Buffer) => createHash("sha1").update(`blob ${content.length}\0`).update(content).digest("hex");

describe("system-upgrade-controller, from files kept in the repository", () => {
  it("keeps each file byte for byte as it is at the pinned tag: a changed or swapped file fails here", () => {
    for (const kept of [...SYSTEM_UPGRADE_CONTROLLER.crds, ...SYSTEM_UPGRADE_CONTROLLER.controller]) {
      expect({ file: kept.file, id: gitBlobId(readFileSync(join(SYSTEM_UPGRADE_CONTROLLER_DIR, kept.file))) }).toEqual({ file: kept.file, id: kept.gitBlob });
    }
    expect(SYSTEM_UPGRADE_CONTROLLER_DIR.endsWith(`system-upgrade-controller-${SYSTEM_UPGRADE_CONTROLLER.version}`)).toBe(true);
    expect(SYSTEM_UPGRADE_CONTROLLER.image).toBe(`rancher/system-upgrade-controller:${SYSTEM_UPGRADE_CONTROLLER.version}`);
  });

  it("applies them as the release's kustomize build does: everything namespaced in system-upgrade, the release's image", () => {
    const objects = systemUpgradeControllerObjects() as any[];
    const where = objects.map((o) => [o.kind, o.metadata.name, o.metadata.namespace]);
    expect(where).toEqual([
      ["ClusterRole", "system-upgrade-controller", undefined],
      ["Role", "system-upgrade-controller", "system-upgrade"],
      ["ClusterRole", "system-upgrade-controller-drainer", undefined],
      ["ClusterRoleBinding", "system-upgrade-drainer", undefined],
      ["ClusterRoleBinding", "system-upgrade", undefined],
      ["RoleBinding", "system-upgrade", "system-upgrade"],
      ["Namespace", "system-upgrade", undefined],
      ["ServiceAccount", "system-upgrade", "system-upgrade"],
      ["ConfigMap", "default-controller-env", "system-upgrade"],
      ["Deployment", "system-upgrade-controller", "system-upgrade"],
    ]);
    for (const binding of objects.filter((o) => o.kind.endsWith("Binding"))) {
      expect(binding.subjects).toEqual([{ kind: "ServiceAccount", name: "system-upgrade", namespace: "system-upgrade" }]);
    }
    const [container] = objects.find((o) => o.kind === "Deployment").spec.template.spec.containers;
    // The kept manifest names an older tag (kustomization.yaml's), which the release replaces.
    expect(readFileSync(join(SYSTEM_UPGRADE_CONTROLLER_DIR, "system-upgrade-controller.yaml"), "utf8")).toContain("image: rancher/system-upgrade-controller:v0.14.0");
    expect(container.image).toBe("rancher/system-upgrade-controller:v0.20.1");
    expect(systemUpgradeCrdObjects().map((o: any) => o.metadata.name)).toEqual(["plans.upgrade.cattle.io"]);
  });
});
