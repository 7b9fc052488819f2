import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { ClusterPlatform } from "../../model/contract/platform";
import { PLATFORM_LABELS } from "../platform/namespaces";
import { acmeSolverIngress, ingressFor, namespacePolicies, podsOf, tcp } from "../platform/network-policies";
import { pinnedImage } from "../workload/container";
import { RESTRICTED_POD_SECURITY } from "../../model/contract/tenant-labels";
import { PLATFORM_NAMESPACES } from "../../model/contract/platform-namespaces";

/**
 * Where a cluster's maintenance page runs: the collective's own namespace (the tenant id `jardin`
 * is reserved). A suspended tenant's namespace admits no pod, so its hostnames are answered from
 * here instead: one Ingress per suspended tenant, in this namespace, to this page.
 */
export const MAINTENANCE = { namespace: PLATFORM_NAMESPACES.jardin, service: "maintenance", port: "http" } as const;
export const MAINTENANCE_IMAGE = "nginxinc/nginx-unprivileged:1.29.8-alpine";

const PAGE = `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>En pause · Paused</title></head>
<body style="font-family:sans-serif;max-width:36em;margin:4em auto;padding:0 1em">
<h1>Cet espace est en pause</h1>
<p>Les données de votre organisation sont conservées. Pour le rouvrir, écrivez aux jardinier·es du collectif.</p>
<h1 lang="en">This space is paused</h1>
<p lang="en">Your organisation's data is kept. To reopen it, write to the collective's gardeners.</p>
</body></html>
`;

// Every path answers the page with 503, so clients and crawlers know it is temporary.
const SERVER = `server {
  listen 8080;
  root /usr/share/nginx/html;
  error_page 503 /index.html;
  location = /index.html { internal; }
  location / { return 503; }
}
`;

export interface MaintenancePageArgs {
  readonly provider: k8s.Provider;
  /** Where the cluster's ingress controller runs: the only thing that reaches the page. */
  readonly ingressNamespace: string;
  /** What its pods wait for: the cluster's platform (on a created cluster, the cloud controller first). */
  readonly readyAfter: readonly pulumi.Resource[];
}

/** The page a suspended tenant's users see, once per cluster: two small static pods. */
export class MaintenancePage extends pulumi.ComponentResource {
  constructor(name: string, args: MaintenancePageArgs, opts?: pulumi.ComponentResourceOptions) {
    super("jardin:tenant:MaintenancePage", name, {}, opts);
    const child = { parent: this, provider: args.provider };
    const labels = { "app.kubernetes.io/name": "maintenance", "app.kubernetes.io/part-of": "jardin", "app.kubernetes.io/managed-by": "pulumi" };
    const namespace = new k8s.core.v1.Namespace(
      `${name}-namespace`,
      { metadata: { name: MAINTENANCE.namespace, labels: { ...labels, ...RESTRICTED_POD_SECURITY } } },
      child,
    );
    const ns = namespace.metadata.name;
    // The page reaches nothing and is reached by the ingress controller only.
    namespacePolicies(
      name,
      ns,
      {
        "from-ingress": ingressFor({ matchLabels: { "app.kubernetes.io/name": "maintenance" } }, { from: [podsOf(args.ingressNamespace)], ports: tcp(8080) }),
        // Suspended tenants' hostnames are certified here: cert-manager's solver pods answer the challenges.
        "acme-solver": acmeSolverIngress(podsOf(args.ingressNamespace)),
      },
      PLATFORM_LABELS,
      { ...child, dependsOn: [namespace] },
    );
    const config = new k8s.core.v1.ConfigMap(
      `${name}-page`,
      { metadata: { name: "maintenance", namespace: ns, labels }, data: { "index.html": PAGE, "default.conf": SERVER } },
      child,
    );
    const selector = { "app.kubernetes.io/name": "maintenance" };
    new k8s.apps.v1.Deployment(
      `${name}-web`,
      {
        metadata: { name: "maintenance", namespace: ns, labels },
        spec: {
          replicas: 2,
          selector: { matchLabels: selector },
          template: {
            metadata: { labels },
            spec: {
              automountServiceAccountToken: false,
              securityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
              containers: [
                {
                  name: "nginx",
                  image: pinnedImage(MAINTENANCE_IMAGE),
                  ports: [{ name: "http", containerPort: 8080, protocol: "TCP" }],
                  readinessProbe: { tcpSocket: { port: "http" }, periodSeconds: 10 },
                  livenessProbe: { tcpSocket: { port: "http" }, periodSeconds: 10 },
                  resources: { requests: { cpu: "10m", memory: "16Mi" }, limits: { memory: "64Mi" } },
                  securityContext: {
                    runAsNonRoot: true,
                    runAsUser: 101,
                    allowPrivilegeEscalation: false,
                    readOnlyRootFilesystem: true,
                    capabilities: { drop: ["ALL"] },
                    seccompProfile: { type: "RuntimeDefault" },
                  },
                  volumeMounts: [
                    { name: "page", mountPath: "/usr/share/nginx/html/index.html", subPath: "index.html", readOnly: true },
                    { name: "page", mountPath: "/etc/nginx/conf.d/default.conf", subPath: "default.conf", readOnly: true },
                    { name: "tmp", mountPath: "/tmp" },
                    { name: "cache", mountPath: "/var/cache/nginx" },
                  ],
                },
              ],
              volumes: [
                { name: "page", configMap: { name: config.metadata.name } },
                { name: "tmp", emptyDir: {} },
                { name: "cache", emptyDir: {} },
              ],
            },
          },
        },
      },
      { ...child, dependsOn: [...args.readyAfter] },
    );
    new k8s.core.v1.Service(
      `${name}-service`,
      { metadata: { name: MAINTENANCE.service, namespace: ns, labels }, spec: { selector, ports: [{ name: "http", port: 80, targetPort: "http", protocol: "TCP" }] } },
      child,
    );
    this.registerOutputs({});
  }
}

/** The Ingress that sends a suspended tenant's hostnames to its cluster's maintenance page. */
export function maintenanceIngress(
  parent: pulumi.Resource,
  name: string,
  args: { readonly tenantId: string; readonly hosts: readonly string[]; readonly provider: k8s.Provider; readonly platform: ClusterPlatform; readonly labels: Readonly<Record<string, string>> },
): void {
  if (args.hosts.length === 0) return;
  new k8s.networking.v1.Ingress(
    `${name}-maintenance`,
    {
      metadata: {
        name: `suspended-${args.tenantId}`,
        namespace: MAINTENANCE.namespace,
        labels: { ...args.labels },
        annotations: { "cert-manager.io/cluster-issuer": args.platform.clusterIssuer },
      },
      spec: {
        ingressClassName: args.platform.ingressClass,
        tls: [{ hosts: [...args.hosts], secretName: `suspended-${args.tenantId}-tls` }],
        rules: args.hosts.map((host) => ({
          host,
          http: { paths: [{ path: "/", pathType: "Prefix", backend: { service: { name: MAINTENANCE.service, port: { name: MAINTENANCE.port } } } }] },
        })),
      },
    },
    { parent, provider: args.provider, dependsOn: [...args.platform.dependsOn] },
  );
}
