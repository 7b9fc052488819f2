import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import { adoptionOptions, KUBERNETES_OBJECT_INPUTS } from "./adoption";
import { appLabels, statefulOptions, type AppScope } from "./scope";

/**
 * k8up backs up the claims carrying it; the operator skips the others (databases' volumes).
 * https://docs.k8up.io/k8up/references/object-specifications.html
 */
export const VOLUME_BACKUP_ANNOTATION = "k8up.io/backup";

export interface ClaimSpec {
  /** Stable key within the app, e.g. `files`; names the claim `<app>-<key>`. */
  readonly key: string;
  readonly sizeGiB: number;
  /**
   * Former names of this claim's Pulumi resource: renaming one without an alias would delete and
   * recreate it, losing the data. @default none
   */
  readonly aliases?: pulumi.CustomResourceOptions["aliases"];
}

/**
 * A volume claim on the platform's Retain storage class. It outlives the app, the tenant file and
 * `pulumi destroy`: protected, retained on delete, and its volume kept by the class.
 */
export function volumeClaim(scope: AppScope, spec: ClaimSpec): { name: string; volume: k8s.types.input.core.v1.Volume } {
  // An adopted claim keeps its name and class (immutable); its size is checked against the
  // tenant file's before anything is registered (model/adoption.ts).
  const adoption = scope.adoption;
  const adopted = adoption?.spec.claims[`${scope.app}-${spec.key}`];
  const name = adopted?.name ?? `${scope.app}-${spec.key}`;
  const claim = new k8s.core.v1.PersistentVolumeClaim(
    `${scope.name}-${spec.key}`,
    {
      metadata: {
        name,
        namespace: scope.namespace,
        labels: appLabels(scope, spec.key),
        annotations: {
          // The claim may exist before its first consumer is scheduled (WaitForFirstConsumer).
          "pulumi.com/skipAwait": "true",
          // Backed up by the tenant's volume backups; databases have their own (components/tenant/backups.ts).
          [VOLUME_BACKUP_ANNOTATION]: "true",
        },
      },
      spec: {
        storageClassName: adopted?.storageClass ?? scope.platform.storageClass,
        accessModes: ["ReadWriteOnce"],
        resources: { requests: { storage: `${spec.sizeGiB}Gi` } },
      },
    },
    statefulOptions(scope, {
      aliases: spec.aliases,
      dependsOn: [...scope.platform.dependsOn],
      ...(adoption === undefined || adopted === undefined ? {} : adoptionOptions(adoption.spec, `${adoption.namespace}/${adopted.name}`, KUBERNETES_OBJECT_INPUTS)),
    }),
  );
  scope.budget.addClaim(scope.app, name, claim);
  return { name, volume: { name: spec.key, persistentVolumeClaim: { claimName: name } } };
}
