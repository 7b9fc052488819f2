import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

/**
 * What Keycloak serves to the world, and what only to the gardeners' networks. Keycloak's own
 * guidance: expose `/realms/`, `/resources/` and `/.well-known/`; never `/admin/`, `/metrics`,
 * `/health`, nor `/` as a whole. https://www.keycloak.org/server/reverseproxy#_exposed_path_recommendations
 * The master realm's login (`/realms/master`) lets one into every tenant's realm: it is kept with
 * `/admin` to `adminCidrs`.
 */
export const KEYCLOAK_PUBLIC_PATHS = ["/realms", "/resources", "/.well-known"] as const;
export const KEYCLOAK_ADMIN_PATHS = ["/admin", "/realms/master"] as const;

/** The Middleware's name; Traefik names it `<namespace>-<name>@kubernetescrd` in an Ingress's annotation. */
export const ADMIN_NETWORKS_MIDDLEWARE = "admin-networks";

/**
 * Traefik's Ingress annotations (https://doc.traefik.io/traefik/v3.7/reference/routing-configuration/kubernetes/ingress/#on-ingress):
 * the middlewares a router runs, and its priority. The admin router's explicit priority wins over
 * the public `/realms` router for `/realms/master`, whatever the rules' lengths.
 */
export const TRAEFIK_MIDDLEWARES_ANNOTATION = "traefik.ingress.kubernetes.io/router.middlewares";
export const TRAEFIK_PRIORITY_ANNOTATION = "traefik.ingress.kubernetes.io/router.priority";
const ADMIN_ROUTER_PRIORITY = "1000";

export interface KeycloakIngressArgs {
  readonly namespace: pulumi.Input<string>;
  readonly labels: Readonly<Record<string, string>>;
  readonly hostname: string;
  readonly serviceName: pulumi.Input<string>;
  readonly ingressClass: string;
  readonly clusterIssuer: string;
  /** The fleet's `adminCidrs`: the only networks that reach the admin console and the master realm. */
  readonly adminCidrs: readonly string[];
  readonly dependsOn: readonly pulumi.Resource[];
}

/**
 * Two Ingresses for one host: the public one with Keycloak's public paths only, and the admin one
 * with `/admin` and the master realm behind Traefik's ipAllowList. Traefik sees each client's own
 * address: the load balancer hands it over with the PROXY protocol (components/platform/traefik.ts).
 */
export function keycloakIngresses(name: string, args: KeycloakIngressArgs, opts: pulumi.CustomResourceOptions): k8s.networking.v1.Ingress[] {
  const backend = { service: { name: args.serviceName, port: { name: "http" } } };
  const rules = (paths: readonly string[]) => [
    { host: args.hostname, http: { paths: paths.map((path) => ({ path, pathType: "Prefix", backend })) } },
  ];
  const tls = [{ hosts: [args.hostname], secretName: "keycloak-tls" }];

  // https://github.com/traefik/traefik-helm-chart/blob/v41.3.0/traefik/crds/traefik.io_middlewares.yaml (ipAllowList.sourceRange)
  const middleware = new k8s.apiextensions.CustomResource(
    `${name}-admin-networks`,
    {
      apiVersion: "traefik.io/v1alpha1",
      kind: "Middleware",
      metadata: { name: ADMIN_NETWORKS_MIDDLEWARE, namespace: args.namespace, labels: { ...args.labels } },
      spec: { ipAllowList: { sourceRange: [...args.adminCidrs] } },
    },
    { ...opts, dependsOn: [...args.dependsOn] },
  );

  // Same resource name as when it served `/`: Pulumi updates it in place.
  const publicIngress = new k8s.networking.v1.Ingress(
    `${name}-ingress`,
    {
      metadata: {
        name: "keycloak",
        namespace: args.namespace,
        labels: { ...args.labels },
        // Only this Ingress asks cert-manager for the certificate; the admin one reuses its Secret.
        annotations: { "cert-manager.io/cluster-issuer": args.clusterIssuer },
      },
      spec: { ingressClassName: args.ingressClass, tls, rules: rules(KEYCLOAK_PUBLIC_PATHS) },
    },
    { ...opts, dependsOn: [...args.dependsOn] },
  );

  const adminIngress = new k8s.networking.v1.Ingress(
    `${name}-admin-ingress`,
    {
      metadata: {
        name: "keycloak-admin",
        namespace: args.namespace,
        labels: { ...args.labels },
        annotations: {
          [TRAEFIK_MIDDLEWARES_ANNOTATION]: pulumi.interpolate`${args.namespace}-${ADMIN_NETWORKS_MIDDLEWARE}@kubernetescrd`,
          [TRAEFIK_PRIORITY_ANNOTATION]: ADMIN_ROUTER_PRIORITY,
        },
      },
      spec: { ingressClassName: args.ingressClass, tls, rules: rules(KEYCLOAK_ADMIN_PATHS) },
    },
    // Never served before its allow-list exists.
    { ...opts, dependsOn: [...args.dependsOn, middleware] },
  );
  return [publicIngress, adminIngress];
}
