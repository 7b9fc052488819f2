import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { runUnderMocks, sortedByUrn } from "../../scripts/plan/mock-runtime";
import { loadExtraProgram } from "../../scripts/plan/record";
import type { Snapshot } from "../../scripts/plan/snapshot";
import { ROOT_DIR } from "./declarations";
import { prodPlan } from "./plan";
import { tempDir } from "./temp";

/**
 * Resources written by hand, not through jardin's components, each breaking one policy of the
 * pack and nothing else: what a careless change to the program could add.
 */
export const HAND_WRITTEN: Readonly<Record<string, { readonly code: string; readonly urn: string; readonly message: string }>> = {
  "video-720p": {
    code: `new k8s.apps.v1.Deployment("visio-web", {
      metadata: { name: "visio-web", namespace: "scratch" },
      spec: { selector: { matchLabels: { app: "web" } }, template: { metadata: { labels: { app: "web" } }, spec: { containers: [
        { ...secure, name: "web", image: "jitsi/web:stable-10431", env: [{ name: "RESOLUTION", value: "1080" }, { name: "RESOLUTION_WIDTH", value: "1280" }] },
      ] } } },
    }, { provider: cluster });`,
    urn: "urn:pulumi:prod::jardin::kubernetes:apps/v1:Deployment::visio-web",
    message: 'Deployment scratch/visio-web, container "web": RESOLUTION is "1080", above the collective\'s cap; set it to 720 or lower',
  },
  "owncast-variants-declared": {
    code: `new k8s.apps.v1.Deployment("stream", {
      metadata: { name: "stream", namespace: "scratch" },
      spec: { selector: { matchLabels: { app: "stream" } }, template: { metadata: { labels: { app: "stream" } }, spec: { containers: [
        { ...secure, name: "owncast", image: "owncast/owncast:0.2.3" },
      ] } } },
    }, { provider: cluster });`,
    urn: "urn:pulumi:prod::jardin::kubernetes:apps/v1:Deployment::stream",
    message:
      "Deployment scratch/stream runs Owncast, but no ConfigMap in its namespace declares its output variants (Owncast's default keeps the input's resolution); add one with the JSON the program posts to /api/admin/config/video/streamoutputvariants, each variant with scaledHeight: 720 or lower",
  },
  "eu-only": {
    code: `new hcloud.Server("far-away", { serverType: "cpx22", image: "debian-13", location: "ash" }, { provider: cloud });`,
    urn: "urn:pulumi:prod::jardin::hcloud:index/server:Server::far-away",
    message: 'Server far-away: location "ash" is outside the EU; use fsn1, nbg1, hel1',
  },
  "data-protected": {
    code: `new k8s.core.v1.PersistentVolumeClaim("scratch-data", {
      metadata: { name: "data", namespace: "scratch" },
      spec: { accessModes: ["ReadWriteOnce"], storageClassName: "hcloud-volumes", resources: { requests: { storage: "1Gi" } } },
    }, { provider: cluster });`,
    urn: "urn:pulumi:prod::jardin::kubernetes:core/v1:PersistentVolumeClaim::scratch-data",
    message: "PersistentVolumeClaim scratch/data, a volume claim (the app's files), is not protected; create it with { protect: true, retainOnDelete: true }",
  },
  "pod-security": {
    code: `new k8s.core.v1.Pod("debug", {
      metadata: { name: "debug", namespace: "scratch" },
      spec: { containers: [{ ...secure, name: "shell", image: "busybox" }] },
    }, { provider: cluster });`,
    urn: "urn:pulumi:prod::jardin::kubernetes:core/v1:Pod::debug",
    message: 'Pod scratch/debug, container "shell": image "busybox" has no tag (it means latest); pin a version tag or a digest [pinned-image]',
  },
  "ingress-tls": {
    code: `new k8s.networking.v1.Ingress("plain", {
      metadata: { name: "plain", namespace: "scratch" },
      spec: { rules: [{ host: "plain.jardin.example", http: { paths: [{ path: "/", pathType: "Prefix", backend: { service: { name: "web", port: { number: 80 } } } }] } }] },
    }, { provider: cluster });`,
    urn: "urn:pulumi:prod::jardin::kubernetes:networking.k8s.io/v1:Ingress::plain",
    message: "Ingress scratch/plain: host plain.jardin.example is served without TLS; add it to spec.tls[].hosts with its certificate's secretName",
  },
  "tenant-isolation": {
    code: `new k8s.core.v1.Namespace("open-plot", {
      metadata: { name: "open-plot", labels: { "jardin/tenant": "open-plot", "pod-security.kubernetes.io/enforce": "restricted" } },
    }, { provider: cluster, protect: true, retainOnDelete: true });
    new k8s.core.v1.ResourceQuota("open-plot-quota", { metadata: { name: "quota", namespace: "open-plot" }, spec: { hard: { pods: "10" } } }, { provider: cluster });
    new k8s.core.v1.LimitRange("open-plot-limits", { metadata: { name: "limits", namespace: "open-plot" }, spec: { limits: [{ type: "Container", default: { memory: "256Mi" } }] } }, { provider: cluster });`,
    urn: "urn:pulumi:prod::jardin::kubernetes:core/v1:Namespace::open-plot",
    message: `the namespace "open-plot" of tenant "open-plot" has no default-deny NetworkPolicy; add one with podSelector: {}, policyTypes: [Ingress, Egress] and no rules, then allow each app's traffic in its own policy`,
  },
  "namespace-default-deny": {
    code: `new k8s.apps.v1.Deployment("open-door", {
      metadata: { name: "open-door", namespace: "open-door" },
      spec: { selector: { matchLabels: { app: "web" } }, template: { metadata: { labels: { app: "web" } }, spec: { containers: [
        { ...secure, name: "web", image: "nginxinc/nginx-unprivileged:1.29.8-alpine" },
      ] } } },
    }, { provider: cluster });`,
    urn: "urn:pulumi:prod::jardin::kubernetes:apps/v1:Deployment::open-door",
    message:
      'the namespace "open-door" has no default-deny NetworkPolicy; add one (podSelector: {}, policyTypes: [Ingress, Egress], no rules) and allow each of its pods\' traffic in a policy of its own (components/platform/network-policies.ts namespacePolicies)',
  },
  "tenant-egress-public": {
    code: `new k8s.core.v1.Namespace("leaky-plot", {
      metadata: { name: "leaky-plot", labels: { "jardin/tenant": "leaky-plot", "pod-security.kubernetes.io/enforce": "restricted" } },
    }, { provider: cluster, protect: true, retainOnDelete: true });
    new k8s.networking.v1.NetworkPolicy("leaky-plot-deny", { metadata: { name: "deny", namespace: "leaky-plot" }, spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] } }, { provider: cluster });
    new k8s.core.v1.ResourceQuota("leaky-plot-quota", { metadata: { name: "quota", namespace: "leaky-plot" }, spec: { hard: { pods: "10" } } }, { provider: cluster });
    new k8s.core.v1.LimitRange("leaky-plot-limits", { metadata: { name: "limits", namespace: "leaky-plot" }, spec: { limits: [{ type: "Container", default: { memory: "256Mi" } }] } }, { provider: cluster });
    new k8s.networking.v1.NetworkPolicy("leaky-plot-egress", {
      metadata: { name: "egress-web", namespace: "leaky-plot" },
      spec: { podSelector: {}, policyTypes: ["Egress"], egress: [{ to: [{ ipBlock: { cidr: "0.0.0.0/0", except: ["169.254.169.254/32"] } }], ports: [{ protocol: "TCP", port: 443 }] }] },
    }, { provider: cluster });`,
    urn: "urn:pulumi:prod::jardin::kubernetes:networking.k8s.io/v1:NetworkPolicy::leaky-plot-egress",
    message:
      'NetworkPolicy leaky-plot/egress-web of tenant "leaky-plot": egress to 0.0.0.0/0 reaches the private ranges 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 169.254.0.0/16; a tenant\'s pods reach public addresses only: add them to except',
  },
  "sso-admin-private": {
    code: `new k8s.networking.v1.NetworkPolicy("keycloak-deny", { metadata: { name: "deny", namespace: "keycloak" }, spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] } }, { provider: cluster });
    new k8s.networking.v1.Ingress("open-console", {
      metadata: { name: "console", namespace: "keycloak" },
      spec: { tls: [{ hosts: ["sso.jardin.example"], secretName: "keycloak-tls" }], rules: [{ host: "sso.jardin.example", http: { paths: [{ path: "/admin", pathType: "Prefix", backend: { service: { name: "keycloak", port: { name: "http" } } } }] } }] },
    }, { provider: cluster });`,
    urn: "urn:pulumi:prod::jardin::kubernetes:networking.k8s.io/v1:Ingress::open-console",
    message:
      'Ingress keycloak/console: path "/admin" of sso.jardin.example exposes /admin to the world; route it only through an Ingress whose traefik.ingress.kubernetes.io/router.middlewares runs an ipAllowList Middleware of adminCidrs (components/platform/keycloak-ingress.ts)',
  },
  "tenant-storage-retained": {
    code: `new k8s.core.v1.Namespace("deleting-plot", {
      metadata: { name: "deleting-plot", labels: { "jardin/tenant": "deleting-plot", "pod-security.kubernetes.io/enforce": "restricted" } },
    }, { provider: cluster, protect: true, retainOnDelete: true });
    new k8s.networking.v1.NetworkPolicy("deleting-plot-deny", { metadata: { name: "deny", namespace: "deleting-plot" }, spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] } }, { provider: cluster });
    new k8s.core.v1.ResourceQuota("deleting-plot-quota", { metadata: { name: "quota", namespace: "deleting-plot" }, spec: { hard: { pods: "10" } } }, { provider: cluster });
    new k8s.core.v1.LimitRange("deleting-plot-limits", { metadata: { name: "limits", namespace: "deleting-plot" }, spec: { limits: [{ type: "Container", default: { memory: "256Mi" } }] } }, { provider: cluster });
    new k8s.storage.v1.StorageClass("deleting-class", { metadata: { name: "hcloud-deleting" }, provisioner: "csi.hetzner.cloud", reclaimPolicy: "Delete" }, { provider: cluster });
    new k8s.core.v1.PersistentVolumeClaim("deleting-plot-data", {
      metadata: { name: "data", namespace: "deleting-plot" },
      spec: { accessModes: ["ReadWriteOnce"], storageClassName: "hcloud-deleting", resources: { requests: { storage: "1Gi" } } },
    }, { provider: cluster, protect: true, retainOnDelete: true });`,
    urn: "urn:pulumi:prod::jardin::kubernetes:core/v1:PersistentVolumeClaim::deleting-plot-data",
    message: 'PersistentVolumeClaim deleting-plot/data: spec.storageClassName uses storage class "hcloud-deleting", whose reclaimPolicy is "Delete"; set reclaimPolicy: Retain on the class, or use one that has it',
  },
  "secrets-per-tenant": {
    code: `// One password for two tenants' Secrets, as a careless shared constant would give them.
    const sharedPassword = new random.RandomPassword("shared-password", { length: 32, special: false }, { provider: generated });
    for (const plot of ["twin-plot-a", "twin-plot-b"]) {
      new k8s.core.v1.Namespace(plot, {
        metadata: { name: plot, labels: { "jardin/tenant": plot, "pod-security.kubernetes.io/enforce": "restricted" } },
      }, { provider: cluster, protect: true, retainOnDelete: true });
      new k8s.networking.v1.NetworkPolicy(\`\${plot}-deny\`, { metadata: { name: "deny", namespace: plot }, spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] } }, { provider: cluster });
      new k8s.core.v1.ResourceQuota(\`\${plot}-quota\`, { metadata: { name: "quota", namespace: plot }, spec: { hard: { pods: "10" } } }, { provider: cluster });
      new k8s.core.v1.LimitRange(\`\${plot}-limits\`, { metadata: { name: "limits", namespace: plot }, spec: { limits: [{ type: "Container", default: { memory: "256Mi" } }] } }, { provider: cluster });
      new k8s.core.v1.Secret(\`\${plot}-app\`, { metadata: { name: "app", namespace: plot }, stringData: { password: sharedPassword.result } }, { provider: cluster });
    }`,
    urn: "urn:pulumi:prod::jardin::kubernetes:core/v1:Secret::twin-plot-b-app",
    message:
      'Secret twin-plot-b/app of tenant "twin-plot-b" is made from random:index/randomPassword:RandomPassword shared-password, as Secret twin-plot-a/app of tenant "twin-plot-a" is: one tenant\'s value would open the other\'s; generate one per tenant',
  },
  "alert-rules-present": {
    code: `new k8s.apiextensions.CustomResource("partial-alerts", {
      apiVersion: "operator.victoriametrics.com/v1beta1", kind: "VMRule",
      metadata: { name: "partial-alerts", namespace: "scratch" },
      spec: { groups: [{ name: "scratch", rules: [{ alert: "NodeNotReady", expr: 'kube_node_status_condition{condition="Ready",status="true"} == 0', for: "5m" }] }] },
    }, { provider: cluster });`,
    urn: "urn:pulumi:prod::jardin::kubernetes:operator.victoriametrics.com/v1beta1:VMRule::partial-alerts",
    message:
      "cluster hand-written-k8s: no alerting rule for DatabaseBackupFailed, DatabaseBackupTooOld, VolumeBackupFailed, VolumeBackupTooOld, CertificateExpiresSoon, VolumeAlmostFull, EtcdSnapshotMissing, PodCrashLooping, VideobridgeUnreachable; every cluster keeps them in its VMRule (components/platform/alerts/rules.ts, deployed by components/platform/monitoring.ts)",
  },
  "realm-mfa": {
    code: `const scratchRealm = new keycloak.Realm("scratch-realm", { realm: "scratch" }, { provider: sso, protect: true, retainOnDelete: true });
    new keycloak.RequiredAction("scratch-totp", { realmId: scratchRealm.id, alias: "CONFIGURE_TOTP", enabled: true, defaultAction: true }, { provider: sso });`,
    urn: "urn:pulumi:prod::jardin::keycloak:index/realm:Realm::scratch-realm",
    message:
      "realm scratch: MFA is required but 0 flow bindings are declared, not one: the built-in flows ask a code only of users who set one up; bind flows that require it (components/platform/keycloak-mfa.ts)",
  },
};

/**
 * A throwaway program for `npm run plan -- --program FILE`: explicit providers (the stack turns
 * default ones off) and the given hand-written resources. Pulumi's packages are imported from the
 * repository so that they are the very modules the plan runs under mocks.
 */
export function writeHandWrittenProgram(policies: readonly string[]): string {
  const from = (pkg: string) => JSON.stringify(join(ROOT_DIR, "node_modules", pkg));
  const text = `import * as hcloud from ${from("@pulumi/hcloud")};
import * as k8s from ${from("@pulumi/kubernetes")};
import * as keycloak from ${from("@pulumi/keycloak")};
import * as pulumi from ${from("@pulumi/pulumi")};
import * as random from ${from("@pulumi/random")};

// Everything pod-security asks for, so that each resource breaks one policy only.
const secure = {
  securityContext: { runAsNonRoot: true, allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] }, seccompProfile: { type: "RuntimeDefault" } },
  resources: { requests: { cpu: "10m", memory: "16Mi" }, limits: { memory: "32Mi" } },
};

export default function handWritten(): void {
  const cluster = new k8s.Provider("hand-written-k8s", { kubeconfig: "{}" });
  const cloud = new hcloud.Provider("hand-written-hcloud", { token: "hand-written" });
  const generated = new random.Provider("hand-written-random");
  // Keycloak answers once the fleet's gate says so (scripts/plan/ordering.ts holds every Keycloak
  // resource to it): a hand-written provider waits for it by URN, as a remote component's would.
  const ssoReady = new pulumi.DependencyResource("urn:pulumi:prod::jardin::jardin:platform:FleetKeycloak$pulumi-nodejs:dynamic/jardin:HttpsReady::sso-ready");
  const sso = new keycloak.Provider("hand-written-keycloak", { url: "https://sso.jardin.example", initialLogin: false }, { dependsOn: [ssoReady] });
  // The namespace most resources above go to denies by default, so that each breaks one policy only.
  new k8s.networking.v1.NetworkPolicy("scratch-deny", { metadata: { name: "deny", namespace: "scratch" }, spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] } }, { provider: cluster });
  ${policies.map((name) => HAND_WRITTEN[name]?.code ?? `throw new Error("no hand-written resource for ${name}")`).join("\n  ")}
}
`;
  const file = join(tempDir("program"), "hand-written.ts");
  writeFileSync(file, text);
  return file;
}

/**
 * The prod plan with these hand-written resources, as `npm run plan -- --program FILE` records it:
 * the hand-written program registers its resources alone, under mocks, beside the shared prod plan
 * (test/scripts/plan-policies.test.ts holds this equal to one recording of both).
 */
export async function prodPlanWith(policies: readonly string[]): Promise<Snapshot> {
  const program = await loadExtraProgram(writeHandWrittenProgram(policies));
  const handWritten = await runUnderMocks({ project: "jardin", stack: "prod" }, async () => program());
  const { snapshot } = prodPlan();
  return { ...snapshot, resources: sortedByUrn([...snapshot.resources, ...handWritten.resources]) };
}
