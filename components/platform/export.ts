import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";

/**
 * Pods of a tenant's export Jobs (`npm run export`) run under this class. A suspended or archived
 * tenant's lifecycle quota counts every pod but these, so its data can still leave.
 */
export const EXPORT_PRIORITY_CLASS = "jardin-export";

/** The cluster's export PriorityClass: the default priority, never preempting anything. */
export function exportPriorityClass(name: string, opts: pulumi.CustomResourceOptions): k8s.scheduling.v1.PriorityClass {
  return new k8s.scheduling.v1.PriorityClass(
    `${name}-export-priority`,
    {
      metadata: { name: EXPORT_PRIORITY_CLASS, labels: { "app.kubernetes.io/part-of": "jardin" } },
      value: 0,
      preemptionPolicy: "Never",
      globalDefault: false,
      description: "Tenant data exports (jardin: npm run export); not counted by a stopped tenant's lifecycle quota.",
    },
    opts,
  );
}
