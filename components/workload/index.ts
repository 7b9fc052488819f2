// The building block of tenant apps: each app's file composes these, as cdk8s-plus composes its
// constructs. See components/apps/ for the apps built with it.
export { PodBudget, type PodFootprint } from "./budget";
export { type Check, type ContainerSpec, type EnvValue, type SecretKey } from "./container";
export { cronJob, type CronJobSpec } from "./cron-job";
export { ingress, type Route, type RoutePath } from "./ingress";
export { EGRESS_NEEDS, FROM_INGRESS_LABEL, type EgressNeed } from "./network";
export { placementOf, type Placement } from "./placement";
export { backupCredentialEntries, postgres, type Postgres, type PostgresSpec } from "./postgres";
export { appLabels, isRunning, type AppScope } from "./scope";
export { appSecret, type AppSecret } from "./secret";
export { service, type ServiceSpec } from "./service";
export { volumeClaim, type ClaimSpec } from "./volume-claim";
export { workload, type Workload, type WorkloadSpec } from "./workload";
