import { KUBERNETES_API_PORT } from "../../hetzner/load-balancers";
import { AUDIT_API_SERVER_ARGS } from "./admin-access";

/**
 * /etc/rancher/k3s/config.yaml of each node: the same keys as the command-line flags, checked
 * against https://docs.k3s.io/cli/server and https://docs.k3s.io/cli/agent.
 */
export type K3sConfig = Readonly<Record<string, string | number | boolean | readonly string[]>>;

/** Where a node's k3s finds the rest of the cluster. */
export type K3sJoin =
  /** The first server: it creates the embedded etcd cluster. */
  | { readonly kind: "bootstrap" }
  /**
   * Every other node joins through the API load balancer's private address: one fixed
   * registration address that outlives any single server (https://docs.k3s.io/datastore/cluster-loadbalancer).
   */
  | { readonly kind: "join"; readonly address: string };

export interface EtcdSnapshots {
  /** Object storage host, without scheme, e.g. `hel1.your-objectstorage.com`. */
  readonly endpoint: string;
  readonly region: string;
  readonly bucket: string;
  readonly folder: string;
  readonly accessKey: string;
  readonly secretKey: string;
  readonly schedule: string;
  readonly retain: number;
}

export interface ServerConfigArgs {
  readonly join: K3sJoin;
  /** The server token: servers join with it, and it decrypts the cluster's CA keys in the datastore. */
  readonly token: string;
  /** What workers join with: it lets a node register, never fetch the servers' bootstrap data. */
  readonly agentToken: string;
  /**
   * Names and addresses the API server's certificate must carry besides its own: k3s's `tls-san`
   * ("Add additional hostnames or IPv4/IPv6 addresses as Subject Alternative Names on the server
   * TLS cert", https://docs.k3s.io/cli/server#listeners).
   */
  readonly apiAddresses: readonly string[];
  readonly etcdSnapshots: EtcdSnapshots;
  readonly labels: Readonly<Record<string, string>>;
}

export interface AgentConfigArgs {
  /** The API load balancer's private address. */
  readonly joinAddress: string;
  /** The cluster's agent token (never the server token: see serverConfig). */
  readonly agentToken: string;
  readonly labels: Readonly<Record<string, string>>;
  /** `key=value:Effect` */
  readonly taints: readonly string[];
}

/** What every node's kubelet needs: the hcloud cloud controller initialises the nodes. */
const COMMON = {
  // The platform's hcloud-cloud-controller-manager initialises nodes (https://docs.k3s.io/cli/agent).
  "kubelet-arg": ["cloud-provider=external"],
} as const;

/** A control-plane server: embedded etcd, no bundled add-on the platform replaces. */
export function serverConfig(args: ServerConfigArgs): K3sConfig {
  const s3 = args.etcdSnapshots;
  return {
    ...(args.join.kind === "bootstrap"
      ? { "cluster-init": true }
      : { server: apiUrl(args.join.address) }),
    token: args.token,
    // Workers join with a token of their own: one that can read a worker's user data (through an
    // exploit reaching the metadata service) cannot take the server token's power to fetch every
    // CA key from the supervisor. https://docs.k3s.io/cli/token#agent
    "agent-token": args.agentToken,
    "tls-san": [...args.apiAddresses],
    // The platform brings Traefik behind a Hetzner load balancer and the hcloud CSI driver.
    disable: ["traefik", "servicelb", "local-storage"],
    "disable-cloud-controller": true,
    "secrets-encryption": true,
    "write-kubeconfig-mode": "0600",
    // Every API request is logged on each server (components/cluster/k3s/admin-access.ts).
    "kube-apiserver-arg": [...AUDIT_API_SERVER_ARGS],
    // Control-plane servers run etcd and the API only; platform charts that must run there
    // (system-upgrade-controller's server plan) tolerate it (https://docs.k3s.io/datastore/ha).
    "node-taint": ["CriticalAddonsOnly=true:NoExecute"],
    "node-label": nodeLabels(args.labels),
    // https://docs.k3s.io/cli/etcd-snapshot#s3-compatible-object-store-support
    "etcd-snapshot-schedule-cron": s3.schedule,
    "etcd-snapshot-retention": s3.retain,
    "etcd-s3": true,
    "etcd-s3-endpoint": s3.endpoint,
    "etcd-s3-region": s3.region,
    "etcd-s3-bucket": s3.bucket,
    "etcd-s3-folder": s3.folder,
    "etcd-s3-access-key": s3.accessKey,
    "etcd-s3-secret-key": s3.secretKey,
    ...COMMON,
  };
}

/** A worker (k3s agent). */
export function agentConfig(args: AgentConfigArgs): K3sConfig {
  return {
    server: apiUrl(args.joinAddress),
    // https://docs.k3s.io/cli/agent: an agent's `token` is the server's agent-token when one is set.
    token: args.agentToken,
    "node-label": nodeLabels(args.labels),
    ...(args.taints.length === 0 ? {} : { "node-taint": [...args.taints] }),
    ...COMMON,
  };
}

/** The Kubernetes API of a server at this address. */
export function apiUrl(address: string): string {
  return `https://${address}:${KUBERNETES_API_PORT}`;
}

function nodeLabels(labels: Readonly<Record<string, string>>): string[] {
  return Object.entries(labels).map(([key, value]) => `${key}=${value}`);
}
