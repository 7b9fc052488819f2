import * as k8s from "@pulumi/kubernetes";
import { describe, expect, it } from "vitest";
import { MaintenancePage } from "../../../components/tenant/maintenance";
import { runUnderMocks } from "../../../scripts/plan/mock-runtime";
import { inputs } from "../../helpers/app-scope";

describe("MaintenancePage", () => {
  it("serves a static page with 503 from two hardened, pinned pods in the collective's namespace", async () => {
    const run = await runUnderMocks({ project: "jardin", stack: "prod" }, async () => {
      const provider = new k8s.Provider("test-cluster", { kubeconfig: "{}" });
      new MaintenancePage("ada-lovelace-maintenance", { provider, ingressNamespace: "traefik", readyAfter: [] });
    });
    const byName = Object.fromEntries(run.resources.map((r) => [r.name, r]));
    expect(inputs(byName["ada-lovelace-maintenance-namespace"]!).metadata.name).toBe("jardin");
    expect(inputs(byName["ada-lovelace-maintenance-namespace"]!).metadata.labels["pod-security.kubernetes.io/enforce"]).toBe("restricted");
    const deployment = inputs(byName["ada-lovelace-maintenance-web"]!).spec;
    expect(deployment.replicas).toBe(2);
    const [nginx] = deployment.template.spec.containers;
    expect(nginx.image).toBe("nginxinc/nginx-unprivileged:1.29.8-alpine");
    expect(nginx.securityContext).toEqual({
      runAsNonRoot: true,
      runAsUser: 101,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ["ALL"] },
      seccompProfile: { type: "RuntimeDefault" },
    });
    expect(inputs(byName["ada-lovelace-maintenance-page"]!).data["default.conf"]).toContain("location / { return 503; }");
    expect(inputs(byName["ada-lovelace-maintenance-service"]!).metadata.name).toBe("maintenance");
    // Suspended tenants' hostnames are certified here: the ingress controller reaches cert-manager's
    // HTTP-01 solver pods on 8089, and nothing else but the page.
    const policies = run.resources.filter((r) => r.type === "kubernetes:networking.k8s.io/v1:NetworkPolicy").map((r) => inputs(r));
    expect(policies.find((p) => p.metadata.name === "acme-solver")?.spec).toMatchObject({
      podSelector: { matchLabels: { "acme.cert-manager.io/http01-solver": "true" } },
      policyTypes: ["Ingress"],
      ingress: [{ ports: [{ protocol: "TCP", port: 8089 }] }],
    });
  });
});
