import * as k8s from "@pulumi/kubernetes";
import { backupMaxAgeAnnotation } from "../../model/contract/alerts";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type { Tenant } from "../../model/tenant";
import type { ClusterPlatform, FleetServices } from "../../model/contract/platform";
import type { PodBudget } from "../workload/budget";
import { sharedOnce } from "../workload/shared";
import type { TenantRealm } from "../../model/contract/realm";
import { isRestoring, type Arrival } from "../../model/move";
import { egressLabels } from "../workload/network";
import { DATA_KEEPING_PRIORITY_CLASS, DATA_POD, DATA_POD_RESOURCES } from "../../model/contract/data-keeping";

/** Name of the tenant's k8up objects (Secret, PodConfig, Schedule). */
export const VOLUME_BACKUPS_NAME = "volume-backups";

/**
 * Key of the tenant's `volume-backups` Secret holding the passphrase its exports are encrypted
 * with (scripts/export/jobs.ts): generated per tenant, so the shared object-storage key reads no
 * export, and one tenant's passphrase opens no other tenant's.
 */
export const EXPORT_PASSWORD_KEY = "export-password";

/**
 * Label of backup pods (set on the PodConfig, whose labels k8up gives them) and export pods
 * (scripts/export/jobs.ts): the tenant's internet egress policy (443, no private range, no
 * metadata address) selects it.
 */
export const BACKUP_POD_LABEL = egressLabels(["internet"]);


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
  /** The realm's shared things: the repository's password is made once for both sides of a move. */
  readonly realm: Pick<TenantRealm, "shared">;
  /** The new side of a moving tenant: restores its claims from the old side's snapshots. @default not moving */
  readonly arrival?: Arrival;
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
  // Both sides of a move read and write the same repository: one password.
  const repoPassword = sharedOnce(args.realm, "volume-backups-password", () =>
    new random.RandomPassword(`${name}-volume-backups-password`, { length: 48, special: false }, { parent, protect: true, retainOnDelete: true }),
  );
  // The exports' passphrase, handed to the organisation with its export; kept like the repository's,
  // one for both sides of a move.
  const exportPassword = sharedOnce(args.realm, "exports-password", () =>
    new random.RandomPassword(`${name}-exports-password`, { length: 48, special: false }, { parent, protect: true, retainOnDelete: true }),
  );
  const secret = new k8s.core.v1.Secret(
    `${name}-volume-backups`,
    {
      metadata,
      type: "Opaque",
      stringData: {
        "repo-password": pulumi.secret(repoPassword.result),
        [EXPORT_PASSWORD_KEY]: pulumi.secret(exportPassword.result),
        "access-key-id": pulumi.secret(backups.accessKeyId),
        "secret-access-key": pulumi.secret(backups.secretAccessKey),
      },
    },
    { ...child, retainOnDelete: true },
  );
  // Backup and export pods reach object storage through the tenant's internet egress policy, in
  // every state, so an archived tenant's data can still leave.
  args.budget.needEgress("internet");
  // In every state: a suspended or archived tenant's backups keep running (its lifecycle quota
  // admits the data-keeping class), so its snapshots stay as fresh as its schedule says.

  // k8up sets no container security context of its own; the tenant's namespace is `restricted`.
  // How k8up v2.15.0 builds each backup, prune and check pod (operator/job/job.go, MutateBatchJob):
  // - its labels are the PodConfig's own `metadata.labels`, merged into the pod template's: the
  //   CRD declares `spec.template.metadata` as an empty object, so the API server prunes any label
  //   set there (charts/k8up/crds/k8up.io_podconfigs.yaml at k8up-4.9.0). The label the tenant's
  //   egress policy selects therefore goes on the PodConfig itself.
  // - the PodConfig's pod spec is merged over the job's with mergo's WithOverride, which replaces
  //   a list whole (mergo merge.go, `case reflect.Slice`; k8up pins v0.3.16, read at v0.3.12 and
  //   on its default branch): the container below replaces the job's, resources included, so the
  //   resources are set here and not in a resourceRequirementsTemplate, which it would discard.
  //   k8up then sets the container's name, image, command, env and mounts again.
  const podConfig = new k8s.apiextensions.CustomResource(
    `${name}-volume-backups-pod`,
    {
      apiVersion: "k8up.io/v1",
      kind: "PodConfig",
      metadata: { ...metadata, labels: { ...metadata.labels, ...BACKUP_POD_LABEL } },
      spec: {
        template: {
          spec: {
            priorityClassName: DATA_KEEPING_PRIORITY_CLASS,
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
                resources: DATA_POD_RESOURCES,
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
  // Every pod k8up starts for the tenant: its PodConfig (which sizes it), non-root.
  const jobPods = {
    podConfigRef: { name: VOLUME_BACKUPS_NAME },
    podSecurityContext: { runAsNonRoot: true, runAsUser: 65532, seccompProfile: { type: "RuntimeDefault" } },
  };
  if (isRestoring(args.arrival)) {
    // No schedule on a side still restoring: a snapshot of a half-restored claim would become the
    // latest one of its path in the repository both sides share.
    volumeRestores(parent, name, { ...args, arrival: args.arrival!, backend, jobPods, metadata, dependsOn: [secret, podConfig] });
    args.budget.add({ app: "volume-restores", owner: "volume-restores/restic", pods: args.budget.claims.length, ...DATA_POD }, []);
    return;
  }
  const schedule = new k8s.apiextensions.CustomResource(
    `${name}-volume-backups-schedule`,
    {
      apiVersion: "k8up.io/v1",
      kind: "Schedule",
      // The alerts hold the namespace's last volume backup to this schedule (model/contract/alerts.ts).
      metadata: { ...metadata, annotations: backupMaxAgeAnnotation(tenant.backups.schedule) },
      spec: {
        backend,
        ...jobPods,
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
  if (tenant.state !== "active") {
    // Entering a stopped state takes one more snapshot at once, the state's last word; its object
    // stays as the record of it (deleting a k8up Backup object leaves its snapshot in restic).
    // https://docs.k8up.io/k8up/how-tos/backup.html
    new k8s.apiextensions.CustomResource(
      `${name}-volume-backups-on-${tenant.state}`,
      {
        apiVersion: "k8up.io/v1",
        kind: "Backup",
        metadata: { ...metadata, name: `${VOLUME_BACKUPS_NAME}-on-${tenant.state}` },
        spec: {
          backend,
          ...jobPods,
        },
      },
      { ...child, retainOnDelete: true, dependsOn: [schedule] },
    );
  }
  // Backup, prune and check never overlap on one repository (k8up locks it): one pod at a time.
  args.budget.add({ app: "volume-backups", owner: "volume-backups/restic", pods: 1, ...DATA_POD }, []);
}

/**
 * One k8up `Restore` per claim of a moving tenant's new side, from the last snapshot of the claim
 * of the same app on the old side, into the new (empty) claim. k8up v2.15 (chart k8up-4.9.0):
 * `paths` picks the latest snapshot holding `/data/<claim>` (k8up backs up each claim under that
 * path; docs/modules/ROOT/pages/how-tos/restore.adoc, operator/restorecontroller/executor.go
 * `--path`), and the restore trims that path so the files land at the claim's root
 * (restic/cli/restore.go folderRestore, `trimRestorePath` on by default in cmd/restic/main.go). Its
 * pod runs as the user that writes the claim in the app (the Restore's `podSecurityContext` is the
 * job's, operator/job/job.go MutateBatchJob), so the files restored are the app's.
 * Retained: its removal after the restore phase must never delete or re-run anything.
 */
function volumeRestores(
  parent: pulumi.Resource,
  name: string,
  args: VolumeBackupsArgs & {
    readonly arrival: Arrival;
    readonly backend: Record<string, unknown>;
    readonly jobPods: { readonly podConfigRef: { readonly name: string }; readonly podSecurityContext: Record<string, unknown> };
    readonly metadata: { readonly name: string; readonly namespace: pulumi.Input<string>; readonly labels: Record<string, string> };
    readonly dependsOn: readonly pulumi.Resource[];
  },
): void {
  for (const claim of args.budget.claims) {
    const source = args.arrival.sources.claims[claim] ?? claim;
    const owner = args.budget.claimUser(claim);
    new k8s.apiextensions.CustomResource(
      `${name}-volume-restore-${claim}`,
      {
        apiVersion: "k8up.io/v1",
        kind: "Restore",
        metadata: { ...args.metadata, name: `${VOLUME_RESTORE_PREFIX}${claim}` },
        spec: {
          backend: args.backend,
          podConfigRef: args.jobPods.podConfigRef,
          podSecurityContext: {
            ...args.jobPods.podSecurityContext,
            ...(owner?.user === undefined ? {} : { runAsUser: owner.user }),
            ...(owner?.group === undefined ? {} : { fsGroup: owner.group }),
          },
          paths: [`/data/${source}`],
          restoreMethod: { folder: { claimName: claim } },
          failedJobsHistoryLimit: 3,
          successfulJobsHistoryLimit: 1,
        },
      },
      { parent, provider: args.provider, retainOnDelete: true, dependsOn: [...args.dependsOn, ...args.budget.claimObjects, ...args.platform.dependsOn] },
    );
  }
}

/** `restore-<claim>`: the Restore objects of a move's restore phase. */
export const VOLUME_RESTORE_PREFIX = "restore-";
