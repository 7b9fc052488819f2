import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import { appLabels, childOptions, isRunning, type AppScope } from "./scope";

/** A path prefix of a hostname and the Service port answering it. */
export interface RoutePath {
  readonly path: string;
  /** A port name of the Service. */
  readonly port: string;
  /** Another Service of the app. @default the workload's own */
  readonly service?: pulumi.Input<string>;
}

/** One public hostname and the paths it serves. */
export interface Route {
  readonly host: string;
  /** @default [{ path: "/", port: the first port of the service }] */
  readonly paths?: readonly RoutePath[];
  /**
   * The path the app answers 200 on through this hostname, read in its source at the pinned tag:
   * `npm run verify` asks it from outside. `null` for a hostname that serves nothing of its own
   * to ask (say why where it is set).
   * @default the path of the workload's HTTP readiness check
   */
  readonly health?: string | null;
}

/**
 * An Ingress with a certificate from the platform's cert-manager ClusterIssuer for every host.
 * A tenant that is not active gets none: its hostnames answer with the maintenance page instead
 * (components/tenant/maintenance.ts).
 * https://cert-manager.io/docs/usage/ingress/#supported-annotations
 */
export function ingress(
  scope: AppScope,
  component: string,
  routes: readonly Route[],
  backend: { readonly service: pulumi.Input<string>; readonly port: string },
  /** What a route's `health` defaults to: the workload's HTTP readiness path, if it has one. */
  defaultHealth?: string,
): void {
  if (!isRunning(scope) || routes.length === 0) return;
  for (const route of routes) {
    const healthPath = route.health === undefined ? defaultHealth : route.health;
    if (healthPath === null) continue;
    if (healthPath === undefined) {
      throw new Error(`${scope.app}/${component}: the route of ${route.host} has no health path; give its \`health\` (a path the app answers 200 on, read in its source), as its readiness check is not HTTP`);
    }
    const paths = (route.paths ?? [{ path: "/" }]).map((p) => p.path);
    if (!paths.some((prefix) => healthPath.startsWith(prefix))) {
      throw new Error(`${scope.app}/${component}: the health path ${healthPath} of ${route.host} is outside the paths it routes (${paths.join(", ")}); give the route a \`health\` below one of them`);
    }
    scope.budget.addEndpoint({ app: scope.app, hostname: route.host, healthPath });
  }
  const name = `${scope.app}-${component}`;
  new k8s.networking.v1.Ingress(
    `${scope.name}-${component}`,
    {
      metadata: {
        name,
        namespace: scope.namespace,
        labels: appLabels(scope, component),
        annotations: { "cert-manager.io/cluster-issuer": scope.platform.clusterIssuer },
      },
      spec: {
        ingressClassName: scope.platform.ingressClass,
        tls: [{ hosts: routes.map((r) => r.host), secretName: `${name}-tls` }],
        rules: routes.map((route) => ({
          host: route.host,
          http: {
            paths: (route.paths ?? [{ path: "/", port: backend.port }]).map((p: RoutePath) => ({
              path: p.path,
              pathType: "Prefix",
              backend: { service: { name: p.service ?? backend.service, port: { name: p.port } } },
            })),
          },
        })),
      },
    },
    childOptions(scope, { dependsOn: [...scope.platform.dependsOn] }),
  );
}
