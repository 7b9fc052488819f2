import { z } from "zod";
import { cronSchedule } from "./cron";
import { declaredChangesSchema } from "./declared-changes";
import { MAX_SERVERS_PER_POOL } from "./hetzner";
import { euLocation, serverType } from "./hetzner-schemas";
import { DEDICATED_POOL_PREFIX } from "./node-pools";
import { documentationRange, isExampleDomain, PLACEHOLDER_SHA256 } from "./example-fleet";
import { matrixServerNamesSchema } from "./matrix-server-names";
import { adminCidr, email, hostname, isHostname, slug, sshPublicKey } from "./names";

/** Cluster names become Kubernetes provider names, config keys and label values. */
export const clusterName = slug("cluster name", 30);

const poolName = slug("pool name", 20).refine((key) => !key.startsWith(DEDICATED_POOL_PREFIX), {
  error: (issue) => `"${String(issue.input)}" starts with "${DEDICATED_POOL_PREFIX}", which names tenants' dedicated pools; pick another pool name`,
});

/** A set of identical machines in one location, spread over hosts by one placement group. */
const poolSchema = z.strictObject({
  role: z.enum(["control-plane", "worker"]),
  serverType,
  count: z.number().int().min(1).max(MAX_SERVERS_PER_POOL, {
    error: `a pool has at most ${MAX_SERVERS_PER_POOL} servers; add another pool`,
  }),
  /** @default the cluster's first location */
  location: euLocation.optional(),
  /**
   * Why this pool may use less than 40 % of its memory (requests over allocatable), e.g. a location
   * kept for availability: the plan prints it instead of a warning. @default none
   */
  lowUtilisationReason: z.string().trim().min(10, { error: "say in a sentence why this pool may stay under-used, or leave lowUtilisationReason out" }).optional(),
});

/** An object name in Kubernetes (a StorageClass, an IngressClass, a namespace). */
const kubernetesName = slug("Kubernetes object name", 63);

/** What an adopted cluster brings; the platform installs only what is not listed here. */
const adoptedExistingSchema = z.strictObject({
  /** The StorageClass tenant data goes on; it must have `reclaimPolicy: Retain`. */
  storageClass: kubernetesName,
  /** The ingress controller serving tenants' hostnames. */
  ingress: z.strictObject({
    /** Its IngressClass. */
    className: kubernetesName,
    /** The namespace its pods run in: tenants' NetworkPolicies admit traffic from there only. */
    namespace: kubernetesName,
    /** The public address DNS records point at. */
    address: z.ipv4({ error: "write the ingress's public IPv4 address, like \"203.0.113.10\"" }),
    /** Its public IPv6 address, for AAAA records. @default none: names get A records only */
    address6: z.ipv6({ error: "write the ingress's public IPv6 address, like \"2001:db8::10\", or leave address6 out" }).optional(),
  }),
  /** A cert-manager ClusterIssuer the cluster already has. @default none: jardin installs cert-manager */
  clusterIssuer: kubernetesName.optional(),
  /** CloudNativePG runs there already. @default false: jardin installs it */
  cloudnativePg: z.boolean().default(false),
  /**
   * The cluster's network plugin, and whether it enforces NetworkPolicies, as its gardeners have
   * checked: every tenant boundary jardin draws is a NetworkPolicy, which a plugin that does not
   * enforce them (plain flannel) accepts and ignores. Calico, Cilium, kube-router and k3s's own
   * network policy controller enforce them. Required: nothing in the cluster's API tells.
   */
  networkPolicies: z.strictObject({
    /** The plugin, e.g. "calico", "cilium", "k3s (flannel with its network policy controller)". */
    cni: z.string().trim().min(1),
    /** Whether it enforces NetworkPolicies; with false, jardin puts no tenant's bundle there. */
    enforced: z.boolean(),
  }),
});

/** A created cluster's etcd snapshots run every six hours unless its fleet entry says otherwise. */
export const DEFAULT_ETCD_SNAPSHOT_SCHEDULE = "0 */6 * * *";

const originSchema = z.discriminatedUnion("kind", [
  z.strictObject({
    /** jardin creates the machines and installs k3s on them. */
    kind: z.literal("created"),
    /** A k3s release, pinned so that upgrades are reviewed changes. */
    k3sVersion: z.string().regex(/^v\d+\.\d+\.\d+\+k3s\d+$/, {
      error: (issue) => `${JSON.stringify(issue.input)} is not a k3s release; write it like "v1.34.2+k3s1"`,
    }),
    /**
     * The SHA-256 of that release's installer (`install.sh` at the release's tag of k3s-io/k3s),
     * which new servers check before running it: `curl -sfL
     * https://raw.githubusercontent.com/k3s-io/k3s/<k3sVersion>/install.sh | sha256sum`, read
     * with the script itself. Changed with k3sVersion. (The installer then checks the k3s binary
     * against the release's own sha256sum file.)
     */
    k3sInstallerSha256: z.string().regex(/^[0-9a-f]{64}$/, {
      error: "write the installer's SHA-256 as 64 lowercase hex digits (curl -sfL https://raw.githubusercontent.com/k3s-io/k3s/<k3sVersion>/install.sh | sha256sum)",
    }),
    /**
     * etcd snapshots to the fleet's object storage (`backups.etcd`'s bucket, or the backups
     * bucket, under `etcd/<cluster>/`).
     * @default { schedule: "0 *\/6 * * *", retain: 28 }
     */
    etcdSnapshots: z
      .strictObject({
        /** Cron, UTC. @default "0 *\/6 * * *" */
        schedule: cronSchedule.default(DEFAULT_ETCD_SNAPSHOT_SCHEDULE),
        /** Snapshots kept. @default 28 (a week at four a day) */
        retain: z.number().int().min(3).max(500).default(28),
      })
      .default({ schedule: DEFAULT_ETCD_SNAPSHOT_SCHEDULE, retain: 28 }),
  }),
  z.strictObject({
    /** The cluster exists already; jardin reaches it with a kubeconfig kept in secret config. */
    kind: z.literal("adopted"),
    /**
     * What the cluster already runs and jardin uses as it is. jardin does not own an adopted
     * cluster's machines, so it cannot install their storage driver or the ingress in front of them.
     */
    existing: adoptedExistingSchema,
  }),
]);

const clusterSchema = z.strictObject({
  description: z.string().min(1),
  /**
   * `retiring`: its tenants move to other clusters over time; the plan counts who is left.
   * @default "active"
   */
  status: z.enum(["active", "retiring"]).default("active"),
  /**
   * A retiring cluster only, and required there: the ids of the tenants it still hosts. A tenant
   * file naming a retiring cluster is refused unless its id is listed, so no new organisation
   * lands on a cluster that is being switched off, whatever plan or `pulumi up` reads the files.
   * A tenant that has moved away may be taken off the list.
   */
  admitted: z.array(slug("tenant id", 63)).optional(),
  origin: originSchema,
  /** Where its machines are; the first is the default for pools. */
  locations: z.array(euLocation).min(1),
  /** Keyed by stable names: removing one pool never renames another. */
  pools: z.record(poolName, poolSchema),
});

export const fleetSchema = z
  .strictObject({
    /** The Pulumi stack this file describes. */
    stack: slug("stack name", 30),
    /** The collective's own domain: platform services (single sign-on, ...) live under it. */
    baseDomain: hostname,
    /** Where certificate authorities and alerts write to. */
    operatorsEmail: email,
    /** Networks allowed to reach SSH and the Kubernetes API of created clusters. */
    adminCidrs: z.array(adminCidr).min(1),
    /** The gardeners' SSH public keys, keyed by a stable name (a person or a role). */
    sshKeys: z.record(slug("SSH key name", 40), sshPublicKey),
    /** The fleet's single sign-on: one Keycloak at `sso.<baseDomain>`, one realm per tenant. */
    sso: z.strictObject({
      /** The cluster it runs on; an active one, since every tenant's login depends on it. */
      cluster: clusterName,
    }),
    /**
     * The relay every tenant's apps and realm send mail through, each tenant with an account of its
     * own (`<tenant id>@<senderDomain>`, its password generated by jardin, kept in that tenant's
     * namespace and realm only): the relay lets each account send as its own address only. The
     * collective's own relay password is no config of jardin's.
     */
    smtp: z.strictObject({
      host: hostname,
      port: z.literal([465, 587], { error: "SMTP submission uses port 587 (STARTTLS) or 465 (TLS); use one of them" }),
      senderDomain: hostname,
    }),
    /** Hetzner Object Storage for backups; its keys are secret config. */
    backups: z.strictObject({
      location: euLocation,
      bucket: slug("bucket name", 63),
      /**
       * Where the created clusters' etcd snapshots go, when not beside the tenants' backups: a
       * bucket of another Hetzner project, with that project's keys (secret config
       * `etcdSnapshotsAccessKeyId`, `etcdSnapshotsSecretAccessKey`). Hetzner's keys reach every
       * bucket of their project and none of another's
       * (https://docs.hetzner.com/storage/object-storage/faq/buckets-objects), so a tenant's backup
       * key then opens no snapshot, which holds every Secret of the cluster.
       * @default the backups bucket, under `etcd/<cluster>/`, with the backups' keys
       */
      etcd: z.strictObject({ location: euLocation, bucket: slug("bucket name", 63) }).optional(),
    }),
    /** Keyed by the cluster's stable name. */
    clusters: z.record(clusterName, clusterSchema),
    matrixServerNames: matrixServerNamesSchema,
    /** Refused changes made on purpose (model/declared-changes.ts). @default none */
    declaredChanges: declaredChangesSchema,
  })
  .superRefine((fleet, ctx) => {
    // Outside an example fleet, a documentation range would lock every gardener out of SSH and the
    // API. (With a malformed base domain, that mistake is the one to report.)
    if (isHostname(fleet.baseDomain) && !isExampleDomain(fleet.baseDomain)) {
      fleet.adminCidrs.forEach((cidr, i) => {
        const rfc = documentationRange(cidr);
        if (rfc === undefined) return;
        ctx.addIssue({
          code: "custom",
          path: ["adminCidrs", i],
          message: `${JSON.stringify(cidr)} is a documentation range (${rfc}) that no packet comes from: nobody could reach SSH or the Kubernetes API; write the gardeners' own networks`,
        });
      });
    }
    // The example's placeholder checksum (model/example-fleet.ts) matches no installer. (With a
    // malformed base domain, that mistake is the one to report.)
    if (isHostname(fleet.baseDomain) && !isExampleDomain(fleet.baseDomain)) {
      for (const [name, cluster] of Object.entries(fleet.clusters)) {
        if (cluster.origin.kind !== "created" || cluster.origin.k3sInstallerSha256 !== PLACEHOLDER_SHA256) continue;
        ctx.addIssue({
          code: "custom",
          path: ["clusters", name, "origin", "k3sInstallerSha256"],
          message: `is the example's placeholder, which no installer matches: every new server would refuse to install k3s; write the SHA-256 of ${cluster.origin.k3sVersion}'s install.sh`,
        });
      }
    }
    if (Object.keys(fleet.clusters).length === 0) {
      ctx.addIssue({ code: "custom", path: ["clusters"], message: "declares no cluster; declare at least one" });
    }
    if (Object.keys(fleet.sshKeys).length === 0) {
      ctx.addIssue({ code: "custom", path: ["sshKeys"], message: "lists no SSH key; add at least one gardener's public key, or nobody can reach a broken machine" });
    }
    const ssoCluster = fleet.clusters[fleet.sso.cluster];
    if (ssoCluster === undefined && Object.keys(fleet.clusters).length > 0) {
      ctx.addIssue({
        code: "custom",
        path: ["sso", "cluster"],
        message: `"${fleet.sso.cluster}" is not a cluster of this fleet; use one of ${Object.keys(fleet.clusters).join(", ")}`,
      });
    } else if (ssoCluster?.status === "retiring") {
      ctx.addIssue({
        code: "custom",
        path: ["sso", "cluster"],
        message: `"${fleet.sso.cluster}" is retiring, and every tenant's login depends on single sign-on; put it on an active cluster`,
      });
    } else if (ssoCluster?.origin.kind === "adopted") {
      // Keycloak's admin console is fenced to adminCidrs with a Traefik middleware
      // (components/platform/keycloak-ingress.ts): only a cluster jardin creates runs that Traefik.
      ctx.addIssue({
        code: "custom",
        path: ["sso", "cluster"],
        message: `"${fleet.sso.cluster}" is adopted, and Keycloak's admin console is kept to adminCidrs by the Traefik jardin installs on the clusters it creates; put single sign-on on a created cluster`,
      });
    }
    for (const [name, cluster] of Object.entries(fleet.clusters)) {
      if (cluster.status === "retiring" && cluster.admitted === undefined) {
        ctx.addIssue({
          code: "custom",
          path: ["clusters", name, "admitted"],
          message: `is missing: a retiring cluster lists the tenants it still hosts (admitted: ["<tenant id>", ...]), so that no new one lands there`,
        });
      } else if (cluster.status !== "retiring" && cluster.admitted !== undefined) {
        ctx.addIssue({
          code: "custom",
          path: ["clusters", name, "admitted"],
          message: `only a retiring cluster lists its admitted tenants; "${name}" is active and takes any tenant: remove admitted`,
        });
      }
      for (const [poolKey, pool] of Object.entries(cluster.pools)) {
        if (pool.location !== undefined && !cluster.locations.includes(pool.location)) {
          ctx.addIssue({
            code: "custom",
            path: ["clusters", name, "pools", poolKey, "location"],
            message: `"${pool.location}" is not one of the cluster's locations (${cluster.locations.join(", ")}); add it to clusters.${name}.locations or pick one of them`,
          });
        }
      }
      if (cluster.origin.kind === "created") {
        const servers = Object.values(cluster.pools)
          .filter((p) => p.role === "control-plane")
          .reduce((sum, p) => sum + p.count, 0);
        // etcd keeps quorum with a majority: 3 servers survive the loss of one, 5 of two.
        if (servers < 3 || servers % 2 === 0) {
          ctx.addIssue({
            code: "custom",
            path: ["clusters", name, "pools"],
            message: `a created cluster needs an odd number of control-plane servers, at least 3, for etcd to survive a lost machine (has ${servers}); set the control-plane counts to add up to 3 or 5`,
          });
        }
      }
    }
  });

export type FleetInput = z.input<typeof fleetSchema>;
export type Fleet = z.output<typeof fleetSchema>;
export type ClusterSpec = Fleet["clusters"][string];
export type PoolSpec = ClusterSpec["pools"][string];
export type { DeclaredChanges } from "./declared-changes";

/** Typed helper for `stacks/<stack>.ts`; validation happens where the program loads the file. */
export function defineFleet(fleet: FleetInput): FleetInput {
  return fleet;
}

/** The secret config key holding the kubeconfig jardin uses to reach a cluster. */
export function kubeconfigConfigKey(cluster: string): string {
  return `kubeconfig-${cluster}`;
}

/**
 * The secret config key of the Hetzner API token a created cluster's cloud controller and CSI
 * driver use: one per cluster, and never the gardeners' own (`hcloudToken`), so the token a node
 * or a kube-system pod could leak is revoked without touching the others.
 */
export function clusterHcloudTokenKey(cluster: string): string {
  return `hcloudToken-${cluster}`;
}
