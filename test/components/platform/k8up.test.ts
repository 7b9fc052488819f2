import * as k8s from "@pulumi/kubernetes";
import { describe, expect, it } from "vitest";
import { CHARTS } from "../../../components/platform/charts";
import { k8upOperator } from "../../../components/platform/k8up";
import { runUnderMocks } from "../../../scripts/plan/mock-runtime";
import { names, recordDependencies } from "../../helpers/dependencies";

function plan() {
  return runUnderMocks({ project: "jardin", stack: "prod" }, async () => {
    const dependencies = recordDependencies();
    k8upOperator("ada-lovelace", { apiServerCidrs: ["10.0.1.0/24"] }, { provider: new k8s.Provider("ada-lovelace-k8s", {}) });
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
    expect(names(run.result.get("ada-lovelace-k8up"))).toEqual(["ada-lovelace-k8up-namespace"]);
  });
});
