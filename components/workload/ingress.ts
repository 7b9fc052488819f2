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
): void {
  if (!isRunning(scope) || routes.length === 0) return;
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
