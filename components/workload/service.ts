import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import { appLabels, childOptions, selectorLabels, type AppScope } from "./scope";

export interface ServicePort {
  readonly name: string;
  readonly port: number;
  /** @default port */
  readonly targetPort?: number | string;
  /** @default "TCP" */
  readonly protocol?: "TCP" | "UDP";
  /** Only for `type: "NodePort"`: the fixed port on every node. */
  readonly nodePort?: number;
}

export interface ServiceSpec {
  readonly ports: readonly ServicePort[];
  /** @default "ClusterIP" */
  readonly type?: "ClusterIP" | "NodePort";
  /**
   * `Local` keeps the client's address and answers from the node that received the packet, which
   * media servers need. @default the Kubernetes default (Cluster)
   */
  readonly externalTrafficPolicy?: "Local" | "Cluster";
  /** Pods of this component receive the traffic. @default the component the service is named after */
  readonly selectComponent?: string;
}

/** A Service named `<app>-<component>` in front of one component's pods. */
export function service(scope: AppScope, component: string, spec: ServiceSpec): pulumi.Output<string> {
  const svc = new k8s.core.v1.Service(
    `${scope.name}-${component}`,
    {
      metadata: { name: `${scope.app}-${component}`, namespace: scope.namespace, labels: appLabels(scope, component) },
      spec: {
        type: spec.type ?? "ClusterIP",
        ...(spec.externalTrafficPolicy === undefined ? {} : { externalTrafficPolicy: spec.externalTrafficPolicy }),
        selector: selectorLabels(scope, spec.selectComponent ?? component),
        ports: spec.ports.map((p) => ({
          name: p.name,
          port: p.port,
          targetPort: p.targetPort ?? p.port,
          protocol: p.protocol ?? "TCP",
          ...(p.nodePort === undefined ? {} : { nodePort: p.nodePort }),
        })),
      },
    },
    childOptions(scope),
  );
  return svc.metadata.name;
}
