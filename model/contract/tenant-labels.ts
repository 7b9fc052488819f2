import type { Tenant } from "../tenant";

/** Labels jardin sets on everything it deploys for a tenant; policies and selectors read them. */
export const LABELS = {
  tenant: "jardin/tenant",
  cluster: "jardin/cluster",
  lifecycle: "jardin/lifecycle",
  plan: "jardin/plan",
  /**
   * On the namespace of a tenant on its adoption's `import` step (model/adoption.ts): what runs
   * there is still the hand-deployed app, which jardin's isolation would cut off, so the
   * tenant-isolation policy waits for the `converge` step.
   */
  adoption: "jardin/adoption",
} as const;

/**
 * Kubernetes recommended labels plus jardin's own.
 * https://kubernetes.io/docs/concepts/overview/working-with-objects/common-labels/
 */
export function tenantLabels(tenant: Tenant): Record<string, string> {
  return {
    "app.kubernetes.io/instance": tenant.id,
    "app.kubernetes.io/part-of": "jardin",
    "app.kubernetes.io/managed-by": "pulumi",
    [LABELS.tenant]: tenant.id,
    [LABELS.cluster]: tenant.cluster,
    [LABELS.lifecycle]: tenant.state,
    [LABELS.plan]: tenant.plan.kind,
  };
}

/**
 * Pod Security Admission at its strictest for tenant namespaces; an app that needs less (the
 * Jitsi videobridge's host ports) gets its exception explicitly, where it is deployed.
 * https://kubernetes.io/docs/concepts/security/pod-security-admission/
 */
export const RESTRICTED_POD_SECURITY: Readonly<Record<string, string>> = {
  "pod-security.kubernetes.io/enforce": "restricted",
  "pod-security.kubernetes.io/audit": "restricted",
  "pod-security.kubernetes.io/warn": "restricted",
};
