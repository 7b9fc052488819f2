import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import { EXPORT_PRIORITY_CLASS } from "../../model/contract/priority-classes";


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
