import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type { Arrival } from "../../model/move";
import type { LifecycleState } from "../../model/tenant";
import type { ClusterPlatform } from "../../model/contract/platform";
import type { TenantAdoption } from "./adoption";
import type { PodBudget } from "./budget";
import type { Placement } from "./placement";

/**
 * Everything the building block needs to know about where an app lives. An app component builds
 * one and hands it to every call (`workload`, `volumeClaim`, `appSecret`, `postgres`, ...), so its
 * own file says only what is particular to the app.
 */
export interface AppScope {
  /** The app's component: every resource the block registers is its child. */
  readonly parent: pulumi.Resource;
  /** The app component's name; children's names derive from it (`<name>-web`). */
  readonly name: string;
  /** `app.kubernetes.io/name`, e.g. `nextcloud`: names objects in the namespace, groups the plan. */
  readonly app: string;
  /** The tenant's namespace. */
  readonly namespace: pulumi.Input<string>;
  readonly provider: k8s.Provider;
  /** The tenant's labels (model/contract/tenant-labels.ts), set on every object. */
  readonly labels: Readonly<Record<string, string>>;
  readonly platform: ClusterPlatform;
  /** Where pods run: a dedicated tenant's own pool. @default the cluster's shared workers */
  readonly placement?: Placement;
  /**
   * `active`: everything runs. `suspended`: workloads stay declared with zero replicas and no
   * Ingress. `archived`: workloads are not declared at all. Data is kept in every state.
   */
  readonly state: LifecycleState;
  /** Collects what every pod asks for, so the tenant's quota is derived rather than guessed. */
  readonly budget: PodBudget;
  /** What already exists in the namespace, to import rather than create. @default nothing */
  readonly adoption?: TenantAdoption;
  /**
   * The new side of a moving tenant: its databases are recovered from the old side's backups
   * (model/move.ts). @default not moving
   */
  readonly arrival?: Arrival;
}

/** True when the tenant's pods may run: suspended and archived tenants keep only their data. */
export function isRunning(scope: Pick<AppScope, "state">): boolean {
  return scope.state === "active";
}

/** Labels of one part of an app; selectors use the last three. */
export function appLabels(scope: Pick<AppScope, "labels" | "app">, component: string): Record<string, string> {
  return { ...scope.labels, "app.kubernetes.io/name": scope.app, "app.kubernetes.io/component": component };
}

/** The smallest label set that picks one component's pods; stable, as Deployment selectors are immutable. */
export function selectorLabels(scope: Pick<AppScope, "labels" | "app">, component: string): Record<string, string> {
  const labels = appLabels(scope, component);
  return {
    "app.kubernetes.io/instance": labels["app.kubernetes.io/instance"] ?? "",
    "app.kubernetes.io/name": scope.app,
    "app.kubernetes.io/component": component,
  };
}

/** Options every child of the app gets. */
export function childOptions(scope: AppScope, extra: pulumi.CustomResourceOptions = {}): pulumi.CustomResourceOptions {
  return { parent: scope.parent, provider: scope.provider, ...extra };
}

/** Options of a child holding data: never deleted by Pulumi, not even when its declaration goes. */
export function statefulOptions(scope: AppScope, extra: pulumi.CustomResourceOptions = {}): pulumi.CustomResourceOptions {
  return childOptions(scope, { ...extra, protect: true, retainOnDelete: true });
}
