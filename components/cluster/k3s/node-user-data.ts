import { objectStorageEndpoint, type EuLocation } from "../../../model/hetzner";
import type { NodePoolPlan } from "../../../model/node-pools";
import { PRIVATE_NETWORK } from "../../../model/contract/network";
import { TENANT_NODE_KEY } from "../../../model/contract/nodes";
import { adminAccessFiles } from "./admin-access";
import { agentConfig, serverConfig, type K3sConfig } from "./k3s-config";
import { renderUserData } from "./user-data";

/** What every node of one cluster boots with, once the resources it names exist. */
export interface ClusterBoot {
  readonly cluster: string;
  readonly k3sVersion: string;
  /** The SHA-256 of that release's install.sh (the fleet file's). */
  readonly k3sInstallerSha256: string;
  /** The node that creates etcd (`bootstrapNodeName`). */
  readonly bootstrapNode: string;
  /** Servers' token. */
  readonly token: string;
  /** Workers' token. */
  readonly agentToken: string;
  /**
   * The API load balancer's private address (nodes join through it) and the API's public name
   * (clients reach every control-plane server through it): the servers' certificates name both.
   */
  readonly api: { readonly privateAddress: string; readonly hostname: string };
  readonly etcdSnapshots: {
    readonly location: EuLocation;
    readonly bucket: string;
    readonly accessKey: string;
    readonly secretKey: string;
    readonly schedule: string;
    readonly retain: number;
  };
  /** The CA files, for the bootstrap node only. */
  readonly tlsFiles: readonly { readonly path: string; readonly content: string }[];
}

/** The user data of one node of a pool: a server or an agent, bootstrapping or joining. */
export function nodeUserData(boot: ClusterBoot, pool: NodePoolPlan, nodeName: string): string {
  const bootstrap = nodeName === boot.bootstrapNode;
  const labels = { "jardin/pool": pool.key, ...(pool.tenant === undefined ? {} : { [TENANT_NODE_KEY]: pool.tenant }) };
  const s3 = boot.etcdSnapshots;
  const config: K3sConfig =
    pool.role === "control-plane"
      ? serverConfig({
          join: bootstrap ? { kind: "bootstrap" } : { kind: "join", address: boot.api.privateAddress },
          token: boot.token,
          agentToken: boot.agentToken,
          apiAddresses: [boot.api.privateAddress, boot.api.hostname],
          labels,
          etcdSnapshots: {
            endpoint: new URL(objectStorageEndpoint(s3.location)).host,
            region: s3.location,
            bucket: s3.bucket,
            folder: `etcd/${boot.cluster}`,
            accessKey: s3.accessKey,
            secretKey: s3.secretKey,
            schedule: s3.schedule,
            retain: s3.retain,
          },
        })
      : agentConfig({
          joinAddress: boot.api.privateAddress,
          agentToken: boot.agentToken,
          labels,
          // Only the tenant's workloads tolerate its machines.
          taints: pool.tenant === undefined ? [] : [`${TENANT_NODE_KEY}=${pool.tenant}:NoSchedule`],
        });
  return renderUserData({
    k3sVersion: boot.k3sVersion,
    installerSha256: boot.k3sInstallerSha256,
    mode: pool.role === "control-plane" ? "server" : "agent",
    config,
    nodesSubnet: PRIVATE_NETWORK.nodesSubnet,
    tlsFiles: bootstrap ? boot.tlsFiles : [],
    files: pool.role === "control-plane" ? adminAccessFiles() : [],
  });
}
