import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type { Tenant } from "../../model/tenant";
import type { ClusterPlatform, FleetServices } from "../../model/contract/platform";
import type { PodBudget } from "../workload/budget";
import { egressLabels } from "../workload/network";

/** Name of the tenant's k8up objects (Secret, PodConfig, Schedule). */
export const VOLUME_BACKUPS_NAME = "volume-backups";

/**
 * Label of backup pods (set through the PodConfig's pod template) and export pods
 * (scripts/export/jobs.ts): the tenant's internet egress policy (443, no private range, no
 * metadata address) selects it.
 */
export const BACKUP_POD_LABEL = egressLabels(["internet"]);

/** What each backup, prune and check pod asks for. */
const BACKUP_POD = { cpuMillis: 100, memoryMiB: 256, memoryLimitMiB: 512 } as const;

/** Where a tenant's restic repository lives in the fleet's bucket: next to its databases' backups. */
export function volumeBackupsPath(tenantId: string): string {
  return `${tenantId}/volumes`;
}

export interface VolumeBackupsArgs {
  readonly tenant: Tenant;
  readonly namespace: pulumi.Input<string>;
  readonly provider: k8s.Provider;
  readonly labels: Readonly<Record<string, string>>;
  readonly platform: ClusterPlatform;
  readonly backups: FleetServices["backups"];
  readonly budget: PodBudget;
}

/**
 * The tenant's volume backups with k8up (components/platform/k8up.ts): every claim of its apps,
 * on the tenant file's schedule, kept `retentionDays` daily snapshots, into a restic repository
 * of its own (encrypted with a generated password) at `<bucket>/<tenant>/volumes`.
 * https://docs.k8up.io/k8up/how-tos/schedules.html
 */
export function volumeBackups(parent: pulumi.Resource, name: string, args: VolumeBackupsArgs): void {
  const { tenant, provider, labels, backups } = args;
  const child = { parent, provider };
  const metadata = { name: VOLUME_BACKUPS_NAME, namespace: args.namespace, labels: { ...labels } };

  // Without this password the backups cannot be read: it outlives the tenant file, like the data.
  const repoPassword = new random.RandomPassword(
    `${name}-volume-backups-password`,
    { length: 48, special: false },
    { parent, protect: true, retainOnDelete: true },
  );
  const secret = new k8s.core.v1.Secret(
    `${name}-volume-backups`,
    {
      metadata,
      type: "Opaque",
      stringData: {
        "repo-password": pulumi.secret(repoPassword.result),
        "access-key-id": pulumi.secret(backups.accessKeyId),
        "secret-access-key": pulumi.secret(backups.secretAccessKey),
      },
    },
    { ...child, retainOnDelete: true },
  );
  // Backup and export pods reach object storage through the tenant's internet egress policy, in
  // every state, so an archived tenant's data can still leave.
  args.budget.needEgress("internet");
  // Suspended and archived tenants run no pod (their quota refuses them): no schedule, and their
  // last snapshots stay, as nothing prunes them either.
  if (tenant.state !== "active") return;

  // k8up sets no container security context of its own; the tenant's namespace is `restricted`.
  // https://docs.k8up.io/k8up/how-tos/backup.html (PodConfig)
  const podConfig = new k8s.apiextensions.CustomResource(
    `${name}-volume-backups-pod`,
    {
      apiVersion: "k8up.io/v1",
      kind: "PodConfig",
      metadata,
      spec: {
        template: {
          metadata: { labels: { ...BACKUP_POD_LABEL } },
          spec: {
            automountServiceAccountToken: false,
            containers: [
              {
                name: "k8up",
                securityContext: {
                  allowPrivilegeEscalation: false,
                  capabilities: { drop: ["ALL"] },
                  runAsNonRoot: true,
                  seccompProfile: { type: "RuntimeDefault" },
                },
              },
            ],
          },
        },
      },
    },
    { ...child, dependsOn: [...args.platform.dependsOn] },
  );
  const backend = {
    repoPasswordSecretRef: { name: VOLUME_BACKUPS_NAME, key: "repo-password" },
    s3: {
      endpoint: backups.endpoint,
      // k8up builds restic's `s3:<endpoint>/<bucket>`: a path after the bucket is the repository's prefix.
      bucket: `${backups.bucket}/${volumeBackupsPath(tenant.id)}`,
      accessKeyIDSecretRef: { name: VOLUME_BACKUPS_NAME, key: "access-key-id" },
      secretAccessKeySecretRef: { name: VOLUME_BACKUPS_NAME, key: "secret-access-key" },
    },
  };
  new k8s.apiextensions.CustomResource(
    `${name}-volume-backups-schedule`,
    {
      apiVersion: "k8up.io/v1",
      kind: "Schedule",
      metadata,
      spec: {
        backend,
        podConfigRef: { name: VOLUME_BACKUPS_NAME },
        podSecurityContext: { runAsNonRoot: true, runAsUser: 65532, seccompProfile: { type: "RuntimeDefault" } },
        resourceRequirementsTemplate: {
          requests: { cpu: `${BACKUP_POD.cpuMillis}m`, memory: `${BACKUP_POD.memoryMiB}Mi` },
          limits: { memory: `${BACKUP_POD.memoryLimitMiB}Mi` },
        },
        successfulJobsHistoryLimit: 1,
        failedJobsHistoryLimit: 3,
        backup: { schedule: tenant.backups.schedule },
        // Same retention as the databases' (the tenant file's backups.retentionDays).
        prune: { schedule: "@weekly-random", retention: { keepDaily: tenant.backups.retentionDays } },
        check: { schedule: "@monthly-random" },
      },
    },
    { ...child, dependsOn: [secret, podConfig, ...args.platform.dependsOn] },
  );
  // Backup, prune and check never overlap on one repository (k8up locks it): one pod at a time.
  args.budget.add({ app: "volume-backups", owner: "volume-backups/restic", pods: 1, ...BACKUP_POD }, []);
}
