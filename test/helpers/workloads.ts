/** Compliant Kubernetes objects, as a policy receives them; violation tests change one thing. */

type Json = Record<string, unknown>;

export const CLUSTER = "urn:pulumi:prod::jardin::pulumi:providers:kubernetes::ada-lovelace-k8s";

/** A container that passes pod-security: non-root, no escalation, no capabilities, seccomp, sized, pinned. */
export function container(overrides: Json = {}): Json {
  return {
    name: "app",
    image: "docker.io/nextcloud:31.0.9-apache",
    securityContext: {
      runAsNonRoot: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ["ALL"] },
      seccompProfile: { type: "RuntimeDefault" },
    },
    resources: { requests: { cpu: "100m", memory: "256Mi" }, limits: { memory: "512Mi" } },
    ...overrides,
  };
}

export function podSpec(containers: Json[] = [container()], extra: Json = {}): Json {
  return { containers, ...extra };
}

const metadata = (name: string, namespace = "les-semeurs") => ({ name, namespace });

/** A workload of each kind around the same pod spec, keyed by its Pulumi type. */
export function workloads(spec: Json = podSpec()): Record<string, Json> {
  const template = { metadata: { labels: { app: "app" } }, spec };
  return {
    "kubernetes:core/v1:Pod": { metadata: metadata("app"), spec },
    "kubernetes:apps/v1:Deployment": { metadata: metadata("app"), spec: { selector: { matchLabels: { app: "app" } }, template } },
    "kubernetes:apps/v1:StatefulSet": { metadata: metadata("app"), spec: { serviceName: "app", selector: { matchLabels: { app: "app" } }, template } },
    "kubernetes:apps/v1:DaemonSet": { metadata: metadata("app"), spec: { selector: { matchLabels: { app: "app" } }, template } },
    "kubernetes:batch/v1:Job": { metadata: metadata("app"), spec: { template } },
    "kubernetes:batch/v1:CronJob": { metadata: metadata("app"), spec: { schedule: "0 3 * * *", jobTemplate: { spec: { template } } } },
  };
}

/** A Deployment of one container. */
export function deployment(containers: Json[], namespace = "les-semeurs"): Json {
  const template = { metadata: { labels: { app: "app" } }, spec: podSpec(containers) };
  return { metadata: metadata("app", namespace), spec: { selector: { matchLabels: { app: "app" } }, template } };
}

export function env(values: Record<string, string>): { name: string; value: string }[] {
  return Object.entries(values).map(([name, value]) => ({ name, value }));
}
