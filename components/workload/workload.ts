import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import { podFootprint, podTemplate, type PodSpec } from "./pod";
import { ingress, type Route } from "./ingress";
import { FROM_INGRESS_LABEL, ALLOW } from "./network";
import { service, type ServicePort } from "./service";
import { appLabels, childOptions, isRunning, selectorLabels, type AppScope } from "./scope";

export interface WorkloadSpec extends PodSpec {
  /**
   * `StatefulSet` for pods with an identity of their own (a stable name, one at a time per claim).
   * @default "Deployment"
   */
  readonly kind?: "Deployment" | "StatefulSet";
  /** @default 1 */
  readonly replicas?: number;
  /** The Service in front of the pods. @default none */
  readonly ports?: readonly ServicePort[];
  /** Public hostnames routed to the Service, with TLS. @default none */
  readonly routes?: readonly Route[];
  /**
   * Pods mounting a ReadWriteOnce claim cannot overlap: the old one stops before the new starts.
   * @default true when a volume is a claim
   */
  readonly recreate?: boolean;
  /**
   * Annotations of the Deployment (or StatefulSet): facts a reviewer and the plan's diff must see,
   * e.g. a value that can never change. @default none
   */
  readonly annotations?: Readonly<Record<string, string>>;
  /** Former names of the workload's resources. @default none */
  readonly aliases?: pulumi.CustomResourceOptions["aliases"];
}

export interface Workload {
  /** The Service's name, when there is one. */
  readonly service?: pulumi.Output<string>;
}

/** The path of the first HTTP readiness check among the pod's containers: what its routes answer when it runs. */
function httpReadinessPath(spec: PodSpec): string | undefined {
  for (const container of spec.containers) {
    const check = container.readiness;
    if (check !== undefined && "http" in check) return check.http;
  }
  return undefined;
}

/**
 * One component of an app: a Deployment (or StatefulSet) of hardened pods, the Service in front
 * of them and the Ingress to it. Suspended: zero replicas. Archived: nothing is declared.
 */
export function workload(scope: AppScope, component: string, spec: WorkloadSpec, secretName: pulumi.Input<string>): Workload {
  if (scope.state === "archived") return {};
  const exposed = (spec.routes ?? []).length > 0;
  const replicas = isRunning(scope) ? (spec.replicas ?? 1) : 0;
  const recreate = spec.recreate ?? (spec.volumes ?? []).some((v) => v.persistentVolumeClaim !== undefined);
  const template = podTemplate(scope, component, spec, secretName, exposed ? { [FROM_INGRESS_LABEL]: ALLOW } : {});
  const metadata = {
    name: `${scope.app}-${component}`,
    namespace: scope.namespace,
    labels: appLabels(scope, component),
    ...(spec.annotations === undefined ? {} : { annotations: { ...spec.annotations } }),
  };
  const selector = { matchLabels: selectorLabels(scope, component) };
  // Its pods need the platform running (on a created cluster, nodes take pods once the cloud controller runs).
  const opts = childOptions(scope, { aliases: spec.aliases, dependsOn: [...scope.platform.dependsOn] });

  if ((spec.kind ?? "Deployment") === "StatefulSet") {
    new k8s.apps.v1.StatefulSet(
      `${scope.name}-${component}`,
      { metadata, spec: { replicas, selector, serviceName: metadata.name, template } },
      opts,
    );
  } else {
    new k8s.apps.v1.Deployment(
      `${scope.name}-${component}`,
      {
        metadata,
        spec: {
          replicas,
          selector,
          strategy: recreate ? { type: "Recreate" } : { type: "RollingUpdate", rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
          template,
        },
      },
      opts,
    );
  }
  noteClaimUsers(scope, spec);
  // A rolling update runs one pod more for a while: the quota must let it start.
  const surge = recreate || spec.kind === "StatefulSet" ? 0 : 1;
  scope.budget.add({ app: scope.app, owner: `${scope.app}/${component}`, pods: replicas + (replicas > 0 ? surge : 0), ...podFootprint(spec) }, spec.egress);

  if (spec.ports === undefined || spec.ports.length === 0) return {};
  const serviceName = service(scope, component, { ports: spec.ports });
  ingress(scope, component, spec.routes ?? [], { service: serviceName, port: spec.ports[0]!.name }, httpReadinessPath(spec));
  return { service: serviceName };
}

/** Who writes each claim the pods mount, as scripts/export/jobs.ts reads it back from the plan. */
function noteClaimUsers(scope: AppScope, spec: WorkloadSpec): void {
  const containers = [...(spec.initContainers ?? []), ...spec.containers];
  for (const volume of spec.volumes ?? []) {
    // The building block's claims are plain values (volume-claim.ts); anything else is not ours to restore.
    const source = volume.persistentVolumeClaim as { claimName?: unknown } | undefined;
    const claim = source?.claimName;
    if (typeof claim !== "string") continue;
    const user = containers.find((c) => c.runAsUser !== undefined && (c.mounts ?? []).some((m) => m.name === volume.name))?.runAsUser;
    scope.budget.noteClaimUser(claim, { ...(user === undefined ? {} : { user }), ...(spec.fsGroup === undefined ? {} : { group: spec.fsGroup }) });
  }
}
