import * as k8s from "@pulumi/kubernetes";
import { describe, expect, it } from "vitest";
import { CHARTS } from "../../../components/platform/charts";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { loadCrdManifest, type CrdManifest } from "../../../components/platform/crd-manifest";
import { K8UP_CRDS_MANIFEST, k8upOperator } from "../../../components/platform/k8up";
import { runUnderMocks } from "../../../scripts/plan/mock-runtime";
import { ROOT_DIR } from "../../helpers/declarations";
import { names, recordDependencies } from "../../helpers/dependencies";

function plan() {
  return runUnderMocks({ project: "jardin", stack: "prod" }, async () => {
    const dependencies = recordDependencies();
    const provider = new k8s.Provider("ada-lovelace-k8s", {});
    k8upOperator("ada-lovelace", { apiServerCidrs: ["10.0.1.0/24"] }, { provider }, { provider });
    return dependencies;
  });
}

describe("k8up, the volume backups' operator", () => {
  it("is released from the platform's pinned chart list, in a restricted platform namespace", async () => {
    const run = await plan();
    const release = run.resources.find((r) => r.type === "kubernetes:helm.sh/v3:Release")!;
    // Its URN under the Platform, and the alias to the one it had, are the platform's tests.
    expect(release.urn).toBe("urn:pulumi:prod::jardin::kubernetes:helm.sh/v3:Release::ada-lovelace-k8up");
    expect(CHARTS.k8up).toEqual({ chart: "k8up", version: "4.9.0", repo: "https://k8up-io.github.io/k8up" });
    expect(release.inputs).toEqual({
      name: "k8up",
      chart: "k8up",
      version: "4.9.0",
      repositoryOpts: { repo: "https://k8up-io.github.io/k8up" },
      namespace: "k8up",
      // Its CRDs are jardin's to apply (below): Helm would install crds/ once and never upgrade them.
      skipCrds: true,
      values: {
        k8up: { skipWithoutAnnotation: true, timezone: "Etc/UTC" },
        podSecurityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
        securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } },
        resources: { requests: { cpu: "20m", memory: "128Mi" }, limits: { memory: "256Mi" } },
      },
      atomic: true,
      cleanupOnFail: true,
      maxHistory: 5,
      // The SDK's own marker on every helm.v3.Release.
      compat: "true",
    });
    const namespace = run.resources.find((r) => r.type === "kubernetes:core/v1:Namespace")!;
    expect(namespace.urn).toBe("urn:pulumi:prod::jardin::kubernetes:core/v1:Namespace::ada-lovelace-k8up-namespace");
    expect((namespace.inputs["metadata"] as { labels: Record<string, string> }).labels).toEqual({
      "app.kubernetes.io/part-of": "jardin",
      "app.kubernetes.io/managed-by": "pulumi",
      "jardin/component": "platform",
      "pod-security.kubernetes.io/enforce": "restricted",
      "pod-security.kubernetes.io/audit": "restricted",
      "pod-security.kubernetes.io/warn": "restricted",
    });
    expect(names(run.result.get("ada-lovelace-k8up"))).toEqual([...CRD_NAMES, "ada-lovelace-k8up-namespace"]);
  });

  it("applies the pinned release's nine CRDs itself, taking them over from an earlier Helm install", async () => {
    const run = await plan();
    const manifest = JSON.parse(readFileSync(join(ROOT_DIR, K8UP_CRDS_MANIFEST), "utf8")) as CrdManifest;
    expect(manifest.source).toMatchObject({ repository: "k8up-io/k8up", tag: "k8up-4.9.0", version: CHARTS.k8up.version });
    const patches = run.resources.filter((r) => r.type === "kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinitionPatch");
    expect(patches.map((p) => p.name).sort()).toEqual(CRD_NAMES);
    for (const crd of manifest.crds) {
      const patch = patches.find((p) => p.name === `ada-lovelace-k8up-crd-${crd.spec.names.plural}`)!;
      expect(patch.inputs).toEqual({
        apiVersion: "apiextensions.k8s.io/v1",
        kind: "CustomResourceDefinition",
        metadata: { ...crd.metadata, annotations: { ...crd.metadata.annotations, "pulumi.com/patchForce": "true" } },
        spec: crd.spec,
      });
      expect(patch.provider).toBe("urn:pulumi:prod::jardin::pulumi:providers:kubernetes::ada-lovelace-k8s");
    }
  });

  it("refuses a CRD manifest of another version than the pinned chart's, naming the refresh", () => {
    const file = join(ROOT_DIR, K8UP_CRDS_MANIFEST);
    expect(() => loadCrdManifest(file, "4.10.0", "components/platform/charts.ts (CHARTS.k8up)")).toThrow(
      `${file} holds the CRDs of k8up-io/k8up 4.9.0, but components/platform/charts.ts (CHARTS.k8up) pins 4.10.0: run npm run contracts:refresh -- k8up-io/k8up=<checkout>`,
    );
  });
});

const CRD_NAMES = ["archives", "backups", "checks", "podconfigs", "prebackuppods", "prunes", "restores", "schedules", "snapshots"].map((p) => `ada-lovelace-k8up-crd-${p}`);

