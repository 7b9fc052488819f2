import { stringify } from "yaml";

/**
 * The group jardin's admin certificates carry (their subject's organisation). It is not
 * `system:masters`, which Kubernetes grants every right without asking RBAC and which no one can
 * take back short of rotating the client CA: a ClusterRoleBinding makes this group cluster-admin,
 * so deleting that binding revokes every certificate issued for it at once.
 * https://kubernetes.io/docs/reference/access-authn-authz/rbac/#user-facing-roles
 */
export const GARDENERS_GROUP = "jardin:gardeners";
export const GARDENERS_BINDING = "jardin-gardeners";

/**
 * k3s applies every manifest of this folder at start and whenever it changes: the binding exists
 * before the first `pulumi up` talks to the API with a certificate that needs it.
 * https://docs.k3s.io/installation/packaged-components#auto-deploying-manifests-addons
 */
export const K3S_MANIFESTS_DIR = "/var/lib/rancher/k3s/server/manifests";
export const GARDENERS_MANIFEST_PATH = `${K3S_MANIFESTS_DIR}/${GARDENERS_BINDING}.yaml`;

/** Where each server's API server writes its audit log, and the policy saying what it records. */
export const AUDIT_LOG_PATH = "/var/lib/rancher/k3s/server/logs/audit.log";
export const AUDIT_POLICY_PATH = "/etc/rancher/k3s/audit-policy.yaml";

/**
 * kube-apiserver's audit flags, passed through k3s's `kube-apiserver-arg`: 30 days of logs, at most
 * 10 files of 100 MB. https://docs.k3s.io/security/hardening-guide#api-server-audit-configuration,
 * https://kubernetes.io/docs/reference/command-line-tools-reference/kube-apiserver/ (audit-log-*)
 */
export const AUDIT_API_SERVER_ARGS: readonly string[] = [
  `audit-log-path=${AUDIT_LOG_PATH}`,
  `audit-policy-file=${AUDIT_POLICY_PATH}`,
  "audit-log-maxage=30",
  "audit-log-maxbackup=10",
  "audit-log-maxsize=100",
];

/**
 * Who did what: every request's metadata (user, groups, verb, object, source address); the bodies
 * of changes to RBAC, where a path to cluster admin would be written; never the contents of
 * Secrets, ConfigMaps or tokens, which would put every credential in the log. Health checks and
 * the nodes' own watches are left out as noise.
 * https://kubernetes.io/docs/tasks/debug/debug-cluster/audit/#audit-policy
 */
export const AUDIT_POLICY = {
  apiVersion: "audit.k8s.io/v1",
  kind: "Policy",
  omitStages: ["RequestReceived"],
  rules: [
    { level: "None", nonResourceURLs: ["/healthz*", "/livez*", "/readyz*", "/version"] },
    { level: "None", verbs: ["watch"], userGroups: ["system:nodes"] },
    {
      level: "Metadata",
      resources: [
        { group: "", resources: ["secrets", "configmaps", "serviceaccounts/token"] },
        { group: "authentication.k8s.io", resources: ["tokenreviews"] },
      ],
    },
    {
      level: "RequestResponse",
      verbs: ["create", "update", "patch", "delete", "deletecollection"],
      resources: [{ group: "rbac.authorization.k8s.io" }, { group: "certificates.k8s.io" }],
    },
    { level: "Metadata" },
  ],
} as const;

/** The ClusterRoleBinding that makes GARDENERS_GROUP cluster-admin. */
export const GARDENERS_BINDING_MANIFEST = {
  apiVersion: "rbac.authorization.k8s.io/v1",
  kind: "ClusterRoleBinding",
  metadata: { name: GARDENERS_BINDING, labels: { "app.kubernetes.io/managed-by": "k3s-manifests", "app.kubernetes.io/part-of": "jardin" } },
  roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "cluster-admin" },
  subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: GARDENERS_GROUP }],
} as const;

/** The files every control-plane server writes for the above. */
export function adminAccessFiles(): readonly { readonly path: string; readonly permissions: string; readonly content: string }[] {
  return [
    { path: AUDIT_POLICY_PATH, permissions: "0600", content: stringify(AUDIT_POLICY) },
    { path: GARDENERS_MANIFEST_PATH, permissions: "0600", content: stringify(GARDENERS_BINDING_MANIFEST) },
  ];
}
