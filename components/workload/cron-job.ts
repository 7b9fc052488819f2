import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import { podFootprint, podTemplate, type PodSpec } from "./pod";
import { appLabels, childOptions, isRunning, type AppScope } from "./scope";

export interface CronJobSpec extends PodSpec {
  /** Cron, UTC. */
  readonly schedule: string;
  /** Give up on a run after this long. @default 600 */
  readonly deadlineSeconds?: number;
}

/**
 * An app's background job. A run never overlaps the previous one; a suspended tenant's job is
 * suspended, an archived tenant's is not declared.
 */
export function cronJob(scope: AppScope, component: string, spec: CronJobSpec, secretName: pulumi.Input<string>): void {
  if (scope.state === "archived") return;
  const template = podTemplate(scope, component, spec, secretName);
  new k8s.batch.v1.CronJob(
    `${scope.name}-${component}`,
    {
      metadata: { name: `${scope.app}-${component}`, namespace: scope.namespace, labels: appLabels(scope, component) },
      spec: {
        schedule: spec.schedule,
        timeZone: "Etc/UTC",
        concurrencyPolicy: "Forbid",
        suspend: !isRunning(scope),
        successfulJobsHistoryLimit: 1,
        failedJobsHistoryLimit: 3,
        jobTemplate: {
          spec: {
            activeDeadlineSeconds: spec.deadlineSeconds ?? 600,
            backoffLimit: 1,
            ttlSecondsAfterFinished: 3600,
            template: { ...template, spec: { ...template.spec, restartPolicy: "Never" } },
          },
        },
      },
    },
    // Its pods need the platform running, as a workload's do.
    childOptions(scope, { dependsOn: [...scope.platform.dependsOn] }),
  );
  if (isRunning(scope)) scope.budget.add({ app: scope.app, owner: `${scope.app}/${component}`, pods: 1, ...podFootprint(spec) }, spec.egress);
}
