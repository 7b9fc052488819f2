import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import { DATA_KEEPING_PRIORITY_CLASS } from "../../model/contract/data-keeping";


/** The cluster's data-keeping PriorityClass: the default priority, never preempting anything. */
export function exportPriorityClass(name: string, opts: pulumi.CustomResourceOptions): k8s.scheduling.v1.PriorityClass {
  return new k8s.scheduling.v1.PriorityClass(
    `${name}-export-priority`,
    {
      metadata: { name: DATA_KEEPING_PRIORITY_CLASS, labels: { "app.kubernetes.io/part-of": "jardin" } },
      value: 0,
      preemptionPolicy: "Never",
      globalDefault: false,
      description: "Pods that keep or carry a tenant's data (databases, volume backups, exports); not counted by a stopped tenant's lifecycle quota.",
    },
    opts,
  );
}
