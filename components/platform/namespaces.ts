import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";

/** Pod Security Admission levels. https://kubernetes.io/docs/concepts/security/pod-security-standards/ */
export type PodSecurityLevel = "restricted" | "baseline" | "privileged";

/** Labels of everything the platform deploys itself. */
export const PLATFORM_LABELS: Readonly<Record<string, string>> = {
  "app.kubernetes.io/part-of": "jardin",
  "app.kubernetes.io/managed-by": "pulumi",
  "jardin/component": "platform",
};

/**
 * A namespace for one platform service, created by jardin with its Pod Security level enforced.
 * Anything below `restricted` must say why where it is asked for.
 */
export function platformNamespace(
  name: string,
  namespace: string,
  level: PodSecurityLevel,
  opts: pulumi.CustomResourceOptions,
): k8s.core.v1.Namespace {
  return new k8s.core.v1.Namespace(
    name,
    {
      metadata: {
        name: namespace,
        labels: {
          ...PLATFORM_LABELS,
          "pod-security.kubernetes.io/enforce": level,
          "pod-security.kubernetes.io/audit": "restricted",
          "pod-security.kubernetes.io/warn": "restricted",
        },
      },
    },
    opts,
  );
}
