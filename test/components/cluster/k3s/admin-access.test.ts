import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import {
  adminAccessFiles,
  AUDIT_POLICY_PATH,
  GARDENERS_GROUP,
  GARDENERS_MANIFEST_PATH,
} from "../../../../components/cluster/k3s/admin-access";
import { runUnderMocks } from "../../../../scripts/plan/mock-runtime";
import { createClusterPki } from "../../../../components/cluster/k3s/pki";

describe("admin access of a created cluster", () => {
  const files = Object.fromEntries(adminAccessFiles().map((f) => [f.path, f]));

  it("binds the gardeners' group to cluster-admin through RBAC, so deleting the binding revokes it", () => {
    expect(parse(files[GARDENERS_MANIFEST_PATH]!.content)).toEqual({
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRoleBinding",
      metadata: { name: "jardin-gardeners", labels: { "app.kubernetes.io/managed-by": "k3s-manifests", "app.kubernetes.io/part-of": "jardin" } },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "cluster-admin" },
      subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: "jardin:gardeners" }],
    });
  });

  it("audits every request's metadata, RBAC changes in full, and never a Secret's contents", () => {
    const policy = parse(files[AUDIT_POLICY_PATH]!.content) as { rules: { level: string; resources?: { group: string; resources?: string[] }[] }[] };
    expect(policy.rules.at(-1)).toEqual({ level: "Metadata" });
    const secrets = policy.rules.find((r) => r.resources?.some((g) => g.group === "" && g.resources?.includes("secrets")));
    expect(secrets?.level).toBe("Metadata");
    // The Secret rule comes before any rule that could log request bodies.
    const bodies = policy.rules.findIndex((r) => r.level === "Request" || r.level === "RequestResponse");
    expect(policy.rules.indexOf(secrets!)).toBeLessThan(bodies);
    expect(policy.rules[bodies]!.resources).toEqual([{ group: "rbac.authorization.k8s.io" }, { group: "certificates.k8s.io" }]);
    for (const file of adminAccessFiles()) expect(file.permissions).toBe("0600");
  });

  it("signs the admin certificate for the gardeners' group, not system:masters, for 30 days", async () => {
    const { resources } = await runUnderMocks({ project: "jardin", stack: "prod", config: {}, secretKeys: [], outputs: () => ({}) }, async () => {
      createClusterPki("c", {});
    });
    const request = resources.find((r) => r.type === "tls:index/certRequest:CertRequest")!;
    expect(request.inputs["subject"]).toEqual({ commonName: "jardin-admin", organization: GARDENERS_GROUP });
    const cert = resources.find((r) => r.type === "tls:index/locallySignedCert:LocallySignedCert")!;
    expect([cert.inputs["validityPeriodHours"], cert.inputs["earlyRenewalHours"]]).toEqual([720, 552]);
  });
});
