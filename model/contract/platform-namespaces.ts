/**
 * The namespaces the platform's operators run in on every cluster jardin manages. The platform
 * (components/platform/) creates them, tenants' NetworkPolicies name some of them, and no tenant
 * may take one as its id (model/tenant.ts): one list, so the three can never disagree.
 */
export const PLATFORM_NAMESPACES = {
  /** Traefik, the ingress controller. */
  traefik: "traefik",
  /** cert-manager and its ClusterIssuer's solver pods. */
  certManager: "cert-manager",
  /**
   * CloudNativePG and its barman-cloud plugin share this namespace: the plugin must run where the
   * operator does. https://cloudnative-pg.io/plugin-barman-cloud/docs/installation/
   */
  cnpg: "cnpg-system",
  /** The fleet's Keycloak and its database. */
  keycloak: "keycloak",
  /** k8up, the volume-backup operator. */
  k8up: "k8up",
  /**
   * The alerting stack: VictoriaMetrics' operator, its single-node store, rule evaluator and
   * Alertmanager, and kube-state-metrics (components/platform/monitoring.ts).
   */
  monitoring: "monitoring",
  /**
   * Created by the system-upgrade-controller's manifest at `privileged`: upgrade jobs replace the
   * k3s binary on the host, which no lesser Pod Security level admits.
   */
  systemUpgrade: "system-upgrade",
  /**
   * The collective's own namespace: the maintenance page suspended tenants' hostnames show
   * (components/tenant/maintenance.ts).
   */
  jardin: "jardin",
  /** Kubernetes' own: CoreDNS, the cloud controller and the CSI driver. */
  kubeSystem: "kube-system",
} as const;
