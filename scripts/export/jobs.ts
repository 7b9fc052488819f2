import { DATA_KEEPING_PRIORITY_CLASS, DATA_POD_RESOURCES } from "../../model/contract/data-keeping";
import { BACKUP_POD_LABEL, EXPORT_PASSWORD_KEY, VOLUME_BACKUPS_NAME } from "../../components/tenant/backups";
import { LABELS } from "../../model/contract/tenant-labels";
import type { SnapshotResource } from "../plan/snapshot";

/**
 * rclone streams to object storage from stdin (`rcat`) and its Alpine image has `tar` and `sh`.
 * https://rclone.org/docker/ · https://rclone.org/s3/#configuration (RCLONE_CONFIG_<REMOTE>_* variables)
 */
export const RCLONE_IMAGE = "rclone/rclone:1.71.2";



export interface ExportTarget {
  readonly tenant: string;
  /** `YYYY-MM-DD`: the export's folder. */
  readonly date: string;
  readonly bucket: string;
  readonly endpoint: string;
  readonly region: string;
}

/** What a tenant keeps, read from the plan: every claim and every CloudNativePG database, by app. */
export interface TenantData {
  readonly volumes: readonly {
    readonly app: string;
    readonly claim: string;
    /** The user and group of the app's pods that mount it (so the files are readable); none when nothing runs. */
    readonly owner?: { readonly user?: number; readonly group?: number; readonly component?: string };
  }[];
  readonly databases: readonly { readonly app: string; readonly cluster: string; readonly database: string; readonly image: string }[];
}

interface PodLike {
  volumes?: { persistentVolumeClaim?: { claimName?: string } }[];
  containers: { securityContext?: { runAsUser?: number } }[];
  securityContext?: { fsGroup?: number };
}

interface Meta {
  name?: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

/** The tenant's data as the program declares it: the plan is the inventory, nothing is listed twice. */
export function tenantData(resources: readonly SnapshotResource[], tenant: string): TenantData {
  const inNamespace = (r: SnapshotResource) => (r.inputs["metadata"] as Meta | undefined)?.namespace === tenant;
  const meta = (r: SnapshotResource) => r.inputs["metadata"] as Meta;
  const workloads = resources
    .filter((r) => /^kubernetes:apps\/v1:(Deployment|StatefulSet)$/.test(r.type) && inNamespace(r))
    .map((r) => (r.inputs["spec"] as { selector: { matchLabels: Record<string, string> }; template: { spec: PodLike } }));
  const ownerOf = (claim: string) => {
    const workload = workloads.find((w) => (w.template.spec.volumes ?? []).some((v) => v.persistentVolumeClaim?.claimName === claim));
    if (workload === undefined) return undefined;
    const pod = workload.template.spec;
    const user = pod.containers.find((c) => c.securityContext?.runAsUser !== undefined)?.securityContext?.runAsUser;
    const component = workload.selector.matchLabels["app.kubernetes.io/component"];
    return {
      ...(user === undefined ? {} : { user }),
      ...(pod.securityContext?.fsGroup === undefined ? {} : { group: pod.securityContext.fsGroup }),
      ...(component === undefined ? {} : { component }),
    };
  };
  const volumes = resources
    .filter((r) => r.type === "kubernetes:core/v1:PersistentVolumeClaim" && inNamespace(r))
    .map((r) => {
      const claim = meta(r).name ?? "";
      const owner = ownerOf(claim);
      return { app: meta(r).labels?.["app.kubernetes.io/name"] ?? "", claim, ...(owner === undefined ? {} : { owner }) };
    });
  const databases = resources
    .filter((r) => r.type === "kubernetes:postgresql.cnpg.io/v1:Cluster" && inNamespace(r))
    .map((r) => {
      // Made empty (initdb) or recovered from another's backups (a move's new side): either names its database.
      const spec = r.inputs["spec"] as { imageName: string; bootstrap: { initdb?: { database: string }; recovery?: { database: string } } };
      const database = spec.bootstrap.initdb?.database ?? spec.bootstrap.recovery?.database ?? "";
      return { app: meta(r).labels?.["app.kubernetes.io/name"] ?? "", cluster: meta(r).name ?? "", database, image: spec.imageName };
    });
  return { volumes, databases };
}

/**
 * rclone's crypt remote (XSalsa20-Poly1305 per file, https://rclone.org/crypt/), layered over the
 * bucket, so what the export writes is readable with the tenant's export passphrase only, never
 * with the fleet's object-storage key. File names stay readable (`filename_encryption = off`, each
 * file gets the `.bin` suffix), as manifest.json names them. Options of backend/crypt/crypt.go at
 * rclone v1.71.2; `password` must be given obscured (`IsPassword`), which `rclone obscure -` does
 * from stdin (cmd/obscure/obscure.go, same tag), so the passphrase never shows in a process list.
 */
export const SEALED_REMOTE = "sealed";
export const SEALED_SUFFIX = ".bin";
/** rclone reads a remote's options from `RCLONE_CONFIG_<REMOTE>_<OPTION>`. */
const SEALED_ENV = `RCLONE_CONFIG_${SEALED_REMOTE.toUpperCase()}`;

/** Where an export goes in the bucket, relative to the bucket. */
export function exportPrefix(target: Pick<ExportTarget, "tenant" | "date">): string {
  return `exports/${target.tenant}/${target.date}`;
}

/** manifest.json: what is where, in which open format, how to read it back. */
export function exportManifest(target: ExportTarget, data: TenantData): Record<string, unknown> {
  return {
    tenant: target.tenant,
    date: target.date,
    location: `s3://${target.bucket}/${exportPrefix(target)}/`,
    encryption: {
      format: "rclone crypt (https://rclone.org/crypt/), file names kept, each with the suffix .bin",
      key: `the organisation's export passphrase, key "${EXPORT_PASSWORD_KEY}" of the Secret "${VOLUME_BACKUPS_NAME}" in namespace ${target.tenant}, handed over with the files`,
      decrypt:
        "read -rs PASSPHRASE; export RCLONE_CONFIG_X_TYPE=crypt RCLONE_CONFIG_X_REMOTE=<folder of the downloaded files> RCLONE_CONFIG_X_FILENAME_ENCRYPTION=off " +
        "RCLONE_CONFIG_X_PASSWORD=\"$(printf '%s\\n' \"$PASSPHRASE\" | rclone obscure -)\"; rclone copy X: <folder for the clear files>",
    },
    databases: data.databases.map((d) => ({
      app: d.app,
      database: d.database,
      file: `${d.app}/${d.database}.sql.gz${SEALED_SUFFIX}`,
      format: "PostgreSQL plain SQL (pg_dump --format=plain --no-owner --no-privileges), gzip",
      restore: `gunzip -c ${d.database}.sql.gz | psql <database>`,
    })),
    volumes: data.volumes.map((v) => ({
      app: v.app,
      claim: v.claim,
      file: `${v.app}/${v.claim}.tar.gz${SEALED_SUFFIX}`,
      format: "POSIX tar of the volume's files, gzip",
      restore: `tar -xzf ${v.claim}.tar.gz -C <folder>`,
    })),
  };
}

const hardened = {
  runAsNonRoot: true,
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  capabilities: { drop: ["ALL"] },
  seccompProfile: { type: "RuntimeDefault" },
} as const;

const resources = DATA_POD_RESOURCES;

function rcloneEnv(target: ExportTarget): Record<string, unknown>[] {
  const fromSecret = (name: string, key: string) => ({ name, valueFrom: { secretKeyRef: { name: VOLUME_BACKUPS_NAME, key } } });
  return [
    // The crypt remote over the export's folder; its password is set by the command (obscured).
    { name: `${SEALED_ENV}_TYPE`, value: "crypt" },
    { name: `${SEALED_ENV}_REMOTE`, value: `export:${target.bucket}/${exportPrefix(target)}` },
    { name: `${SEALED_ENV}_FILENAME_ENCRYPTION`, value: "off" },
    fromSecret("EXPORT_PASSWORD", EXPORT_PASSWORD_KEY),
    { name: "RCLONE_CONFIG_EXPORT_TYPE", value: "s3" },
    { name: "RCLONE_CONFIG_EXPORT_PROVIDER", value: "Other" },
    { name: "RCLONE_CONFIG_EXPORT_ENDPOINT", value: target.endpoint },
    { name: "RCLONE_CONFIG_EXPORT_REGION", value: target.region },
    fromSecret("RCLONE_CONFIG_EXPORT_ACCESS_KEY_ID", "access-key-id"),
    fromSecret("RCLONE_CONFIG_EXPORT_SECRET_ACCESS_KEY", "secret-access-key"),
    // rclone keeps its cache and config under $HOME; the image's own is read-only here.
    { name: "HOME", value: "/tmp" },
  ];
}

/**
 * One Job per app: its database dumped with its own PostgreSQL image (pg_dump matches the
 * server), then its dump and each of its volumes streamed to the bucket, then the manifest.
 * The pod runs on the node of the app's pods, as its volumes are ReadWriteOnce, and reads them
 * read-only.
 */
export function exportJob(target: ExportTarget, data: TenantData, app: string): Record<string, unknown> {
  // Data goes through the crypt remote (it adds the .bin suffix); manifest.json, which says how to
  // decrypt and holds no data, goes in clear.
  const sealed = (file: string) => `${SEALED_REMOTE}:${file}`;
  const clear = (file: string) => `export:${target.bucket}/${exportPrefix(target)}/${file}`;
  const databases = data.databases.filter((d) => d.app === app);
  const volumes = data.volumes.filter((v) => v.app === app);
  // Read as the app's own user and group: its files may be private to it. Never an fsGroup here,
  // which would change the group of every file on the volume.
  const owner = volumes.find((v) => v.owner !== undefined)?.owner;
  const user = owner?.user ?? 65532;
  const running = owner !== undefined;
  const dump = databases.map((d) => ({
    name: `dump-${d.database}`,
    image: d.image,
    command: ["bash", "-c", `set -eo pipefail; pg_dump --format=plain --no-owner --no-privileges "$DATABASE_URI" | gzip > /work/${d.database}.sql.gz`],
    // CloudNativePG's generated `<cluster>-app` Secret: `uri` points at the read-write service.
    env: [{ name: "DATABASE_URI", valueFrom: { secretKeyRef: { name: `${d.cluster}-app`, key: "uri" } } }],
    resources,
    securityContext: hardened,
    volumeMounts: [{ name: "work", mountPath: "/work" }, { name: "tmp", mountPath: "/tmp" }],
  }));
  // pipefail: a tar that fails must fail the Job, not leave a truncated archive behind a success.
  const password = `${SEALED_ENV}_PASSWORD`;
  const upload = "set -eo pipefail; " + [
    // A failed obscure must stop the Job before anything is written (an assignment keeps its status).
    `${password}="$(printf '%s\\n' "$EXPORT_PASSWORD" | rclone obscure -)"`,
    `export ${password}`,
    ...databases.map((d) => `rclone copyto /work/${d.database}.sql.gz ${sealed(`${app}/${d.database}.sql.gz`)}`),
    ...volumes.map((v) => `tar -czf - -C /volumes/${v.claim} . | rclone rcat ${sealed(`${app}/${v.claim}.tar.gz`)}`),
    `rclone copyto /manifest/manifest.json ${clear("manifest.json")}`,
  ].join(" && ");
  return {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: {
      name: `export-${app}-${target.date}`,
      namespace: target.tenant,
      labels: { "app.kubernetes.io/part-of": "jardin", "app.kubernetes.io/component": "export", [LABELS.tenant]: target.tenant },
    },
    spec: {
      backoffLimit: 2,
      ttlSecondsAfterFinished: 7 * 24 * 3600,
      template: {
        metadata: {
          labels: {
            // The tenant's internet egress policy lets them reach object storage, never the metadata service.
            ...BACKUP_POD_LABEL,
            // The app's own label: its NetworkPolicy lets the Job reach the app's database.
            "app.kubernetes.io/instance": target.tenant,
            "app.kubernetes.io/name": app,
            "app.kubernetes.io/component": "export",
          },
        },
        spec: {
          restartPolicy: "Never",
          priorityClassName: DATA_KEEPING_PRIORITY_CLASS,
          automountServiceAccountToken: false,
          enableServiceLinks: false,
          securityContext: {
            runAsNonRoot: true,
            runAsUser: user,
            runAsGroup: user,
            ...(owner?.group === undefined ? {} : { supplementalGroups: [owner.group] }),
            seccompProfile: { type: "RuntimeDefault" },
          },
          // ReadWriteOnce: on the node of the app's pods while they run; anywhere once they are gone.
          ...(!running
            ? {}
            : {
                affinity: {
                  podAffinity: {
                    requiredDuringSchedulingIgnoredDuringExecution: [
                      {
                        // The pods that mount the claims (e.g. Nextcloud's web pod, not its office suite).
                        labelSelector: {
                          matchLabels: {
                            "app.kubernetes.io/instance": target.tenant,
                            "app.kubernetes.io/name": app,
                            ...(owner?.component === undefined ? {} : { "app.kubernetes.io/component": owner.component }),
                          },
                        },
                        topologyKey: "kubernetes.io/hostname",
                      },
                    ],
                  },
                },
              }),
          ...(dump.length === 0 ? {} : { initContainers: dump }),
          containers: [
            {
              name: "upload",
              image: RCLONE_IMAGE,
              command: ["sh", "-c", upload],
              env: rcloneEnv(target),
              resources,
              securityContext: hardened,
              volumeMounts: [
                { name: "work", mountPath: "/work" },
                { name: "tmp", mountPath: "/tmp" },
                { name: "manifest", mountPath: "/manifest", readOnly: true },
                ...volumes.map((v) => ({ name: v.claim, mountPath: `/volumes/${v.claim}`, readOnly: true })),
              ],
            },
          ],
          volumes: [
            { name: "work", emptyDir: {} },
            { name: "tmp", emptyDir: {} },
            { name: "manifest", configMap: { name: `export-${target.date}` } },
            ...volumes.map((v) => ({ name: v.claim, persistentVolumeClaim: { claimName: v.claim, readOnly: true } })),
          ],
        },
      },
    },
  };
}

/** Everything `kubectl apply` needs: the manifest's ConfigMap, then one Job per app with data. */
export function exportObjects(target: ExportTarget, data: TenantData): Record<string, unknown>[] {
  const apps = [...new Set([...data.databases.map((d) => d.app), ...data.volumes.map((v) => v.app)])].sort();
  const configMap = {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: `export-${target.date}`, namespace: target.tenant, labels: { "app.kubernetes.io/part-of": "jardin", [LABELS.tenant]: target.tenant } },
    data: { "manifest.json": `${JSON.stringify(exportManifest(target, data), null, 2)}\n` },
  };
  return [configMap, ...apps.map((app) => exportJob(target, data, app))];
}
